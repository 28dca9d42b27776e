import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { captureIo } from "./capture-io.js";
import { expand, type RootwardInvocation, type WorkflowJob } from "./workflow-commands.js";

export type JobRun = { invocation: RootwardInvocation; code: number; stdout: string; stderr: string };

/**
 * Runs one workflow job's rootward commands (those `pick` accepts) in the checkout `cwd`, in
 * order, as the runner would: the job's variables expanded, `>` and `>>` honoured. Every command
 * must succeed, except that `if ! rootward audit …; then` tolerates accounts that could not be
 * audited (exit 1), as the workflow does.
 */
export async function runWorkflowJob(
  job: WorkflowJob,
  cwd: string,
  env: Record<string, string>,
  now: Date,
  pick: (invocation: RootwardInvocation) => boolean = () => true,
): Promise<JobRun[]> {
  const runs: JobRun[] = [];
  for (const invocation of job.invocations.filter(pick)) {
    const captured = captureIo(cwd, now);
    const code = await runCli(
      invocation.words.map((word) => expand(word, env)),
      { ...captured.io, env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env } },
    );
    const run = { invocation, code, stdout: captured.stdout(), stderr: captured.stderr() };
    const allowed = invocation.line.startsWith("if ! ") ? [0, 1] : [0];
    expect(allowed, `${invocation.line}\n${run.stderr}`).toContain(run.code);
    if (invocation.redirect) {
      const target = expand(invocation.redirect.target, env);
      if (target !== "/dev/null")
        writeFileSync(resolve(cwd, target), run.stdout, { flag: invocation.redirect.append ? "a" : "w" });
    }
    runs.push(run);
  }
  return runs;
}
