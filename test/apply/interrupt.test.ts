import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JournalRecord } from "../../src/apply/journal.js";
import type { Plan } from "../../src/plan/model.js";
import type { ReceivedCall, Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

/**
 * Ctrl-C on the real CLI process: the signal is sent from the sandbox the moment a given call
 * arrives, so it always lands while that call is in flight (the sandbox holds each answer for
 * its latency), whatever the machine's speed.
 */
const start = sandboxes();
const temp = tempDirs();

const ACCOUNT_WRITES = new Set([
  "DeactivateMFADevice",
  "DeleteAccessKey",
  "DeleteSigningCertificate",
  "DeleteLoginProfile",
  "CreateLoginProfile",
]);

type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string };

/** Runs `rootward ARGS` as a child process against the sandbox. */
function spawnCli(sandbox: Sandbox, args: string[]): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    env: { ...process.env, ...sandbox.env(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exited };
}

/**
 * A sandbox that calls `trigger` when the `nth` account write (1-based) arrives. With one account
 * at a time and no faults, writes arrive in plan order.
 */
async function sandboxWithTrigger(
  options: Parameters<typeof start>[0],
): Promise<{ sandbox: Sandbox; arm(nth: number, trigger: (call: ReceivedCall) => void): void }> {
  let armed: { nth: number; trigger: (call: ReceivedCall) => void } | undefined;
  let writes = 0;
  const sandbox = await start({
    ...options,
    onCallReceived: (call) => {
      if (!armed || !ACCOUNT_WRITES.has(call.operation)) return;
      writes++;
      if (writes === armed.nth) armed.trigger(call);
    },
  });
  return {
    sandbox,
    arm(nth, trigger) {
      writes = 0;
      armed = { nth, trigger };
    },
  };
}

function journalOf(file: string): JournalRecord[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as JournalRecord);
}

describe("Ctrl-C on the real CLI process", () => {
  it("apply starts no account after the signal, lets the calls in flight finish, journals it and exits 130", async () => {
    const { sandbox, arm } = await sandboxWithTrigger({ latencyMs: 60 });
    const dir = temp();
    const planFile = join(dir, "plan.json");
    const journalFile = join(dir, "journal.jsonl");
    // Planned against a twin without latency (same fixture and seed, so the same organization,
    // credentials and ids), which is quicker; apply re-reads everything live anyway.
    const twin = await start();
    const planned = await runAgainst(twin, ["plan", "--quiet", "--out", planFile, "--detailed-exitcode"]);
    expect(planned.code).toBe(2);
    const plan = readJson<Plan>(planFile);
    const accountsWithActions = new Set(
      plan.actions.flatMap((action) => ("accountId" in action ? [action.accountId] : [])),
    );
    expect(accountsWithActions.size).toBeGreaterThan(2);
    // Signal on the first write of the first account with several actions: the account then
    // still has calls to make after the one in flight, and accounts after it are left to start.
    const accountActions = plan.actions.flatMap((action) => ("accountId" in action ? [action] : []));
    const actionsOf = (account: string | undefined) =>
      accountActions.filter((action) => action.accountId === account);
    const target = accountActions.findIndex((action) => actionsOf(action.accountId).length > 1);
    expect(target).toBeGreaterThanOrEqual(0);
    const before = sandbox.calls().length;

    const { child, exited } = spawnCli(sandbox, [
      "apply",
      planFile,
      "--journal",
      journalFile,
      "--apply-concurrency",
      "1",
    ]);
    let signalled: ReceivedCall | undefined;
    arm(target + 1, (call) => {
      signalled = call;
      child.kill("SIGINT");
    });
    const exit = await exited;

    expect(signalled).toBeDefined();
    const signalTick = signalled?.received ?? 0;
    const calls = sandbox.calls().slice(before);
    // The call in flight when the signal arrived was answered, and so was everything its account
    // still had to do; no other account was started.
    const inFlight = calls.find((call) => call.received === signalTick);
    expect(inFlight).toMatchObject({ outcome: "ok", operation: signalled?.operation });
    const startedBefore = new Set(
      calls
        .filter((call) => call.operation === "AssumeRoot" && call.received < signalTick)
        .map((call) => call.targetAccount),
    );
    const startedAfter = calls
      .filter((call) => call.operation === "AssumeRoot" && call.received > signalTick)
      .map((call) => call.targetAccount)
      .filter((account) => !startedBefore.has(account));
    expect(startedAfter).toEqual([]);
    expect(exit).toMatchObject({ code: 130, signal: null });
    expect(exit.stderr).toContain("Interrupted: no new accounts will start");
    const journal = journalOf(journalFile);
    const interruptedAccount = inFlight?.account;
    const ofInterrupted = journal.filter(
      (record) => record.accountId === interruptedAccount && record.event !== "started",
    );
    expect(ofInterrupted.length).toBe(
      plan.actions.filter((a) => "accountId" in a && a.accountId === interruptedAccount).length,
    );
    expect(ofInterrupted.every((record) => record.event === "succeeded")).toBe(true);
    const notStarted = new Set(
      journal
        .filter((record) => record.message === "apply was interrupted before this account started")
        .map((record) => record.accountId),
    );
    expect(notStarted.size).toBeGreaterThan(0);
    for (const account of notStarted) expect(startedBefore.has(account)).toBe(false);
    expect(startedBefore.size + notStarted.size).toBe(accountsWithActions.size);
    expect(journal.at(-1)).toMatchObject({ event: "apply-finished", interrupted: true });
  }, 60_000);
});
