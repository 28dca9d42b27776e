import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { readPlanFile } from "../plan-file.js";
import { type PlanFormat, renderPlan } from "./plan.js";

/**
 * Renders a saved plan (Terraform's `show`): what a job summary or a reviewer sees comes from the
 * plan file itself, the artifact that apply runs, never from a report written beside it.
 */
export async function showCommand(file: string, options: { format: PlanFormat }, io: CliIo): Promise<number> {
  const plan = await readPlanFile(resolve(io.cwd, file));
  io.stdout(renderPlan(plan, options.format, io));
  return ExitCode.ok;
}

export function addShowCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("show")
    .description("Render a saved plan file (written by `rootward plan --out`)")
    .argument("<plan>", "the plan file")
    .addOption(
      new Option("--format <format>", "output on stdout")
        .choices(["text", "markdown", "json", "sarif"])
        .default("text"),
    )
    .addHelpText(
      "after",
      `
Shows exactly the plan in the file, for job summaries and reviews of an artifact.

Examples:
  rootward show plan.json
  rootward show plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(async (file: string, options: { format: PlanFormat }) =>
      setExit(await showCommand(file, options, io)),
    );
}
