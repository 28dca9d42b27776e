import { describe, expect, it } from "vitest";
import { createAdaptiveLimit } from "./adaptive-limit.js";
import { createPool } from "./pool.js";

type Step = "throttle" | "success" | { wait: number };

function run(steps: readonly Step[], max = 16, min?: number): number[] {
  let clock = 10_000;
  const limit = createAdaptiveLimit({ max, ...(min === undefined ? {} : { min }), now: () => clock });
  const seen: number[] = [];
  for (const step of steps) {
    if (step === "throttle") limit.onThrottle();
    else if (step === "success") limit.onSuccess();
    else clock += step.wait;
    seen.push(limit.current());
  }
  return seen;
}

const successes = (count: number): Step[] => Array.from({ length: count }, () => "success");

describe("adaptive concurrency limit", () => {
  it.each<[string, Step[], number[], { max: number; min?: number }?]>([
    ["starts at the maximum and never grows above it", successes(3), [16, 16, 16]],
    ["cuts by 30 % on throttling", ["throttle"], [11]],
    [
      "counts a burst of throttles within a second once",
      ["throttle", "throttle", { wait: 999 }, "throttle"],
      [11, 11, 11, 11],
    ],
    ["cuts again a second later", ["throttle", { wait: 1000 }, "throttle"], [11, 11, 7]],
    ["never goes below the minimum", ["throttle", { wait: 1000 }, "throttle"], [3, 3, 3], { max: 4, min: 3 }],
    ["never goes below 2 by default", ["throttle", { wait: 1000 }, "throttle"], [2, 2, 2], { max: 4 }],
  ])("%s", (_name, steps, expected, bounds) => {
    expect(run(steps, bounds?.max ?? 16, bounds?.min)).toEqual(expected);
  });

  it("grows back by about one slot per `limit` successes, up to the maximum", () => {
    // From 11.2 each success adds 1/limit: 12 after 10 successes, 13 after 22, 16 after 66.
    const afterSuccesses = run(["throttle", ...successes(70)]);

    expect([9, 10, 21, 22, 65, 66, 70].map((count) => afterSuccesses[count])).toEqual([
      11, 12, 12, 13, 15, 16, 16,
    ]);
  });
});

describe("pool with a limit that shrinks", () => {
  it("starts no task while as many are running as the limit now allows", async () => {
    let allowed = 4;
    const pool = createPool(() => allowed);
    const pending: Array<() => void> = [];
    let running = 0;
    let peak = 0;
    const task = () =>
      new Promise<void>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        pending.push(() => {
          running--;
          resolve();
        });
      });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    for (let index = 0; index < 10; index++) pool.submit(task);
    await settle();
    expect(running).toBe(4);

    allowed = 2;
    for (const finish of pending.splice(0, 3)) finish();
    await settle();
    const afterCut = running;
    peak = running;
    while (pending.length > 0) {
      for (const finish of pending.splice(0)) finish();
      await settle();
    }
    await pool.drain();

    expect(afterCut).toBe(2);
    expect(peak).toBe(2);
  });
});
