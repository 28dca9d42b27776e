import type { Command } from "commander";
import { eventsTemplate, type TemplateName, TemplateNames } from "../../events/templates.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";

/** `rootward events member|receiver`: prints a CloudFormation template of near-real-time drift. */
export function addEventsCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("events")
    .description("Print the CloudFormation template (JSON) of near-real-time drift: member or receiver")
    .addArgument(
      program
        .createArgument("<template>", "member (StackSet for every account) or receiver (the central bus)")
        .choices(TemplateNames),
    )
    .addHelpText(
      "after",
      `
Deploy both in us-east-1: IAM, sign-in and Organizations events reach EventBridge only there.
The receiver template holds the central event bus (only principals of your organization may put
events on it), one rule per event family, and an API destination that sends a repository_dispatch
(rootward-account-event) to GitHub; drift.yml then re-audits only the account the event names.
The member template forwards the matching events of an account to that bus: deploy it as a
service-managed StackSet with auto-deployment, plus one stack in the management account.

Examples:
  rootward events receiver > rootward-receiver.json
  aws cloudformation deploy --region us-east-1 --template-file rootward-receiver.json \\
    --stack-name rootward-events --capabilities CAPABILITY_IAM \\
    --parameter-overrides OrganizationId=o-abc123def4 GitHubRepository=acme/root-access GitHubToken=...
  rootward events member > rootward-member.json`,
    )
    .action((template: TemplateName) => setExit(eventsCommand(template, io)));
}

export function eventsCommand(template: TemplateName, io: CliIo): number {
  io.stdout(`${JSON.stringify(eventsTemplate(template), null, 2)}\n`);
  return ExitCode.ok;
}
