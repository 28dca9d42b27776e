/**
 * Audit benchmark: a generated, realistic organization (src/sandbox/generator.ts: OUs 3–5 deep,
 * FullAWSAccess on every root, OU and account, `--scps` policies, tags) served by a sandbox in a
 * separate process, and `rootward audit` run as its own process too, as a user runs it: the
 * wall time includes process start. The desired state selects by tag and name
 * (bench/audit-desired-state.ts), so every account's tags are read. Not a timed test: it prints
 * figures, it does not assert.
 *
 *   npm run bench:audit -- --accounts 2000 --latency-ms 50 --sts-rate 50 --scps 200 [--throttle-rate 0.05 --error-rate 0.01]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { BENCH_DESIRED_STATE } from "./audit-desired-state.js";
import { type BoundState, lowerBound } from "./audit-lower-bound.js";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "2000" },
    "latency-ms": { type: "string", default: "50" },
    "sts-rate": { type: "string", default: "50" },
    scps: { type: "string", default: "200" },
    "throttle-rate": { type: "string", default: "0" },
    "error-rate": { type: "string", default: "0" },
    concurrency: { type: "string" },
    /** Writes the sandbox's call log here, for a closer look at where time went. */
    "calls-out": { type: "string" },
  },
});
const accounts = Number(values.accounts);
const latencyMs = Number(values["latency-ms"]);
const stsRate = Number(values["sts-rate"]);
const scps = Number(values.scps);
const CLI = "dist/cli/main.js";

