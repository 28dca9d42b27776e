/**
 * Audit benchmark: a generated organization in a separate sandbox process (so its CPU is not
 * counted), the audit through the real CLI code path in this process, and the figures the audit
 * issue asks for. Not a timed test: it prints, it does not assert.
 *
 *   npm run bench:audit -- --accounts 2000 --latency-ms 50 --sts-rate 50 [--throttle-rate 0.05 --error-rate 0.01]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "../src/cli/program.js";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "2000" },
    "latency-ms": { type: "string", default: "50" },
    "sts-rate": { type: "string", default: "50" },
    "throttle-rate": { type: "string", default: "0" },
    "error-rate": { type: "string", default: "0" },
    concurrency: { type: "string" },
  },
});
const accounts = Number(values.accounts);
const latencyMs = Number(values["latency-ms"]);
const stsRate = Number(values["sts-rate"]);

type Call = {
  service: string;
  operation: string;
  account?: string;
  targetAccount?: string;
  injected?: string;
};
type State = {
  accounts: Array<{ id: string; parentId: string; state: string; management: boolean }>;
  organizationalUnits: Array<{ id: string; parentId: string }>;
  organization: { rootId: string };
};

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  const dir = mkdtempSync(join(tmpdir(), "rootward-bench-"));
  try {
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as State;
    const lowerBound = lowerBoundSeconds(state);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let stderr = "";
    const code = await runCli(
      [
        "audit",
        "--quiet",
        "--out",
        join(dir, "audit.json"),
        "--format",
        "json",
        ...(values.concurrency ? ["--concurrency", values.concurrency] : []),
      ],
      {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
        now: () => new Date(),
        env: { ...process.env, ...sandbox.env },
        cwd: dir,
        isTty: false,
        confirm: async () => false,
        onInterrupt: () => () => {},
      },
    );
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    // Read before the bench itself loads the call log and the snapshot back into memory.
    const peakRss = process.resourceUsage().maxRSS;
    const calls = (await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()) as { calls: Call[] } | Call[];
    const list = Array.isArray(calls) ? calls : calls.calls;
    const snapshot = (await import(join(dir, "audit.json"), { with: { type: "json" } })).default as {
      accounts: Array<{
        id: string;
        status: string;
        rootCredentials?: {
          password: { present: boolean };
          accessKeys: unknown[];
          mfaDevices: unknown[];
          signingCertificates: unknown[];
        };
      }>;
    };
    const clean = new Set(
      snapshot.accounts
        .filter(
          (a) =>
            a.status === "audited" &&
            a.rootCredentials &&
            !a.rootCredentials.password.present &&
            a.rootCredentials.accessKeys.length +
              a.rootCredentials.mfaDevices.length +
              a.rootCredentials.signingCertificates.length ===
              0,
        )
        .map((a) => a.id),
    );
    const perAccount = new Map<string, number>();
    for (const call of list) {
      if (call.injected) continue;
      const id = call.targetAccount ?? (call.service === "iam" ? call.account : undefined);
      if (id && clean.has(id)) perAccount.set(id, (perAccount.get(id) ?? 0) + 1);
    }
    const cleanCounts = [...perAccount.values()];
    const audited = snapshot.accounts.filter((a) => a.status === "audited").length;
    const failed = snapshot.accounts.filter((a) => a.status === "failed").length;
    const figures = {
      accounts,
      latencyMs,
      stsRatePerSecond: stsRate,
      wallSeconds: round(wall),
      lowerBoundSeconds: round(lowerBound),
      ratio: round(wall / lowerBound),
      auditedAccounts: audited,
      failedAccounts: failed,
      exitCode: code,
      apiCallsPerCleanAccount: cleanCounts.length
        ? `${Math.min(...cleanCounts)}..${Math.max(...cleanCounts)}`
        : "n/a",
      cpuMsPerAccount: round((cpu.user + cpu.system) / 1000 / accounts),
      peakRssMb: round(peakRss / 1024),
      injectedFaults: list.filter((c) => c.injected).length,
    };
    console.log(JSON.stringify(figures, null, 2));
    if (stderr.trim()) console.error(stderr.trim());
  } finally {
    sandbox.process.kill("SIGINT");
    rmSync(dir, { recursive: true, force: true });
  }
}

/** max(N/R, sequential discovery pages × L) + one account's critical path (AssumeRoot + GetAccountSummary). */
function lowerBoundSeconds(state: State): number {
  const members = state.accounts.filter((a) => !a.management && a.state === "ACTIVE").length;
  const perParent = new Map<string, number>();
  for (const account of state.accounts)
    perParent.set(account.parentId, (perParent.get(account.parentId) ?? 0) + 1);
  const depth = (id: string): number => {
    const ou = state.organizationalUnits.find((entry) => entry.id === id);
    return ou ? 1 + depth(ou.parentId) : 0;
  };
  let pages = 0;
  for (const [parent, count] of perParent) pages = Math.max(pages, 1 + depth(parent) + Math.ceil(count / 20));
  return Math.max(members / stsRate, (pages * latencyMs) / 1000) + (2 * latencyMs) / 1000;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

async function startSandboxProcess(): Promise<{
  url: string;
  env: Record<string, string>;
  process: ChildProcess;
}> {
  const args = [
    "dist/cli/main.js",
    "sandbox",
    "--accounts",
    String(accounts),
    "--latency-ms",
    String(latencyMs),
    "--rate-limit",
    `sts:AssumeRoot=${stsRate}`,
    "--seed",
    "1",
  ];
  if (Number(values["error-rate"]) > 0) args.push("--error-rate", values["error-rate"] as string);
  if (Number(values["throttle-rate"]) > 0) args.push("--throttle-rate", values["throttle-rate"] as string);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  const env = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found: Record<string, string> = {};
      for (const match of output.matchAll(/export (AWS_[A-Z_]+)=(\S+)/g))
        found[match[1] as string] = match[2] as string;
      if (found.AWS_SECRET_ACCESS_KEY) resolve(found);
    });
  });
  return { url: env.AWS_ENDPOINT_URL as string, env, process: child };
}

await main();
