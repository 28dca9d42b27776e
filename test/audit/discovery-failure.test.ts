import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_AUDIT_OPTIONS, runAudit } from "../../src/audit/run-audit.js";
import { createAwsClients } from "../../src/aws/clients.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { NOW } from "../support/builders.js";

const start = sandboxes();
const REPO = join(import.meta.dirname, "../..");

/**
 * Heavy 5xx: most calls fail, the SDK's retry quota runs dry, and discovery fails while OU and
 * account pages (one item each) and account audits are in flight. Faults are random, so each
 * test runs several seeds: before the fix about half the CLI runs ended in Node's trace of an
 * unhandled rejection (measured: 9 of 16), and the in-process audit kept calling AWS after it
 * had rejected.
 */
const HEAVY_5XX = { errorRate: 0.6, pageSize: 1 } as const;

/** The real CLI in its own process, so an unhandled rejection shows as Node prints it. */
function auditInChild(sandbox: Sandbox): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "audit", "--format", "json", "--desired-state", "desired-state"],
      {
        cwd: REPO,
        env: { ...process.env, ...sandbox.env(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

describe("discovery under heavy 5xx", () => {
  it("ends the CLI with the one clean error, no Node trace and nothing after it", async () => {
    const seeds = [1, 2, 3, 4];
    const runs = await Promise.all(
      seeds.map(async (seed) => auditInChild(await start({ ...HEAVY_5XX, seed }))),
    );
    for (const run of runs) {
      const lines = run.stderr.trimEnd().split("\n");
      const errorAt = lines.findIndex((line) => line.startsWith("Error: "));
      expect({ code: run.code, error: lines[errorAt] }).toEqual({
        code: 1,
        error: expect.stringMatching(/^Error: AWS answered \w+:\w+ with \w+ \(HTTP 5\d\d\)/),
      });
      // After the error only its hint; before it only progress lines. A rejection nobody
      // handled would add Node's source excerpt and `at …` stack lines (exit code 1 as well).
      expect(lines.slice(errorAt + 1).filter((line) => !line.startsWith("  hint: "))).toEqual([]);
      expect(
        lines.slice(0, errorAt).filter((line) => !/^audit: (\d+|discovering the organization, )/.test(line)),
      ).toEqual([]);
    }
  }, 90_000);

  it("leaves nothing calling AWS once runAudit has rejected", async () => {
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map(async (seed) => {
        const sandbox = await start({ ...HEAVY_5XX, seed });
        const clients = await createAwsClients(sandbox.env(), { maxAttempts: 8 });
        const failure = await runAudit(clients, { ...DEFAULT_AUDIT_OPTIONS, now: () => NOW }).then(
          () => undefined,
          (error: unknown) => error,
        );
        // Requests already on the wire when the walk aborted may still reach the sandbox a moment
        // later; after that, nothing: no retry, no page, no account audit.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const settled = sandbox.calls().length;
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        clients.close();
        return { failed: failure instanceof Error, callsAfterFailure: sandbox.calls().length - settled };
      }),
    );
    expect(outcomes).toEqual(Array(4).fill({ failed: true, callsAfterFailure: 0 }));
  }, 60_000);
});
