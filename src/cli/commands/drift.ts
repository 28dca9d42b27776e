import { resolve } from "node:path";
import { RootwardError } from "../../errors.js";
import { appendStepSummary, setStepOutputs } from "../../gitops/actions-output.js";
import type { ConnectGitHub } from "../../gitops/connect.js";
import { problemText } from "../../gitops/drift-branch-verdict.js";
import { driftPaths } from "../../gitops/drift-paths.js";
import { ensureDriftPullRequest } from "../../gitops/ensure-drift-pr.js";
import { actionsFiles } from "../../gitops/github-settings.js";
import { resolveIdentity } from "../../gitops/identity.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { readPlanFile } from "../plan-file.js";
import { connectFromActions } from "./pr-comment.js";
import { loadValidDesiredState } from "./validate.js";

export type DriftCommandOptions = {
  plan: string;
  desiredState: string;
  base?: string;
  remote: string;
  commentAuthor?: string;
  /** The organization's name in the workflows' organizations input (its own drift branch and files). */
  organizationName?: string;
};

/**
 * Scheduled drift handling. With `remediation: pull-request` (the default) it ensures the one
 * drift pull request; with `auto` it only reports, and the workflow applies the plan. Either way
 * it sets the step outputs `changes` and `remediation` for the workflow's next job.
 */
export async function driftCommand(
  options: DriftCommandOptions,
  io: CliIo,
  connect: ConnectGitHub = connectFromActions,
): Promise<number> {
  const drift = driftPaths(options.organizationName);
  const plan = await readPlanFile(resolve(io.cwd, options.plan));
  const desired = await loadValidDesiredState(options.desiredState, io);
  if (!desired) return ExitCode.error;
  if (plan.organizationId !== desired.organization.id || plan.desiredStateDigest !== desired.digest) {
    // A drift pull request must carry a plan that apply will accept once merged.
    throw new RootwardError(
      "plan-not-current",
      `${options.plan} was not made from the desired-state files in ${options.desiredState}`,
      {
        hint: "run `rootward plan --out plan.json` in this checkout, then `rootward drift --plan plan.json`",
      },
    );
  }
  const mode = desired.remediation.mode;
  const changes = plan.actions.length > 0;
  const paths = actionsFiles(io.env);
  await setStepOutputs(paths.outputPath, { changes: String(changes), remediation: mode });
  if (mode === "auto") {
    io.stdout(
      `rootward: remediation mode is auto, so no drift pull request; ${changes ? "the workflow applies the plan within the apply guardrails" : "nothing to apply"}.\n`,
    );
    return ExitCode.ok;
  }
  const { settings, github } = await connect(io.env, (message) => io.stderr(`${message}\n`));
  const identity = await resolveIdentity(github, options.commentAuthor ?? io.env.ROOTWARD_COMMENT_AUTHOR);
  const result = await ensureDriftPullRequest(github, plan, {
    git: { repoDir: io.cwd, remote: options.remote, env: io.env },
    paths: drift,
    base: options.base,
    runUrl: settings.runUrl,
    identity,
  });
  const where = result.pull ? ` #${result.pull.number} (${result.pull.url})` : "";
  const line = `rootward: drift pull request${where} ${result.action}${result.reason ? `: ${result.reason}` : ""}.`;
  io.stdout(`${line}\n`);
  for (const problem of result.rewritten ?? []) io.stdout(`  found: ${problemText(problem)}\n`);
  await appendStepSummary(settings.stepSummaryPath, `\n${line}\n`);
  if (result.pull) await setStepOutputs(settings.outputPath, { "pull-request": String(result.pull.number) });
  return ExitCode.ok;
}
