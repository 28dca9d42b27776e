import { resolve } from "node:path";
import { type DesiredState, hasErrors, type LoadResult, loadDesiredState } from "../../desired/index.js";
import { type ProblemFormat, renderProblems } from "../../report/problems.js";
import { readDesiredStateFiles } from "../desired-files.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";

export type ValidateOptions = { desiredState: string; format: ProblemFormat };

/** Loads and checks the desired state; used by validate and by every command that reads it. */
export async function loadFromDirectory(directory: string, io: CliIo): Promise<LoadResult> {
  const { files, refused } = await readDesiredStateFiles(resolve(io.cwd, directory));
  const shown = <T extends { path: string }>(file: T): T => ({
    ...file,
    path: relativePath(io.cwd, file.path),
  });
  return loadDesiredState(directory, files.map(shown), io.now(), refused.map(shown));
}

/**
 * The desired state when it is valid; otherwise the problems go to stderr and the result is
 * undefined, so a command can stop with exit 1 before it touches AWS.
 */
export async function loadValidDesiredState(directory: string, io: CliIo): Promise<DesiredState | undefined> {
  const loaded = await loadFromDirectory(directory, io);
  if (hasErrors(loaded.problems) || !loaded.state) {
    io.stderr(renderProblems(loaded.problems, { directory, ...loaded.summary }, "text"));
    return undefined;
  }
  return loaded.state;
}

export async function validateCommand(options: ValidateOptions, io: CliIo): Promise<number> {
  const result = await loadFromDirectory(options.desiredState, io);
  const summary = { directory: options.desiredState, ...result.summary };
  const output = renderProblems(result.problems, summary, options.format);
  if (output) io.stdout(output);
  return hasErrors(result.problems) ? ExitCode.error : ExitCode.ok;
}

function relativePath(cwd: string, path: string): string {
  const prefix = `${cwd.replace(/\/$/, "")}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
