import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { runCli } from "../../src/cli/program.js";
import type { Sandbox, StaticCallerKind } from "../../src/sandbox/index.js";
import { NOW } from "./builders.js";
import { captureIo } from "./capture-io.js";

export type CliRun = { code: number; stdout: string; stderr: string };

/** Runs the real CLI in-process against a sandbox, as a user would with the printed `export` lines. */
export async function runAgainst(
  sandbox: Sandbox,
  argv: string[],
  options: { cwd?: string; now?: Date; caller?: StaticCallerKind; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const captured = captureIo(options.cwd ?? process.cwd(), options.now ?? NOW);
  const env = {
    ...sandbox.env(options.caller),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...options.env,
  };
  const io = { ...captured.io, env };
  const code = await runCli(argv, io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** A temporary directory removed after each test. */
export function tempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "rootward-test-"));
    made.push(dir);
    return dir;
  };
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** Fails the test if any secret the sandbox issued appears in `outputs`. */
export function leakedSecrets(sandbox: Sandbox, outputs: readonly string[]): string[] {
  const secrets = sandbox.issuedSecrets();
  return secrets.filter((secret) => outputs.some((output) => output.includes(secret)));
}
