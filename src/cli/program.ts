import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_MAX_ACTIONS } from "../apply/guards.js";
import { Severities } from "../plan/model.js";
import { checkArgv } from "./argv-check.js";
import { auditCommand } from "./commands/audit.js";
import { doctorCommand } from "./commands/doctor.js";
import { addEventsCommand } from "./commands/events.js";
import { explainCommand } from "./commands/explain.js";
import { addInitCommand } from "./commands/init.js";
import { type PlanFormat, planCommand } from "./commands/plan.js";
import { addReportCommand } from "./commands/report.js";
import { addSandboxCommand } from "./commands/sandbox.js";
import { schemaCommand } from "./commands/schema.js";
import { addShowCommand } from "./commands/show.js";
import { validateCommand } from "./commands/validate.js";
import { DEFAULT_DESIRED_STATE_DIR } from "./desired-files.js";
import { describeError, ExitCode, isCommanderExit, RootwardError } from "./errors.js";
import { addGitOpsCommands } from "./gitops-commands.js";
import { addEnvironmentOptions } from "./global-options.js";
import type { CliIo } from "./io.js";
import { versionText } from "./version.js";

/** Runs rootward with `argv` (without node and script) and returns the exit code; never exits. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  // A copy: global options such as --timeout set variables for this run only.
  const env: Record<string, string | undefined> = { ...io.env };
  const program = buildProgram({ ...io, env }, env, (code) => {
    exitCode = code;
  });
  try {
    checkArgv(program, argv);
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (isCommanderExit(error)) return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    const verbose = argv.includes("--verbose") || io.env.ROOTWARD_DEBUG === "1";
    io.stderr(`${describeError(error, verbose)}\n`);
    return error instanceof RootwardError && error.code === "interrupted"
      ? ExitCode.interrupted
      : ExitCode.error;
  }
}

function buildProgram(
  io: CliIo,
  env: Record<string, string | undefined>,
  setExit: (code: number) => void,
): Command {
  const program = new Command("rootward")
    .description(
      "Policy-as-code and GitOps for AWS Organizations centralized root access management. " +
        "Declare in Git which member accounts may hold root credentials; rootward audits every " +
        "account through task-scoped sts:AssumeRoot sessions, plans the difference and applies it.",
    )
    .version(versionText(), "-V, --version", "print the version and the commit it was built from")
    .option("--verbose", "show internal details (stack traces) when something fails")
    .showHelpAfterError("(run with --help for usage)")
    // `rootward audit --help` then lists --timeout and --verbose too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  addEnvironmentOptions(program, env);

  program
    .command("validate")
    .description("Check the desired state and report every problem at once (exit 0 valid, 1 invalid)")
    .addOption(desiredStateOption())
    .addOption(
      new Option("--format <format>", "text, json, or github (workflow annotations shown inline on PRs)")
        .choices(["text", "json", "github"])
        .default("text"),
    )
    .addHelpText(
      "after",
      `
Reads every *.yaml / *.yml under the directory: exactly one RootAccessPolicy and any number of
RootAccessExceptions files. Problems print as  file:line:col  path  message  with a hint.
Expired exceptions and exceptions expiring within 14 days are warnings (exit 0).

Examples:
  rootward validate
  rootward validate --desired-state policies/ --format github`,
    )
    .action(async (options: { desiredState: string; format: "text" | "json" | "github" }) => {
      setExit(await validateCommand(options, io));
    });

  withAuditOptions(
    program
      .command("audit")
      .description("Audit every member account's root credentials through AssumeRoot audit sessions")
      .addOption(desiredStateOption())
      .option("--out <file>", "write the audit snapshot (JSON) to this file")
      .addOption(
        new Option("--format <format>", "output on stdout").choices(["text", "json"]).default("text"),
      ),
  )
    .addHelpText(
      "after",
      `
Runs as the management account or the IAM delegated administrator, with credentials from the
AWS SDK's standard chain (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, web identity). A clean
account costs two API calls: AssumeRoot and GetAccountSummary. Exit 1 if any account failed
(the snapshot is still written). With --desired-state DIR it stops right after
DescribeOrganization when the credentials reach another organization than DIR's.

Examples:
  rootward audit --out audit.json
  AWS_PROFILE=org-management rootward audit --format json > audit.json`,
    )
    .action(async (options, command: Command) =>
      setExit(
        await auditCommand(
          { ...options, desiredStateGiven: command.getOptionValueSource("desiredState") === "cli" },
          io,
        ),
      ),
    );

  withAuditOptions(
    program
      .command("plan")
      .description("Show what it takes to make the organization match the desired state")
      .addOption(desiredStateOption())
      .option("--audit <file>", "plan against a saved audit snapshot instead of auditing live")
      .option(
        "--bounded-by <file>",
        "keep only the actions that this reviewed plan also lists (apply after a merged drift pull request)",
      )
      .addOption(
        accountOption("plan only this account (12-digit id or name; repeat for more): a partial plan"),
      )
      .option("--out <file>", "write the plan document (JSON) to this file, for `rootward apply`")
      .addOption(
        new Option("--format <format>", "output on stdout")
          .choices(["text", "markdown", "json", "sarif"])
          .default("text"),
      )
      .option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are, 1 on error", false)
      .addOption(
        new Option(
          "--fail-on <severity>",
          "exit 2 on findings at or above this severity too (implies --detailed-exitcode)",
        ).choices([...Severities]),
      ),
  )
    .addHelpText(
      "after",
      `
Without --audit it audits live first (same flags and progress as \`rootward audit\`), and stops
right after DescribeOrganization when the credentials reach another organization than
organization.id in the desired state (before any AssumeRoot).
With --bounded-by FILE the plan keeps only the actions FILE also lists (same operation, account,
credential id, service principal, unlock target); FILE's other actions are reported as not
justified now, and nothing outside FILE runs.
With --account ID|NAME (repeatable, like Terraform's -target) it audits and plans only those
accounts: a partial plan, marked as one in every format, without organization actions; apply
runs a saved partial plan only when given the same --account flags again.

Examples:
  rootward plan
  rootward plan --out plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  rootward plan --audit audit.json --fail-on high
  rootward plan --bounded-by drift/plan.json --out plan.json
  rootward plan --account payments-prod --out plan.json`,
    )
    .action(async (options: Parameters<typeof planCommand>[0] & { format: PlanFormat }) =>
      setExit(await planCommand(options, io)),
    );

  withAuditOptions(
    program
      .command("apply")
      .description("Apply a reviewed plan file (or plan, show and confirm) with task-scoped root sessions")
      .argument("[plan]", "a plan file written by `rootward plan --out`")
      .addOption(desiredStateOption())
      .option(
        "--auto-approve",
        "do not ask for confirmation (required without a terminal when no plan file is given)",
        false,
      )
      .addOption(
        accountOption(
          "without a plan file, plan and apply only this account (repeat for more); with a partial plan file, the accounts it covers, said again",
        ),
      )
      .addOption(
        new Option("--max-actions <n>", "refuse plans with more per-account actions than this")
          .default(DEFAULT_MAX_ACTIONS)
          .argParser((value) => positiveInteger(value, "--max-actions")),
      )
      .option(
        "--journal <file>",
        "where to write the JSON-lines journal (default: .rootward/journal-<time>.jsonl)",
      )
      .option(
        "--unlocks-only",
        "plan and apply only the desired state's unlock requests (reading a locked policy needs the unlock session)",
        false,
      )
      .addOption(
        new Option("--apply-concurrency <n>", "accounts changed at once")
          .default(8)
          .argParser((value) => positiveInteger(value, "--apply-concurrency")),
      )
      .addOption(
        new Option("--format <format>", "result report on stdout")
          .choices(["text", "markdown", "json"])
          .default("text"),
      ),
  )
    .addHelpText(
      "after",
      `
Before anything changes it refuses a plan for another organization, a plan whose desired-state
digest no longer matches the files, and a plan with more than --max-actions per-account actions.
Feature enables run first, then each account (one session per task; the live state is re-read
and an account whose credentials changed since the plan is skipped as stale), disables last.
Ctrl-C stops starting new accounts and lets calls in flight finish. Exit 0 when everything
planned is done, 130 when interrupted, 1 otherwise.
A partial plan (plan --account) is applied only with the same --account flags; --account with a
full plan file is refused; without a plan file, --account plans and applies only those accounts.

Examples:
  rootward plan --out plan.json && rootward apply plan.json
  rootward apply --auto-approve
  rootward apply plan.json --account 555555555501   (a plan made with --account 555555555501)`,
    )
    .action(async (planFile: string | undefined, options) =>
      // Imported when it runs: apply brings in the S3 and SQS clients that other commands never use.
      setExit(await (await import("./commands/apply.js")).applyCommand(planFile, options, io)),
    );

  program
    .command("doctor")
    .description("Check everything root-access work depends on, each with its fix (exit 1 on any failure)")
    .addOption(desiredStateOption())
    .addOption(
      new Option("--format <format>", "output").choices(["text", "json", "markdown"]).default("text"),
    )
    .addHelpText(
      "after",
      `
Checks, in order: STS calls go to a regional endpoint (as the SDK resolves it); the credentials
identify the management account or the IAM delegated administrator; all-features mode; trusted
access for iam.amazonaws.com; the two root-access features against the desired state; one
AssumeRoot audit session on a
sample account; and every SCP statement that would deny the audit, delete or create-password
tasks inside root sessions (with the OUs it affects).`,
    )
    .action(async (options) => setExit(await doctorCommand(options, io)));

  withAuditOptions(
    program
      .command("explain")
      .description(
        "Explain one account: governing entry, audit, plan, and why root sign-in does or does not work",
      )
      .argument("<account>", "a 12-digit account id or the account's name")
      .addOption(desiredStateOption())
      .option("--audit <file>", "use a saved audit snapshot instead of auditing the account live")
      .addOption(new Option("--format <format>", "output").choices(["text", "json"]).default("text"))
      .option("--snippet", "print only the suggested exception, as YAML to paste under exceptions:", false),
  )
    .addHelpText(
      "after",
      `
Without --audit it discovers the organization and audits only this account.

Examples:
  rootward explain 111111111111
  rootward explain payments-prod --format json
  rootward explain orders-prod --snippet`,
    )
    .action(async (account: string, options) => setExit(await explainCommand(account, options, io)));

  program
    .command("schema")
    .description(
      "Print the JSON Schema of the desired-state format (committed as desired-state/rootward.schema.json)",
    )
    .action(() => setExit(schemaCommand(io)));

  program
    .command("demo")
    .description("Run the guided demo on the example organization (no AWS account needed)")
    // Imported when it runs: the demo loads the whole sandbox.
    .action(async () => setExit(await (await import("./commands/demo.js")).demoCommand(io)));

  addShowCommand(program, io, setExit);
  addReportCommand(program, io, setExit, withAuditOptions);
  addGitOpsCommands(program, io, setExit);
  addEventsCommand(program, io, setExit);
  addSandboxCommand(program, io, setExit);
  addInitCommand(program, io, setExit, withAuditOptions);

  return program;
}

function withAuditOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--concurrency <n>", "accounts audited at once")
        .default(16)
        .argParser((value) => positiveInteger(value, "--concurrency")),
    )
    .option("--thorough", "list every credential kind instead of trusting GetAccountSummary", false)
    .option("--with-tags", "read account tags even when no selector uses them", false)
    .option(
      "--no-unlock-reads",
      "do not open unlock sessions to read the policies unlock requests name (a read-only role cannot; they are reported not verified)",
    )
    .option("--quiet", "no progress on stderr", false);
}

/** --account ID|NAME, repeatable (Terraform's -target); see plan/target-plan.ts. */
function accountOption(description: string): Option {
  return new Option("--account <id|name>", description).argParser((value, previous: string[] | undefined) => [
    ...(previous ?? []),
    value,
  ]);
}

function positiveInteger(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError(`${flag} must be a whole number of at least 1`);
  return parsed;
}

export function desiredStateOption(): Option {
  return new Option("--desired-state <dir>", "directory holding the desired-state YAML files").default(
    DEFAULT_DESIRED_STATE_DIR,
  );
}
