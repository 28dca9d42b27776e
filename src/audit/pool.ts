/**
 * Runs tasks with at most `limit` in flight, in submission order. Reads are bounded so a large
 * organization neither floods AWS nor holds thousands of sockets.
 */
export type Pool = {
  submit(task: () => Promise<void>): void;
  /** Resolves when every submitted task has settled (tasks handle their own errors). */
  drain(): Promise<void>;
  /**
   * Drops the tasks not started yet and refuses new ones; `drain` then resolves once the tasks
   * in flight have settled. For a run that failed: nothing new starts after the error.
   */
  stop(): void;
};

export function createPool(limit: number | (() => number)): Pool {
  const allowed = typeof limit === "number" ? () => limit : limit;
  const waiting: Array<() => Promise<void>> = [];
  const idle: Array<() => void> = [];
  let running = 0;
  let stopped = false;
  const settled = () => running === 0 && waiting.length === 0;
  const next = () => {
    while (running < allowed() && waiting.length > 0) {
      const task = waiting.shift() as () => Promise<void>;
      running++;
      // Through a promise, so a task that throws before its first await cannot escape the pool.
      Promise.resolve()
        .then(task)
        .catch(() => undefined)
        .finally(() => {
          running--;
          next();
        });
    }
    if (settled()) for (const resolve of idle.splice(0)) resolve();
  };
  return {
    submit(task) {
      if (stopped) return;
      waiting.push(task);
      next();
    },
    drain() {
      if (settled()) return Promise.resolve();
      return new Promise((resolve) => {
        idle.push(resolve);
      });
    },
    stop() {
      stopped = true;
      waiting.length = 0;
      next();
    },
  };
}
