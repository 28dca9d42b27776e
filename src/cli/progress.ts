import type { AuditProgress } from "../audit/run-audit.js";

/**
 * Audit progress on stderr: a redrawn bar with counts and ETA on a TTY, a plain line every few
 * seconds otherwise (CI logs), nothing with --quiet.
 */
export function progressReporter(options: {
  write: (text: string) => void;
  isTty: boolean;
  quiet: boolean;
  now?: () => number;
  intervalMs?: number;
}): { update(progress: AuditProgress): void; finish(): void } {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? (options.isTty ? 100 : 5000);
  // The first line waits one interval: at the very start it could only say "1 account".
  let last = started;
  let latest: AuditProgress | undefined;
  const line = (progress: AuditProgress) => {
    const elapsed = (now() - started) / 1000;
    const total = progress.discoveryDone ? progress.discovered : undefined;
    const rate = progress.finished / Math.max(elapsed, 0.001);
    const eta =
      total !== undefined && rate > 0 ? ` ETA ${Math.ceil((total - progress.finished) / rate)}s` : "";
    const failed = progress.failed > 0 ? `, ${progress.failed} failed` : "";
    if (total === undefined)
      return `audit: discovering the organization, ${progress.discovered} accounts found, ${progress.finished} audited${failed}, ${elapsed.toFixed(0)}s`;
    const of = `/${total}`;
    if (!options.isTty)
      return `audit: ${progress.finished}${of} accounts${failed}, ${elapsed.toFixed(0)}s${eta}`;
    const width = 24;
    const filled = Math.round((progress.finished / Math.max(total, 1)) * width);
    return `audit [${"#".repeat(filled)}${".".repeat(width - filled)}] ${progress.finished}${of}${failed}${eta}`;
  };
  return {
    update(progress) {
      latest = progress;
      if (options.quiet || now() - last < interval) return;
      last = now();
      options.write(options.isTty ? `\r\u001b[2K${line(progress)}` : `${line(progress)}\n`);
    },
    finish() {
      if (options.quiet || !latest) return;
      options.write(options.isTty ? `\r\u001b[2K${line(latest)}\n` : `${line(latest)}\n`);
    },
  };
}
