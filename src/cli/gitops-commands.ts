import { type Command, InvalidArgumentError, Option } from "commander";
import { RootwardError } from "../errors.js";
import {
  AccountKinds,
  DEFAULT_ENVIRONMENT,
  DEFAULT_OIDC_HOST,
  type RoleName,
  RoleNames,
} from "../gitops/iam-policy.js";
import type { IamPolicyOptions } from "./commands/iam-policy.js";
import type { PrCommentOptions } from "./commands/pr-comment.js";
import { DEFAULT_DESIRED_STATE_DIR } from "./desired-files.js";
import type { CliIo } from "./io.js";

// Command implementations are imported when their command runs: octokit and simple-git cost
// startup time that `rootward audit` or `plan` would otherwise pay on every run.

/** `pr-comment`, `drift` and `iam-policy`: the commands behind the GitHub Actions workflows. */
export function addGitOpsCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("pr-comment")
    .description("Ensure one rootward plan comment on the pull request, updated in place")
    .option("--plan <file>", "a plan file written by `rootward plan --out`")
    .option(
      "--plans <dir>",
      "one plan per organization, DIR/plan-NAME/plan.json (the plan artifacts of the workflow's matrix): one comment, a section each",
    )
    .option(
      "--organizations <json>",
      "with --plans: the workflow's organizations input (JSON list of {name}); an organization without a plan is shown as missing",
    )
    .addOption(
      new Option("--pr <number>", "the pull request (default: the one of the pull_request event)").argParser(
        pullNumber,
      ),
    )
    .option(
      "--apply-report <file>",
      "post this apply result (`rootward apply --format markdown`) instead of the plan",
    )
    .addOption(commentAuthorOption())
    .addHelpText(
      "after",
      `
GitHub settings come from the Actions environment: GITHUB_TOKEN, GITHUB_REPOSITORY,
GITHUB_API_URL (GitHub Enterprise Server), GITHUB_EVENT_PATH (the pull request number) and, on
a push to main, GITHUB_SHA (the merged pull request). The comment carries a hidden marker with
the plan fingerprint; a re-run with the same plan changes nothing. Only comments written by the
token's own login (github-actions[bot] for GITHUB_TOKEN) count as rootward's: another user's
comment is never edited or deleted, even if it carries the marker.

Examples:
  rootward pr-comment --plan plan.json
  rootward pr-comment --plan plan.json --pr 42
  rootward pr-comment --plan plan.json --apply-report apply.md
  rootward pr-comment --plans "$RUNNER_TEMP/plans" --organizations "$ORGANIZATIONS"`,
    )
    .action(async (options: PrCommentOptions) =>
      setExit(await (await import("./commands/pr-comment.js")).prCommentCommand(options, io)),
    );

  program
    .command("drift")
    .description(
      "Ensure one drift pull request (branch rootward/drift, or rootward/drift-NAME per organization) for a scheduled plan, or for one account an AWS event names",
    )
    .option("--plan <file>", "a plan file written by `rootward plan --out` in this checkout")
    .addOption(
      new Option(
        "--event <file>",
        "a repository_dispatch payload (rootward-account-event, $GITHUB_EVENT_PATH): audit only the account it names and merge it into the drift pull request",
      ).conflicts("plan"),
    )
    .option("--out <file>", "with --event: write the plan the drift pull request now carries")
    .addOption(
      new Option("--desired-state <dir>", "directory holding the desired-state YAML files").default(
        DEFAULT_DESIRED_STATE_DIR,
      ),
    )
    .option("--base <branch>", "the branch drift pull requests target (default: the repository's default)")
    .option("--remote <name>", "the git remote to push the drift branch to", "origin")
    .option(
      "--organization-name <name>",
      "the organization's name in the workflows' organizations input: its own branch rootward/drift-NAME and files drift/NAME/ (repositories with several organizations)",
    )
    .addOption(commentAuthorOption())
    .addHelpText(
      "after",
      `
With remediation mode pull-request (the default) it commits drift/REPORT.md and drift/plan.json
to the branch rootward/drift and opens, updates or closes the one drift pull request. Merging it
applies a fresh plan bounded by drift/plan.json (rootward plan --bounded-by). A pull request a
person closed is not reopened until the drift changes. The branch is rootward's alone: when it
holds anything but rootward's own commit, it is rewritten and the pull request says what was
found. With remediation mode auto it only sets the step outputs changes and remediation.

With --organization-name NAME (a repository with one desired-state directory per organization)
the organization has a drift pull request of its own: branch rootward/drift-NAME, files
drift/NAME/REPORT.md and drift/NAME/plan.json; the apply workflow bounds that organization's plan
by drift/NAME/plan.json.

With --event (drift.yml on repository_dispatch, see rootward events) it validates the payload
strictly (anything else is refused before AWS is called), audits only the account it names
(plus the organization reads governance needs; no root session in any other account), replaces
that account in the drift pull request's plan and updates the pull request: the account is
added, or removed once it converged. A root sign-in or a root credential created outside an
approved exception is a high finding naming the CloudTrail event id and time.

Examples:
  rootward plan --out plan.json && rootward drift --plan plan.json
  rootward drift --event "$GITHUB_EVENT_PATH" --out "$RUNNER_TEMP/plan.json"
  rootward drift --desired-state desired-state/prod --organization-name prod --plan plan.json`,
    )
    .action(
      async (options: {
        plan?: string;
        event?: string;
        out?: string;
        desiredState: string;
        base?: string;
        remote: string;
        commentAuthor?: string;
        organizationName?: string;
      }) => {
        const { plan, event, ...rest } = options;
        if (event !== undefined)
          return setExit(
            await (await import("./commands/drift-event.js")).driftEventCommand({ ...rest, event }, io),
          );
        if (plan === undefined) {
          throw new RootwardError("drift-needs-input", "rootward drift needs --plan FILE or --event FILE", {
            hint: 'scheduled runs: rootward plan --out plan.json && rootward drift --plan plan.json; repository_dispatch runs: rootward drift --event "$GITHUB_EVENT_PATH"',
          });
        }
        return setExit(await (await import("./commands/drift.js")).driftCommand({ ...rest, plan }, io));
      },
    );

  program
    .command("iam-policy")
    .description("Print the IAM permissions and OIDC trust policy of the plan or apply role")
    .addArgument(
      program
        .createArgument("<role>", "plan (read-only audit) or apply (deletes and creates)")
        .choices(RoleNames),
    )
    .option(
      "--repository <owner/repo>",
      "the repository whose workflows assume the role (default: GITHUB_REPOSITORY)",
    )
    .option("--account-id <id>", "the account holding the role and the GitHub OIDC provider")
    .addOption(
      new Option(
        "--account-kind <kind>",
        "what that account is: delegated-admin leaves out the calls only the management account may make",
      )
        .choices(AccountKinds)
        .default("management"),
    )
    .option("--branch <name>", "the branch scheduled drift runs and pushes use", "main")
    .option("--environment <name>", "the protected environment of apply jobs", DEFAULT_ENVIRONMENT)
    .option(
      "--oidc-host <host>",
      "the OIDC provider host (GitHub Enterprise Server: HOST/_services/token)",
      DEFAULT_OIDC_HOST,
    )
    .addOption(
      new Option(
        "--document <which>",
        "print both documents, or only one (for aws iam create-role / put-role-policy)",
      )
        .choices(["all", "trust", "permissions"])
        .default("all"),
    )
    .addHelpText(
      "after",
      `
The plan role may start root sessions only with the IAMAuditRootUserCredentials task policy and
read the organization; its trust policy admits pull requests and the branch. The apply role may
start sessions only with IAMDeleteRootUserCredentials / IAMCreateRootUserPassword and the two
unlock tasks, and switch the root-access features; only jobs in the protected environment can
assume it. No role may disable IAM trusted access: that is left to a person.

Put both roles in one account. In the IAM delegated administrator (recommended: no CI
credentials in the management account) they audit, delete, create, unlock and switch the
features off, but switching them on and enabling trusted access are the management account's
alone (CallerIsNotManagementAccountException; Organizations: "can be called only from the
organization's management account"). With --account-kind delegated-admin the apply role leaves
those calls out, and plan reports each switch the desired state needs as a finding with the
command an administrator of the management account runs once, e.g.
  aws iam enable-organizations-root-sessions
With --account-kind management (the default) the apply role makes them itself.

Examples:
  rootward iam-policy plan --account-id 111122223333 --document trust > plan-trust.json
  rootward iam-policy apply --repository acme/root-access --account-id 111122223333 --account-kind delegated-admin`,
    )
    .action(async (role: RoleName, options: IamPolicyOptions) =>
      setExit((await import("./commands/iam-policy.js")).iamPolicyCommand(role, options, io)),
    );
}

function commentAuthorOption(): Option {
  return new Option(
    "--comment-author <login>",
    "the login rootward's token writes as; only its comments and pull requests are rootward's (default: ROOTWARD_COMMENT_AUTHOR, else the token's own login, github-actions[bot] for GITHUB_TOKEN; GitHub App tokens: APP[bot])",
  );
}

function pullNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError("--pr must be a pull request number");
  return parsed;
}
