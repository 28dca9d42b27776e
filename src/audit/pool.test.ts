import { describe, expect, it } from "vitest";
import { createPool } from "./pool.js";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("createPool", () => {
  it("runs at most `limit` tasks at once, in submission order", async () => {
    const pool = createPool(2);
    const started: number[] = [];
    const gates = [deferred(), deferred(), deferred()];
    for (const [index, gate] of gates.entries()) {
      pool.submit(async () => {
        started.push(index);
        await gate.promise;
      });
    }
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[0]?.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toEqual([0, 1, 2]);
    gates[1]?.resolve();
    gates[2]?.resolve();
    await pool.drain();
  });

  it("stop drops the waiting tasks and refuses new ones; drain waits for the running ones", async () => {
    const pool = createPool(1);
    const events: string[] = [];
    const gate = deferred();
    pool.submit(async () => {
      events.push("first started");
      await gate.promise;
      events.push("first finished");
    });
    pool.submit(async () => {
      events.push("second started");
    });
    await Promise.resolve();
    pool.stop();
    pool.submit(async () => {
      events.push("third started");
    });
    const drained = pool.drain().then(() => events.push("drained"));
    gate.resolve();
    await drained;
    expect(events).toEqual(["first started", "first finished", "drained"]);
  });

  it("keeps a task that throws before its first await inside the pool", async () => {
    const pool = createPool(1);
    const ran: string[] = [];
    pool.submit((() => {
      throw new Error("synchronous");
    }) as () => Promise<void>);
    pool.submit(async () => {
      ran.push("next");
    });
    await pool.drain();
    expect(ran).toEqual(["next"]);
  });

  it("resolves every drain, not only the last one asked", async () => {
    const pool = createPool(1);
    const gate = deferred();
    pool.submit(() => gate.promise);
    const drains = [pool.drain(), pool.drain()];
    gate.resolve();
    await expect(Promise.all(drains)).resolves.toEqual([undefined, undefined]);
  });
});
