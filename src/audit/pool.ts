/**
 * Runs tasks with at most `limit` in flight, in submission order. Reads are bounded so a large
 * organization neither floods AWS nor holds thousands of sockets.
 */
export type Pool = {
  submit(task: () => Promise<void>): void;
  /** Resolves when every submitted task has settled (tasks handle their own errors). */
  drain(): Promise<void>;
};

export function createPool(limit: number | (() => number)): Pool {
  const allowed = typeof limit === "number" ? () => limit : limit;
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  let idle: (() => void) | undefined;
  const next = () => {
    while (running < allowed() && waiting.length > 0) {
      const task = waiting.shift() as () => Promise<void>;
      running++;
      task()
        .catch(() => undefined)
        .finally(() => {
          running--;
          next();
        });
    }
    if (running === 0 && waiting.length === 0) idle?.();
  };
  return {
    submit(task) {
      waiting.push(task);
      next();
    },
    drain() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        idle = resolve;
      });
    },
  };
}
