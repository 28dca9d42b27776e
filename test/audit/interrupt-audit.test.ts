import { type ChildProcess, spawn } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { Plan } from "../../src/plan/model.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

type Exit = { code: number | null; stderr: string };

function spawnCli(
  sandbox: Sandbox,
  args: string[],
  cwd: string,
): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(REPO, "src/cli/main.ts"), ...args],
    {
      cwd,
      env: { ...process.env, ...sandbox.env(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    child,
    exited: new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr }))),
  };
}

/** A sandbox that sends SIGINT to `child()` when the 4th AssumeRoot arrives (one account at a time). */
async function interruptingSandbox(child: () => ChildProcess | undefined): Promise<Sandbox> {
  let sessions = 0;
  return start({
    latencyMs: 30,
    onCallReceived: (call) => {
      if (call.operation !== "AssumeRoot") return;
      sessions++;
      if (sessions === 4) child()?.kill("SIGINT");
    },
  });
}

describe("Ctrl-C during an audit", { timeout: 60_000 }, () => {
  it("says what was lost, writes the partial snapshot marked incomplete with --out, and exits 130", async () => {
    let running: ChildProcess | undefined;
    const sandbox = await interruptingSandbox(() => running);
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });

    const { child, exited } = spawnCli(
      sandbox,
      ["audit", "--out", "audit.json", "--concurrency", "1", "--format", "json"],
      cwd,
    );
    running = child;
    const exit = await exited;

    expect(exit.code).toBe(130);
    const snapshot = readJson<AuditSnapshot>(join(cwd, "audit.json"));
    const lost = snapshot.accounts.filter((account) => account.reasonCode === "interrupted");
    expect(lost.length).toBeGreaterThan(0);
    expect(snapshot.incomplete).toEqual({ reason: "interrupted", notAudited: lost.length });
    expect(
      lost.every((account) => account.status === "unaudited" && account.rootCredentials === undefined),
    ).toBe(true);
    // No session was opened for an account recorded as lost.
    const opened = new Set(
      sandbox
        .calls()
        .filter((call) => call.operation === "AssumeRoot")
        .map((call) => call.targetAccount),
    );
    expect(lost.filter((account) => opened.has(account.id))).toEqual([]);
    expect(exit.stderr).toContain(
      "Interrupted: no new account will be audited; waiting for the accounts in flight…",
    );
    expect(exit.stderr).toContain(
      `Interrupted: ${lost.length} of ${snapshot.accounts.length} accounts were not audited (recorded as unaudited, reason interrupted).\naudit.json holds the partial snapshot, marked incomplete`,
    );

    // plan refuses the incomplete snapshot as a whole…
    const refused = await runAgainst(sandbox, ["plan", "--audit", "audit.json"], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `Error: audit.json is an incomplete audit snapshot: it was interrupted before ${lost.length} accounts were audited`,
    );
    // …and plans an account it did audit when asked for that one alone.
    const audited = snapshot.accounts.find((account) => account.status === "audited");
    expect(audited).toBeDefined();
    const partial = await runAgainst(
      sandbox,
      ["plan", "--audit", "audit.json", "--account", audited?.id ?? "", "--format", "json"],
      { cwd },
    );
    expect(partial.code).toBe(0);
    expect((JSON.parse(partial.stdout) as Plan).target?.accounts.map((account) => account.id)).toEqual([
      audited?.id,
    ]);
  });

  it("without --out says nothing was saved", async () => {
    let running: ChildProcess | undefined;
    const sandbox = await interruptingSandbox(() => running);
    const cwd = temp();

    const { child, exited } = spawnCli(sandbox, ["audit", "--concurrency", "1", "--quiet"], cwd);
    running = child;
    const exit = await exited;

    expect(exit.code).toBe(130);
    expect(exit.stderr).toMatch(/Interrupted: \d+ of 37 accounts were not audited/);
    expect(exit.stderr).toContain(
      "Nothing was saved; with --out FILE the partial snapshot is written, marked incomplete.",
    );
  });
});
