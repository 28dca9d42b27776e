import { appendFile } from "node:fs/promises";

/** Appends markdown to the job summary (GITHUB_STEP_SUMMARY); a no-op outside Actions. */
export async function appendStepSummary(path: string | undefined, markdown: string): Promise<void> {
  if (path) await appendFile(path, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
}

/** Sets step outputs (GITHUB_OUTPUT, `name=value` lines) for later steps and jobs. */
export async function setStepOutputs(
  path: string | undefined,
  outputs: Readonly<Record<string, string>>,
): Promise<void> {
  if (!path) return;
  const lines = Object.entries(outputs).map(([name, value]) => {
    // A newline would let a value forge further outputs.
    if (/[\r\n]/.test(value)) throw new Error(`step output ${name} must be one line`);
    return `${name}=${value}\n`;
  });
  await appendFile(path, lines.join(""));
}
