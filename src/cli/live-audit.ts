import { createAdaptiveLimit } from "../audit/adaptive-limit.js";
import { type AuditOptions, DEFAULT_AUDIT_OPTIONS, runAudit } from "../audit/run-audit.js";
import type { AuditSnapshot } from "../audit/snapshot.js";
import type { UnlockTargetRequest } from "../audit/unlock-targets.js";
import { createAwsClients } from "../aws/clients.js";
import { unreadWarnings } from "../report/audit-text.js";
import type { CliIo } from "./io.js";
import { progressReporter } from "./progress.js";

export type LiveAuditFlags = {
  concurrency: number;
  thorough: boolean;
  withTags: boolean;
  quiet: boolean;
  only?: AuditOptions["only"];
  /** The buckets and queues the desired state asks to unlock. */
  unlockTargets?: readonly UnlockTargetRequest[];
  /** False with --no-unlock-reads: no unlock sessions (the read-only plan role cannot open them). */
  unlockReads?: boolean;
  /** organization.id of the desired state: another organization stops the audit before it starts. */
  expectOrganizationId?: string;
};

/** Runs the live audit with the SDK's standard credential chain and progress on stderr. */
export async function liveAudit(flags: LiveAuditFlags, io: CliIo): Promise<AuditSnapshot> {
  const limit = createAdaptiveLimit({ max: flags.concurrency });
  const clients = await createAwsClients(io.env, {
    maxSockets: Math.max(64, flags.concurrency * 4),
    onThrottle: limit.onThrottle,
  });
  // The bar goes to stderr, so it follows stderr: `audit --format json > a.json` still shows it.
  const progress = progressReporter({ write: io.stderr, isTty: io.stderrIsTty === true, quiet: flags.quiet });
  let interrupted = false;
  const unsubscribe = io.onInterrupt(() => {
    if (!interrupted)
      io.stderr("\nInterrupted: no new account will be audited; waiting for the accounts in flight…\n");
    interrupted = true;
  });
  let snapshot: AuditSnapshot;
  try {
    snapshot = await runAudit(clients, {
      ...DEFAULT_AUDIT_OPTIONS,
      concurrency: limit,
      thorough: flags.thorough,
      withTags: flags.withTags,
      now: io.now,
      onProgress: progress.update,
      interrupted: () => interrupted,
      ...(flags.only ? { only: flags.only } : {}),
      ...(flags.unlockTargets ? { unlockTargets: flags.unlockTargets } : {}),
      ...(flags.unlockReads === false ? { unlockReads: false } : {}),
      ...(flags.expectOrganizationId ? { expectOrganizationId: flags.expectOrganizationId } : {}),
    });
  } finally {
    unsubscribe();
    progress.finish();
    clients.close();
  }
  io.stderr(unreadWarnings(snapshot));
  return snapshot;
}
