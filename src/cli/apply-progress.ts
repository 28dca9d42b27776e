import type { AccountResult } from "../apply/apply-account.js";
import { inertText } from "../report/inert-text.js";

/**
 * Apply's progress on stderr, like Terraform's "Destruction complete after 2s": one line per
 * account as it finishes, with its elapsed time, and on a terminal a bar redrawn below the
 * lines. The final report on stdout stays as it was.
 */
export function applyProgress(options: {
  write: (text: string) => void;
  isTty: boolean;
  quiet: boolean;
  /** Milliseconds; injected so tests control elapsed times. */
  clock: () => number;
}): {
  started(accountId: string, total: number): void;
  finished(result: AccountResult, total: number): void;
  finish(): void;
} {
  const began = options.clock();
  const startedAt = new Map<string, number>();
  let done = 0;
  let total = 0;
  let barShown = false;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;
  const bar = () => {
    const width = 24;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    return `apply [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} accounts, ${seconds(options.clock() - began)}`;
  };
  const clearBar = () => (barShown ? "\r\u001b[2K" : "");
  return {
    started(accountId, count) {
      total = count;
      startedAt.set(accountId, options.clock());
      if (options.quiet || !options.isTty) return;
      options.write(`${clearBar()}${bar()}`);
      barShown = true;
    },
    finished(result, count) {
      total = count;
      done++;
      if (options.quiet) return;
      const elapsed = options.clock() - (startedAt.get(result.accountId) ?? began);
      const succeeded = result.actions.filter(
        (action) => action.outcome === "done" || action.outcome === "already-done",
      ).length;
      const why = result.reason ? ` (${result.reason})` : "";
      const line = inertText(
        `[${done}/${total}] ${result.accountId} ${result.name}: ${result.outcome}${why}, ${succeeded}/${result.actions.length} actions done after ${seconds(elapsed)}`,
      );
      if (!options.isTty) {
        options.write(`${line}\n`);
        return;
      }
      options.write(`${clearBar()}${line}\n${bar()}`);
      barShown = true;
    },
    finish() {
      if (barShown) options.write(`${clearBar()}${bar()}\n`);
      barShown = false;
    },
  };
}