type Call = {
  time: string;
  outcome: string;
  service: string;
  operation: string;
  account?: string;
  caller?: string;
  targetAccount?: string;
  injected?: string;
};
type Snapshot = {
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
type ProcessRun = {
  code: number;
  startedAt: number;
  wallSeconds: number;
  usage: NodeJS.ResourceUsage;
  /** Seconds the main (event-loop) thread was ready to run but waited for a CPU; NaN off Linux. */
  runQueueWaitSeconds: number;
  stderr: string;
};

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess();
  const dir = mkdtempSync(join(tmpdir(), "rootward-bench-"));
  try {
    const desired = join(dir, "desired-state");
    mkdirSync(desired);
    writeFileSync(join(desired, "policy.yaml"), BENCH_DESIRED_STATE);
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as BoundState;
    const bound = lowerBound(state, { latencyMs, ratePerSecond: stsRate, burst: stsRate });
    const loadBefore = loadavg()[0] ?? 0;
    const sandboxCpuBefore = processCpuSeconds(sandbox.process.pid);
    const sandboxWaitBefore = runQueueWaitSeconds(sandbox.process.pid);
    const audit = await runCliProcess(
      dir,
      [
        "audit",
        "--quiet",
        "--desired-state",
        desired,
        "--out",
        join(dir, "audit.json"),
        ...(values.concurrency ? ["--concurrency", values.concurrency] : []),
      ],
      sandbox.env,
    );
    const loadAfter = loadavg()[0] ?? 0;
    const sandboxCpu = processCpuSeconds(sandbox.process.pid) - sandboxCpuBefore;
    const sandboxWait = runQueueWaitSeconds(sandbox.process.pid) - sandboxWaitBefore;
    const log = (await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()) as {
      calls: Call[];
      dropped: number;
    };
    if (values["calls-out"])
      writeFileSync(values["calls-out"], JSON.stringify({ startedAt: audit.startedAt, ...log }));
    const snapshot = JSON.parse(readFileSync(join(dir, "audit.json"), "utf8")) as Snapshot;
    const plan = await runCliProcess(
      dir,
      [
        "plan",
        "--audit",
        join(dir, "audit.json"),
        "--desired-state",
        desired,
        "--out",
        join(dir, "plan.json"),
      ],
      sandbox.env,
    );
    const planned = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as {
      findings: Array<{ ruleId: string }>;
      actions: unknown[];
    };
    const perClean = callsPerCleanAccount(snapshot, log.calls);
    const assumeRoots = log.calls.filter((call) => call.operation === "AssumeRoot");
    const throttled = assumeRoots.filter((call) => call.injected === "throttled").length;
    const figures = {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`,
      loadAverage1m: { before: round(loadBefore), after: round(loadAfter) },
      accounts,
      scps,
      latencyMs,
      stsRatePerSecond: stsRate,
      faults: { throttleRate: Number(values["throttle-rate"]), errorRate: Number(values["error-rate"]) },
      wallSeconds: round(audit.wallSeconds),
      lowerBoundSeconds: round(bound.seconds),
      lowerBound: bound.explanation,
      ratio: round(audit.wallSeconds / bound.seconds),
      exitCode: audit.code,
      auditedAccounts: snapshot.accounts.filter((account) => account.status === "audited").length,
      failedAccounts: snapshot.accounts.filter((account) => account.status === "failed").length,
      callsPerCleanAccount: perClean,
      assumeRootCalls: assumeRoots.length,
      throttledAssumeRootCalls: throttled,
      assumeRootWaste: `${round((100 * throttled) / Math.max(assumeRoots.length, 1))} %`,
      cpuMsPerAccount: round((audit.usage.userCPUTime + audit.usage.systemCPUTime) / 1000 / accounts),
      peakRssMb: round(audit.usage.maxRSS / 1024),
      // The sandbox runs on the same machine: its CPU competes with the audit's.
      sandboxCpuMsPerAccount: round((sandboxCpu * 1000) / accounts),
      // Time each process's event loop was runnable but had no CPU (/proc/PID/schedstat): on a
      // machine shared with other work this, not the code, is what stretches the wall time.
      cpuWaitSeconds: { audit: round(audit.runQueueWaitSeconds), sandbox: round(sandboxWait) },
      injectedFaults: log.calls.filter((call) => call.injected).length,
      callLogDropped: log.dropped,
      timeline: timeline(audit, log.calls),
      planSeconds: round(plan.wallSeconds),
      planActions: planned.actions.length,
      planFindings: countBy(planned.findings.map((finding) => finding.ruleId)),
    };
    console.log(JSON.stringify(figures, null, 2));
    if (audit.stderr.trim()) console.error(audit.stderr.trim());
    if (log.dropped > 0) console.error(`warning: the sandbox call log dropped ${log.dropped} calls`);
  } finally {
    sandbox.process.kill("SIGINT");
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every call made on a clean account's behalf: each AssumeRoot attempt naming it (throttled ones
 * included), every call in its root session, and the Organizations reads that name it (tags).
 */
function callsPerCleanAccount(snapshot: Snapshot, calls: readonly Call[]): { mean: number; range: string } {
  const clean = new Set(
    snapshot.accounts
      .filter((account) => {
        const live = account.rootCredentials;
        return (
          account.status === "audited" &&
          live !== undefined &&
          !live.password.present &&
          live.accessKeys.length + live.mfaDevices.length + live.signingCertificates.length === 0
        );
      })
      .map((account) => account.id),
  );
  const counts = new Map<string, number>();
  for (const call of calls) {
    const id = call.targetAccount ?? (call.caller === "root-session" ? call.account : undefined);
    if (id && clean.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const values = [...counts.values()];
  if (values.length === 0) return { mean: 0, range: "n/a" };
  const total = values.reduce((sum, value) => sum + value, 0);
  return { mean: round(total / values.length), range: `${Math.min(...values)}..${Math.max(...values)}` };
}

/**
 * Where the wall time went, in seconds from the process start (the sandbox logs with the same
 * machine clock): the first call, the first and last admitted AssumeRoot, the last call, the exit.
 */
function timeline(run: ProcessRun, calls: readonly Call[]): Record<string, number> {
  const at = (call: Call | undefined) =>
    round(call ? (Date.parse(call.time) - run.startedAt) / 1000 : Number.NaN);
  const admitted = calls.filter((call) => call.operation === "AssumeRoot" && !call.injected);
  return {
    firstCall: at(calls[0]),
    firstAssumeRoot: at(admitted[0]),
    lastAssumeRoot: at(admitted.at(-1)),
    lastCall: at(calls.at(-1)),
    exit: round(run.wallSeconds),
  };
}

/** Seconds a process's main thread has waited on a run queue so far (Linux /proc; NaN elsewhere). */
function runQueueWaitSeconds(pid: number | undefined): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e9;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere). */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function countBy(items: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Runs the built CLI as its own process; a preloaded module reports its CPU time and peak RSS on exit. */
async function runCliProcess(dir: string, args: string[], env: Record<string, string>): Promise<ProcessRun> {
  const usageFile = join(dir, `usage-${args[0]}.json`);
  const preload = join(dir, "report-usage.mjs");
  writeFileSync(
    preload,
    [
      'import { readFileSync, writeFileSync } from "node:fs";',
      "const waited = () => { try { return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e9; } catch { return Number.NaN; } };",
      'process.on("exit", () => writeFileSync(process.env.ROOTWARD_BENCH_USAGE, JSON.stringify({ usage: process.resourceUsage(), runQueueWaitSeconds: waited() })));',
      "",
    ].join("\n"),
  );
  const startedAt = Date.now();
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", pathToFileURL(preload).href, CLI, ...args], {
    env: { ...process.env, ...env, ROOTWARD_BENCH_USAGE: usageFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.once("exit", (exit) => resolve(exit ?? 1)));
  const wallSeconds = (performance.now() - started) / 1000;
  const { usage, runQueueWaitSeconds } = JSON.parse(readFileSync(usageFile, "utf8")) as {
    usage: NodeJS.ResourceUsage;
    runQueueWaitSeconds: number | null;
  };
  return {
    code,
    startedAt,
    wallSeconds,
    usage,
    runQueueWaitSeconds: runQueueWaitSeconds ?? Number.NaN,
    stderr,
  };
}

async function startSandboxProcess(): Promise<{
  url: string;
  env: Record<string, string>;
  process: ChildProcess;
}> {
  const args = [
    CLI,
    "sandbox",
    "--accounts",
    String(accounts),
    "--scps",
    String(scps),
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
