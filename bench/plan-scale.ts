/**
 * Plan benchmark at 10,000 / 50,000 / 100,000 accounts (issue 13 part 1). Not a timed test: it
 * prints figures and PASS/FAIL against the targets, and exits 0 either way.
 *
 *   npm run bench:plan-scale [-- --sizes 10000,50000,100000 --repeat 3]
 *
 * - pure plan(): `--repeat` runs in this process, after a warm-up. Every figure is the fastest
 *   run, with the median beside the targets: on a shared machine other processes only add time.
 * - end to end: `node dist/cli/main.js plan --audit FILE --format json --out …` in a child
 *   process (the built CLI as users run it; `npm run bench:plan-scale` builds first), wall time
 *   from spawn to exit, so process start, reading and validating the snapshot are included.
 * - peak RSS of that child: bench/report-usage.mjs is preloaded with `--import` and writes
 *   `process.resourceUsage().maxRSS` (getrusage ru_maxrss, the kernel's high-water mark) at exit.
 *   Sampling /proc/<pid>/status from outside could miss a short peak, and /usr/bin/time is not
 *   everywhere.
 * - renderers: each of text, markdown, json (in the pieces the CLI writes) and sarif on the same
 *   plan.
 * - apply guards: what `rootward apply` decides without AWS for every action of that plan
 *   (bench/apply-guard-phase.ts), with the audit standing in for the live reads.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { type DesiredState, loadDesiredState } from "../src/desired/index.js";
import type { Plan } from "../src/plan/model.js";
import { plan } from "../src/plan/plan.js";
import { renderPlanJsonChunks } from "../src/report/plan-json.js";
import { renderPlanMarkdown } from "../src/report/plan-markdown.js";
import { renderPlanSarif } from "../src/report/plan-sarif.js";
import { renderPlanText } from "../src/report/plan-text.js";
import { applyGuardPhase, liveReadsFrom } from "./apply-guard-phase.js";
import { benchDesiredState, benchSnapshot } from "./plan-scale-fixture.js";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,50000,100000" },
    repeat: { type: "string", default: "3" },
  },
});
const sizes = values.sizes.split(",").map(Number);
const repeat = Math.max(1, Number(values.repeat));
const NOW = new Date("2026-11-22T12:00:00Z");
const REPO = join(import.meta.dirname, "..");

/** The ratio target is 12 for 10x the accounts: linear, with 20 % slack for fixed costs and noise. */
const TARGETS = { planSeconds: 2, endToEndSeconds: 10, endToEndRssMiB: 800, ratioSlack: 1.2 };

const Renderers: Record<string, (result: Plan) => string> = {
  text: (result) => renderPlanText(result, { color: false }),
  markdown: (result) => renderPlanMarkdown(result),
  // As `rootward plan --format json|--out` writes it: piece by piece (cli/commands/plan.ts).
  json: (result) => {
    let length = 0;
    for (const chunk of renderPlanJsonChunks(result)) length += chunk.length;
    return String(length);
  },
  sarif: (result) => renderPlanSarif(result, "bench"),
};

type Row = {
  accounts: number;
  actions: number;
  findings: number;
  plan: Summary;
  endToEnd: Summary;
  rssMiB: number;
  renders: Record<string, Summary>;
  guards: Summary;
  /** Actions the guard phase would let run: all of the plan's, since nothing changed. */
  guardRuns: number;
};

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** With `--expose-gc` (the npm script passes it), each run starts without the previous one's garbage. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Wall and CPU seconds of one run. CPU time shows what a loaded machine does to the wall time. */
type Timing = { seconds: number; cpuSeconds: number };

function timed<T>(run: () => T): Timing & { value: T } {
  collect();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    value,
  };
}

type Summary = Timing & { medianSeconds: number };

/**
 * The fastest run (wall, with its CPU time) and the median wall time. On a shared machine other
 * processes only ever add time, so the fastest run is the best estimate of the code's own cost;
 * the median shows how much the machine's load moved it.
 */
function summarize(timings: readonly Timing[]): Summary {
  const best = timings.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return {
    seconds: best.seconds,
    cpuSeconds: best.cpuSeconds,
    medianSeconds: median(timings.map((timing) => timing.seconds)),
  };
}

