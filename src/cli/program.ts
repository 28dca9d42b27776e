import { createRequire } from "node:module";
import { Command, Option } from "commander";
import { demoCommand } from "./commands/demo.js";
import { schemaCommand } from "./commands/schema.js";
import { validateCommand } from "./commands/validate.js";
import { DEFAULT_DESIRED_STATE_DIR } from "./desired-files.js";
import { describeError, ExitCode, isCommanderExit } from "./errors.js";
import type { CliIo } from "./io.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Runs rootward with `argv` (without node and script) and returns the exit code; never exits. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (isCommanderExit(error)) return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    const verbose = argv.includes("--verbose") || io.env.ROOTWARD_DEBUG === "1";
    io.stderr(`${describeError(error, verbose)}\n`);
    return ExitCode.error;
  }
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("rootward")
    .description(
      "Policy-as-code and GitOps for AWS Organizations centralized root access management. " +
        "Declare in Git which member accounts may hold root credentials; rootward audits every " +
        "account through task-scoped sts:AssumeRoot sessions, plans the difference and applies it.",
    )
    .version(version, "-V, --version")
    .option("--verbose", "show internal details (stack traces) when something fails")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

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

  program
    .command("schema")
    .description(
      "Print the JSON Schema of the desired-state format (committed as desired-state/rootward.schema.json)",
    )
    .action(() => setExit(schemaCommand(io)));

  program
    .command("demo")
    .description("Run the guided demo on the example organization (no AWS account needed)")
    .action(async () => setExit(await demoCommand(io)));

  return program;
}

export function desiredStateOption(): Option {
  return new Option("--desired-state <dir>", "directory holding the desired-state YAML files").default(
    DEFAULT_DESIRED_STATE_DIR,
  );
}
