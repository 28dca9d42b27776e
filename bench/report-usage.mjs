// Preloaded into the child by bench/plan-scale.ts (`node --import ./bench/report-usage.mjs …`):
// at exit, writes the process's peak resident set size and CPU time to $ROOTWARD_BENCH_RSS_FILE.
// process.resourceUsage().maxRSS is getrusage(RUSAGE_SELF).ru_maxrss in kilobytes: the kernel's
// own high-water mark for this process, so no sampling can miss the peak.
import { writeFileSync } from "node:fs";

const target = process.env.ROOTWARD_BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    writeFileSync(target, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuSeconds }));
  });
}