function desiredState(directory: string): DesiredState {
  const files = Object.entries(benchDesiredState()).map(([name, text]) => {
    const path = join(directory, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return { path: `desired-state/${name}`, name, content: new TextEncoder().encode(text) };
  });
  const loaded = loadDesiredState("desired-state", files, NOW);
  if (!loaded.state) throw new Error(`bench desired state is invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.state;
}

function endToEnd(auditFile: string, desiredDir: string, out: string): Promise<Timing & { rssMiB: number }> {
  const rssFile = `${out}.rss.json`;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "./bench/report-usage.mjs",
      "dist/cli/main.js",
      "plan",
      "--audit",
      auditFile,
      "--desired-state",
      desiredDir,
      "--format",
      "json",
      "--out",
      out,
    ],
    {
      cwd: REPO,
      env: { ...process.env, ROOTWARD_BENCH_RSS_FILE: rssFile },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`rootward plan exited ${code}: ${stderr}`));
      const usage = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssKiB: number; cpuSeconds: number };
      resolve({ seconds, cpuSeconds: usage.cpuSeconds, rssMiB: usage.maxRssKiB / 1024 });
    });
  });
}

async function measure(accounts: number, desired: DesiredState, work: string): Promise<Row> {
  const audit = benchSnapshot(accounts);
  // Keep one plan: holding every run's plan would inflate the heap the later runs are timed in.
  const first = timed(() => plan(desired, audit, NOW));
  const result = first.value;
  const planTimes: Timing[] = [first];
  for (let index = 1; index < repeat; index++) planTimes.push(timed(() => plan(desired, audit, NOW)));
  const renders: Record<string, Summary> = {};
  for (const [name, render] of Object.entries(Renderers)) {
    renders[name] = summarize(Array.from({ length: repeat }, () => timed(() => render(result))));
  }
  const live = liveReadsFrom(audit, result);
  const guardTimes = Array.from({ length: repeat }, () =>
    timed(() => applyGuardPhase(desired, live, result, NOW)),
  );
  const auditFile = join(work, `audit-${accounts}.json`);
  writeFileSync(auditFile, JSON.stringify(audit));
  const ends = [];
  for (let index = 0; index < repeat; index++) {
    ends.push(await endToEnd(auditFile, join(work, "desired-state"), join(work, `plan-${accounts}.json`)));
  }
  rmSync(auditFile);
  return {
    accounts: audit.accounts.length,
    actions: result.actions.length,
    findings: result.findings.length,
    plan: summarize(planTimes),
    endToEnd: summarize(ends),
    rssMiB: Math.max(...ends.map((end) => end.rssMiB)),
    renders,
    guards: summarize(guardTimes),
    guardRuns: guardTimes[0]?.value ?? 0,
  };
}

function verdict(ok: boolean): string {
  return ok ? "PASS" : "FAIL";
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "rootward-plan-scale-"));
  try {
    const desired = desiredState(join(work, "desired-state"));
    // Warm-up: JIT-compile the planner and renderers before anything is timed.
    const warm = plan(desired, benchSnapshot(1_000), NOW);
    for (const render of Object.values(Renderers)) render(warm);

    const rows: Row[] = [];
    for (const size of sizes) rows.push(await measure(size, desired, work));

    const cell = (timing: Timing) =>
      `${timing.seconds.toFixed(3)} (${timing.cpuSeconds.toFixed(2)})`.padStart(15);
    const [cpu] = cpus();
    console.log(
      `rootward plan-scale: node ${process.version}, ${cpus().length} x ${cpu?.model ?? "?"}, load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(" ")}; fastest of ${repeat} run(s)`,
    );
    console.log(
      "seconds wall of the fastest run (its CPU seconds in parentheses); e2e = rootward plan --audit … --format json --out …",
    );
    console.log(
      [
        "accounts".padStart(8),
        "actions".padStart(7),
        "findings".padStart(8),
        "plan()".padStart(15),
        "e2e".padStart(15),
        "e2e MiB".padStart(7),
        ...Object.keys(Renderers).map((name) => name.padStart(15)),
        "apply guards".padStart(15),
        "guards run".padStart(10),
      ].join(" "),
    );
    for (const row of rows) {
      console.log(
        [
          String(row.accounts).padStart(8),
          String(row.actions).padStart(7),
          String(row.findings).padStart(8),
          cell(row.plan),
          cell(row.endToEnd),
          row.rssMiB.toFixed(0).padStart(7),
          ...Object.keys(Renderers).map((name) =>
            cell(row.renders[name] ?? { seconds: Number.NaN, cpuSeconds: Number.NaN }),
          ),
          cell(row.guards),
          String(row.guardRuns).padStart(10),
        ].join(" "),
      );
    }

    const smallest = rows[0];
    const largest = rows[rows.length - 1];
    if (!smallest || !largest) return;
    const scale = largest.accounts / smallest.accounts;
    const maxRatio = scale * TARGETS.ratioSlack;
    // Beside the target, the ratio between the two largest sizes: both are far beyond the CPU
    // caches, so it shows whether the code is linear once memory, not cache, serves the data.
    const middle = rows.length > 2 ? rows[rows.length - 2] : undefined;
    const ratio = (label: string, pick: (row: Row) => number) => {
      const value = pick(largest) / pick(smallest);
      const step = middle
        ? ` (${largest.accounts}/${middle.accounts}: ${(pick(largest) / pick(middle)).toFixed(2)} for ${(largest.accounts / middle.accounts).toFixed(1)}x)`
        : "";
      return {
        label: `time ratio, ${label}`,
        ok: value <= maxRatio,
        text: `${value.toFixed(2)} <= ${maxRatio.toFixed(1)}${step}`,
      };
    };
    const checks = [
      {
        label: "pure plan()",
        ok: largest.plan.seconds <= TARGETS.planSeconds,
        text: `${largest.plan.seconds.toFixed(2)} s <= ${TARGETS.planSeconds} s (median ${largest.plan.medianSeconds.toFixed(2)} s)`,
      },
      {
        label: "rootward plan --audit, end to end",
        ok: largest.endToEnd.seconds <= TARGETS.endToEndSeconds,
        text: `${largest.endToEnd.seconds.toFixed(2)} s <= ${TARGETS.endToEndSeconds} s (median ${largest.endToEnd.medianSeconds.toFixed(2)} s)`,
      },
      {
        label: "rootward plan --audit, peak RSS",
        ok: largest.rssMiB <= TARGETS.endToEndRssMiB,
        text: `${largest.rssMiB.toFixed(0)} MiB <= ${TARGETS.endToEndRssMiB} MiB`,
      },
      ratio("pure plan()", (row) => row.plan.seconds),
      ratio("end to end", (row) => row.endToEnd.seconds),
      ...Object.keys(Renderers).map((name) =>
        ratio(`${name} renderer`, (row) => row.renders[name]?.seconds ?? Number.NaN),
      ),
      ratio("apply guard phase", (row) => row.guards.seconds),
    ];
    console.log("");
    console.log(
      `targets at ${largest.accounts} accounts (ratios against ${smallest.accounts}: ${scale.toFixed(1)}x the accounts, wall time):`,
    );
    for (const check of checks) console.log(`  ${verdict(check.ok)}  ${check.label}: ${check.text}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
