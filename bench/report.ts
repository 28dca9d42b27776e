/**
 * Evidence-pack benchmark (issue 16): size and time of `rootward report` at 10,000 accounts (and
 * any other sizes). Not a timed test: it prints figures and exits 0.
 *
 *   npm run bench:report [-- --sizes 10000,50000 --repeat 3]
 *
 * - pure: renderEvidencePack() in this process (plan included), median of `--repeat` runs after a
 *   warm-up.
 * - end to end: `node dist/cli/main.js report --audit FILE --out DIR` in a child process (the
 *   built CLI; `npm run bench:report` builds first): wall time from spawn to exit and peak RSS
 *   (bench/report-max-rss.mjs, as bench/plan-scale.ts), once without and once with `--previous`
 *   (the first pack, against a snapshot where a few credentials changed).
 * - sizes: every file of the pack, and index.html gzipped (what an artifact download costs).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { AuditSnapshot } from "../src/audit/snapshot.js";
import { type DesiredState, loadDesiredState } from "../src/desired/index.js";
import { renderEvidencePack } from "../src/evidence/pack.js";
import { plan } from "../src/plan/plan.js";
import { benchDesiredState, benchSnapshot } from "./plan-scale-fixture.js";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "10000" }, repeat: { type: "string", default: "3" } },
});
const sizes = values.sizes.split(",").map(Number);
const repeat = Math.max(1, Number(values.repeat));
const NOW = new Date("2026-11-22T12:00:00Z");
const REPO = join(import.meta.dirname, "..");

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
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

/** The next day's audit: every 50th clean account got a root password, every 7th dirty one lost its credentials. */
function nextDay(audit: AuditSnapshot): AuditSnapshot {
  const accounts = audit.accounts.map((account, index) => {
    const live = account.rootCredentials;
    if (!live || account.status !== "audited") return account;
    const clean = !live.password.present && live.accessKeys.length === 0 && live.mfaDevices.length === 0;
    if (clean && index % 50 === 0)
      return { ...account, rootCredentials: { ...live, password: { present: true } } };
    if (!clean && index % 7 === 0)
      return {
        ...account,
        rootCredentials: {
          password: { present: false },
          accessKeys: [],
          mfaDevices: [],
          signingCertificates: [],
        },
      };
    return account;
  });
  return { ...audit, generatedAt: "2026-11-23T06:00:00.000Z", accounts };
}

function run(args: string[], rssFile: string): Promise<{ seconds: number; rssMiB: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ["--import", "./bench/report-max-rss.mjs", "dist/cli/main.js", "report", ...args],
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
      if (code !== 0) return reject(new Error(`rootward report exited ${code}: ${stderr}`));
      const { maxRssKiB } = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssKiB: number };
      resolve({ seconds, rssMiB: maxRssKiB / 1024 });
    });
  });
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

async function measure(members: number, desired: DesiredState, work: string): Promise<void> {
  const audit = benchSnapshot(members);
  const auditBytes = new TextEncoder().encode(JSON.stringify(audit));
  const pure = median(
    Array.from({ length: repeat }, () => {
      const started = performance.now();
      renderEvidencePack({
        audit,
        auditBytes,
        desired,
        plan: plan(desired, audit, NOW),
        now: NOW,
        toolVersion: "bench",
        previous: [],
      });
      return (performance.now() - started) / 1000;
    }),
  );
  const auditFile = join(work, `audit-${members}.json`);
  const nextFile = join(work, `audit-${members}-next.json`);
  writeFileSync(auditFile, auditBytes);
  writeFileSync(nextFile, JSON.stringify(nextDay(audit)));
  const desiredDir = join(work, "desired-state");
  const first = join(work, `pack-${members}`);
  const second = join(work, `pack-${members}-next`);
  const plain: Array<{ seconds: number; rssMiB: number }> = [];
  const history: Array<{ seconds: number; rssMiB: number }> = [];
  for (let index = 0; index < repeat; index++) {
    rmSync(first, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
    const base = ["--desired-state", desiredDir];
    plain.push(await run([...base, "--audit", auditFile, "--out", first], `${first}.rss.json`));
    history.push(
      await run([...base, "--audit", nextFile, "--previous", first, "--out", second], `${second}.rss.json`),
    );
  }
  console.log(`\n${audit.accounts.length} accounts (${members} members), ${repeat} run(s), median:`);
  console.log(`  renderEvidencePack() incl. plan   ${pure.toFixed(3)} s`);
  const show = (label: string, runs: Array<{ seconds: number; rssMiB: number }>) =>
    console.log(
      `  ${label.padEnd(33)}${median(runs.map((entry) => entry.seconds)).toFixed(3)} s, peak RSS ${Math.max(...runs.map((entry) => entry.rssMiB)).toFixed(0)} MiB`,
    );
  show("rootward report, end to end", plain);
  show("  with --previous (one pack)", history);
  console.log("  files of the pack (with --previous):");
  for (const name of readdirSync(second).sort()) {
    const bytes = statSync(join(second, name)).size;
    const gz =
      name === "index.html" ? `, ${mib(gzipSync(readFileSync(join(second, name))).length)} gzipped` : "";
    console.log(`    ${name.padEnd(15)} ${mib(bytes).padStart(10)}${gz}`);
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "rootward-report-bench-"));
  try {
    const desired = desiredState(join(work, "desired-state"));
    const warm = benchSnapshot(1_000);
    renderEvidencePack({
      audit: warm,
      auditBytes: new Uint8Array(),
      desired,
      plan: plan(desired, warm, NOW),
      now: NOW,
      toolVersion: "bench",
      previous: [],
    });
    console.log(`rootward report benchmark (node ${process.version})`);
    for (const size of sizes) await measure(size, desired, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
