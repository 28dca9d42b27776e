import { classifyFailure } from "../classify-failure.js";
import { RootwardError } from "../errors.js";
import { inertLines } from "../report/inert-text.js";

export { type Fault, RootwardError } from "../errors.js";

/** 130 = 128 + SIGINT: what a shell reports for a command stopped by Ctrl-C. */
export const ExitCode = { ok: 0, error: 1, changes: 2, interrupted: 130 } as const;

/**
 * The one place that turns an error into what the user sees (never a stack trace for user
 * errors), for every command. Messages quote AWS error messages, names and file contents, so they are made inert;
 * their own line breaks (lists of problems) stay.
 */
export function describeError(error: unknown, verbose: boolean): string {
  return inertLines(describe(error, verbose));
}

function describe(error: unknown, verbose: boolean): string {
  if (error instanceof RootwardError) {
    const lines = [`Error: ${error.message}`];
    if (error.hint) lines.push(`  hint: ${error.hint}`);
    if (verbose && error.cause instanceof Error && error.cause.stack) lines.push(error.cause.stack);
    return lines.join("\n");
  }
  if (isCommanderExit(error)) return "";
  // Missing credentials, an endpoint that does not answer, AccessDenied…: the environment, not
  // a bug (classify-failure.ts lists the categories).
  const known = classifyFailure(error);
  if (known) {
    const lines = [`Error: ${known.message}`];
    if (known.hint) lines.push(`  hint: ${known.hint}`);
    if (verbose && error instanceof Error && error.stack) lines.push(error.stack);
    return lines.join("\n");
  }
  const stack = error instanceof Error ? (verbose ? error.stack : error.message) : String(error);
  return `Internal error: ${stack}\n  This is a bug in rootward; please report it with the command you ran (add --verbose for details).`;
}

export function isCommanderExit(error: unknown): error is { exitCode: number; code: string } {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    error.code.startsWith("commander.")
  );
}
