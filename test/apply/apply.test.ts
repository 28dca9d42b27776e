import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/model.js";
import type { CallRecord, Sandbox } from "../../src/sandbox/index.js";
import { clientsFor, sandboxes } from "../sandbox/helpers.js";
import { leakedSecrets, readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();

/** Plans the example org into a file; returns the plan and the file. */
async function planned(sandbox: Sandbox, dir: string): Promise<{ plan: Plan; file: string }> {
  const file = join(dir, "plan.json");
  const run = await runAgainst(sandbox, ["plan", "--quiet", "--out", file, "--detailed-exitcode"]);
  expect(run.code).toBe(2);
  return { plan: readJson<Plan>(file), file };
}

function applyArgs(file: string, dir: string, extra: string[] = []): string[] {
  return ["apply", file, "--journal", join(dir, "journal.jsonl"), ...extra];
}

/** Every call that changed something, as `account operation`. */
function writes(calls: readonly CallRecord[]): string[] {
  return calls
    .filter(
      (call) => /^(Delete|Deactivate|Create|Enable|Disable)/.test(call.operation) && call.outcome === "ok",
    )
    .map((call) => `${call.account ?? "-"} ${call.operation}`);
}

describe("rootward apply against the sandbox", () => {
  it("converges the example organization: the re-plan is empty and exits 0", async () => {
    const sandbox = await start();
    const dir = temp();
    const { plan, file } = await planned(sandbox, dir);
    const beforeApply = sandbox.calls().length;

    const applied = await runAgainst(sandbox, applyArgs(file, dir));
    const beforeReplan = sandbox.calls().length;
    const replanned = await runAgainst(sandbox, ["plan", "--quiet", "--detailed-exitcode"]);

    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      `Apply: ${plan.summary.accountActions}/${plan.summary.accountActions} account actions done`,
    );
    // One successful write per planned action, and the re-plan only reads.
    expect(writes(sandbox.calls().slice(beforeApply, beforeReplan))).toHaveLength(plan.actions.length);
    expect(writes(sandbox.calls().slice(beforeReplan))).toEqual([]);
    expect(replanned.code).toBe(0);
    expect(replanned.stdout).toContain("No changes. The organization matches the desired state.");
  });

  it("calls nothing outside the plan and never the management, unmanaged or non-ACTIVE accounts", async () => {
    const sandbox = await start();
    const dir = temp();
    const { plan, file } = await planned(sandbox, dir);
    const before = sandbox.calls().length;

    await runAgainst(sandbox, applyArgs(file, dir));

    const applyCalls = sandbox.calls().slice(before);
    const expected = plan.actions.map(
      (action) => `${"accountId" in action ? action.accountId : "999999999999"} ${action.operation}`,
    );
    expect(writes(applyCalls).sort()).toEqual(expected.sort());
    const untouchable = plan.accounts
      .filter((account) => account.disposition !== "drift" && account.disposition !== "compliant")
      .map((account) => account.accountId);
    expect(untouchable).toEqual(
      expect.arrayContaining(["999999999999", "121212121201", "131313131301", "131313131302"]),
    );
    const touched = applyCalls.filter(
      (call) => call.targetAccount !== undefined || call.caller === "root-session",
    );
    for (const call of touched) expect(untouchable).not.toContain(call.targetAccount ?? call.account);
    const sessions = applyCalls
      .filter((call) => call.operation === "AssumeRoot")
      .map((call) => call.taskPolicy?.split("/").pop());
    expect(new Set(sessions)).toEqual(new Set(["IAMDeleteRootUserCredentials"]));
  });

  it("refuses an account whose credentials changed since the plan, and applies the others", async () => {
    const sandbox = await start();
    const dir = temp();
    const { file } = await planned(sandbox, dir);
    const account = sandbox.organization().accountsById.get("777777777704");
    account?.root?.accessKeys.push({
      id: "AKIANEWKEYAFTERPLAN1",
      status: "Active",
      created: Date.parse("2026-11-22T12:30:00Z"),
    });

    const applied = await runAgainst(sandbox, applyArgs(file, dir));

    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(
      /777777777704 sandbox-dave — stale: access key AKIANEWKEYAFTERPLAN1 appeared since the plan; re-plan needed/,
    );
    expect(applied.stdout).toContain("1 stale");
    const dave = sandbox.state({ account: "777777777704" }).accounts[0];
    expect(dave?.rootCredentials.accessKeys).toHaveLength(3);
    expect(dave?.rootCredentials.password.present).toBe(true);
    const journal = readFileSync(join(dir, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(
      journal.filter((record) => record.accountId === "777777777704").map((record) => record.event),
    ).toEqual(["skipped", "skipped", "skipped"]);
  });

  it("refuses a plan with more actions than --max-actions, before any change", async () => {
    const sandbox = await start();
    const dir = temp();
    const { plan, file } = await planned(sandbox, dir);
    const before = sandbox.calls().length;

    const applied = await runAgainst(sandbox, applyArgs(file, dir, ["--max-actions", "5"]));

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(
      `the plan has ${plan.summary.accountActions} per-account actions, more than --max-actions 5`,
    );
    expect(applied.stderr).toContain(`re-run with --max-actions ${plan.summary.accountActions}`);
    expect(sandbox.calls().slice(before)).toEqual([]);
  });

  it("refuses a plan made from another desired state", async () => {
    const sandbox = await start();
    const dir = temp();
    const { file } = await planned(sandbox, dir);
    const plan = readJson<Plan>(file);
    const edited = join(dir, "edited.json");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(edited, JSON.stringify({ ...plan, desiredStateDigest: "0".repeat(64) })),
    );

    const applied = await runAgainst(sandbox, applyArgs(edited, dir));

    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("the desired state changed since this plan was made");
  });

  it("is idempotent: applying the same plan again does no harm and reports everything done", async () => {
    const sandbox = await start();
    const dir = temp();
    const { file } = await planned(sandbox, dir);
    await runAgainst(sandbox, applyArgs(file, dir));
    const before = sandbox.calls().length;

    const again = await runAgainst(sandbox, applyArgs(file, dir));

    expect(again.code).toBe(0);
    expect(writes(sandbox.calls().slice(before)).filter((entry) => !entry.includes("Enable"))).toEqual([]);
  });

  it("converges under throttling and injected 5xx errors", async () => {
    const sandbox = await start({ rateLimits: { iam: 60, "sts:AssumeRoot": 15 }, errorRate: 0.01, seed: 3 });
    const dir = temp();
    const { file } = await planned(sandbox, dir);

    const applied = await runAgainst(sandbox, applyArgs(file, dir));
    const replanned = await runAgainst(sandbox, ["plan", "--quiet", "--detailed-exitcode"]);

    expect(applied.code).toBe(0);
    expect(replanned.code).toBe(0);
    expect(sandbox.calls().some((call) => call.injected === "throttled")).toBe(true);
  });

  it("converges when re-run after the process was killed mid-way (kill -9)", async () => {
    const sandbox = await start({ latencyMs: 40 });
    const dir = temp();
    const { plan, file } = await planned(sandbox, dir);
    const journal = join(dir, "journal.jsonl");
    const beforeKilledRun = sandbox.calls().length;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", ...applyArgs(file, dir, ["--apply-concurrency", "1"])],
      {
        env: { ...process.env, ...sandbox.env(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        stdio: "ignore",
      },
    );
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const succeeded = () =>
      existsSync(journal) ? (readFileSync(journal, "utf8").match(/"succeeded"/g) ?? []).length : 0;
    for (let waited = 0; waited < 30_000 && succeeded() < 4; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    await exited;
    const partial = readFileSync(journal, "utf8");
    expect(partial).not.toContain("apply-finished");
    expect(succeeded()).toBeGreaterThanOrEqual(4);
    // A call of the test's own between the two runs: every call of the killed run (even one still
    // held by the sandbox's latency) arrived before it.
    await clientsFor(sandbox).sts.send(new GetCallerIdentityCommand({}));
    const markerCall = sandbox.calls().at(-1);
    expect(markerCall?.operation).toBe("GetCallerIdentity");
    const marker = markerCall?.received ?? 0;

    const rerun = await runAgainst(sandbox, applyArgs(file, dir));
    const replanned = await runAgainst(sandbox, ["plan", "--quiet", "--detailed-exitcode"]);

    expect(rerun.code).toBe(0);
    expect(replanned.code).toBe(0);
    // The killed run had changed something and left something to do; together the two runs
    // deleted or created each planned credential exactly once (the re-run makes no call for
    // what is already gone).
    const accountWrites = (calls: readonly CallRecord[]) =>
      writes(calls).filter((entry) => !/ (Enable|Disable)/.test(entry));
    const accountActions = plan.actions.filter((action) => "accountId" in action).length;
    const killedRun = accountWrites(
      sandbox
        .calls()
        .slice(beforeKilledRun)
        .filter((call) => call.received < marker),
    );
    expect(killedRun.length).toBeGreaterThan(0);
    expect(killedRun.length).toBeLessThan(accountActions);
    expect(accountWrites(sandbox.calls().slice(beforeKilledRun))).toHaveLength(accountActions);
  }, 40_000);

  it("never prints or journals a secret the sandbox issued", async () => {
    const sandbox = await start();
    const dir = temp();
    const { file } = await planned(sandbox, dir);

    const text = await runAgainst(sandbox, applyArgs(file, dir));
    const json = await runAgainst(sandbox, applyArgs(file, dir, ["--format", "json"]));

    const outputs = [
      text.stdout,
      text.stderr,
      json.stdout,
      json.stderr,
      readFileSync(join(dir, "journal.jsonl"), "utf8"),
      readFileSync(file, "utf8"),
    ];
    expect(leakedSecrets(sandbox, outputs)).toEqual([]);
  });
});
