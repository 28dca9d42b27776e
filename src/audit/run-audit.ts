import { setMaxListeners } from "node:events";
import { readCaller } from "../aws/caller.js";
import type { AwsClients } from "../aws/clients.js";
import { awsFailure, type Settled, settle } from "../aws/errors.js";
import {
  accountTags,
  type DiscoveredAccount,
  describeOrganization,
  rootAccessFeatures,
  trustedAccessEnabled,
  walkOrganization,
} from "../aws/organization.js";
import { serviceControlPolicies } from "../aws/service-control-policies.js";
import { byText } from "../order.js";
import { settleAll } from "../settle.js";
import type { AdaptiveLimit } from "./adaptive-limit.js";
import { auditAccount } from "./audit-account.js";
import { expectOrganization } from "./expect-organization.js";
import { createPool } from "./pool.js";
import { type AuditedAccount, type AuditSnapshot, SNAPSHOT_VERSION, type UnreadData } from "./snapshot.js";
import { readUnlockTargets, type UnlockTargetRequest, unreadUnlockTargets } from "./unlock-targets.js";

export type AuditOptions = {
  /** A fixed bound, or an adaptive one that grows on success and shrinks on throttling. */
  concurrency: number | AdaptiveLimit;
  thorough: boolean;
  withTags: boolean;
  accountDeadlineMs: number;
  now: () => Date;
  onProgress?: (event: AuditProgress) => void;
  /** Audit only the accounts this accepts (e.g. `rootward explain`); the others are left out. */
  only?: (account: DiscoveredAccount) => boolean;
  /**
   * Buckets and queues the desired state asks to unlock; their policies are read after discovery,
   * unless `unlockReads` is false (the read-only plan role cannot open unlock sessions).
   */
  unlockTargets?: readonly UnlockTargetRequest[];
  unlockReads?: boolean;
  /**
   * The organization the desired state is for: any other ends the run right after
   * DescribeOrganization, before the walk and before any AssumeRoot.
   */
  expectOrganizationId?: string;
  /**
   * Ctrl-C: once true, no account starts (the discovered ones are recorded `unaudited`, reason
   * `interrupted`), the ones in flight finish, and the snapshot is marked incomplete.
   */
  interrupted?: () => boolean;
};

export type AuditProgress = { discovered: number; finished: number; failed: number; discoveryDone: boolean };

export const DEFAULT_AUDIT_OPTIONS = {
  concurrency: 16,
  thorough: false,
  withTags: false,
  accountDeadlineMs: 300_000,
} as const;

/**
 * The live half of every plan: discovers the organization and audits every ACTIVE member
 * account, auditing while discovery still pages. One failing account never aborts the audit.
 * Accounts need only the organization and its features; trusted access and the SCPs are read
 * alongside them and never hold back the first AssumeRoot. When one of those two reads fails the
 * audit goes on and the snapshot says what is missing (`unread`); the plan reports it.
 */
export async function runAudit(clients: AwsClients, options: AuditOptions): Promise<AuditSnapshot> {
  const generatedAt = options.now().toISOString();
  // Who runs, which organization and whether AssumeRoot may open sessions: one round trip, and a
  // wrong organization ends the run here, before the walk and before any AssumeRoot.
  const [caller, organization, features] = await settleAll([
    readCaller(clients.sts),
    describeOrganization(clients.organizations).then((organization) =>
      expectOrganization(organization, options.expectOrganizationId),
    ),
    rootAccessFeatures(clients.iam),
  ]);
  // Recorded, never needed to audit an account: read alongside the account pipeline, and a
  // failure becomes `unread`, never the end of the audit. They never reject.
  const stopReads = new AbortController();
  const trustedAccessRead = settle(trustedAccessEnabled(clients.organizations));
  const scpRead = settle(serviceControlPolicies(clients.organizations, { signal: stopReads.signal }));
  const accounts: AuditedAccount[] = [];
  const progress: AuditProgress = { discovered: 0, finished: 0, failed: 0, discoveryDone: false };
  const report = () => options.onProgress?.({ ...progress });
  const limit = options.concurrency;
  const pool = createPool(typeof limit === "number" ? limit : limit.current);
  // Discovery failing ends the run: the accounts in flight are aborted, none starts after it.
  const stopAudits = new AbortController();
  // One listener per account in flight, bounded by the pool, not a leak.
  setMaxListeners(0, stopAudits.signal);

  let notAudited = 0;
  const handle = async (discovered: DiscoveredAccount) => {
    if (options.interrupted?.()) {
      notAudited++;
      accounts.push(interruptedAccount(discovered));
      progress.finished++;
      report();
      return;
    }
    // Tags are recorded, never needed to audit: read alongside the session, not before it, so
    // they add no latency to an account.
    const tagsRead = options.withTags ? readTags(clients, discovered.id) : Promise.resolve({ tags: {} });
    const audited = await classify(
      clients,
      { ...discovered, tags: {} },
      organization.managementAccountId,
      features.rootCredentialsManagement,
      options,
      stopAudits.signal,
    );
    const result: AuditedAccount = { ...audited, ...(await tagsRead) };
    accounts.push(result);
    if (typeof limit !== "number" && result.status === "audited") limit.onSuccess();
    progress.finished++;
    if (result.status === "failed") progress.failed++;
    report();
  };
  const accountStates = new Map<string, string>();
  const included = new Set<string>();
  const tree = await walkOrganization(clients.organizations, (discovered) => {
    accountStates.set(discovered.id, discovered.state);
    if (options.only && !options.only(discovered)) return;
    included.add(discovered.id);
    progress.discovered++;
    pool.submit(() => handle(discovered));
  }).catch(async (error: unknown) => {
    // Nothing is left calling AWS or reporting progress when the caller prints the error.
    pool.stop();
    stopAudits.abort();
    stopReads.abort();
    await Promise.all([pool.drain(), trustedAccessRead, scpRead]);
    throw error;
  });
  progress.discoveryDone = true;
  report();
  // With `only`, unlock targets of the accounts left out are not read either.
  const requests = (options.unlockTargets ?? []).filter(
    (request) => (!options.only || included.has(request.accountId)) && !options.interrupted?.(),
  );
  const [, unlockTargets, trustedAccess, scps] = await settleAll([
    pool.drain(),
    requests.length === 0
      ? undefined
      : options.unlockReads === false
        ? unreadUnlockTargets(requests)
        : readUnlockTargets(clients, requests, {
            managementAccountId: organization.managementAccountId,
            rootSessions: features.rootSessions,
            accountStates,
            deadlineMs: options.accountDeadlineMs,
            concurrency: 4,
          }),
    trustedAccessRead,
    scpRead,
  ]);
  const unread: UnreadData = {
    ...("failure" in scps ? { serviceControlPolicies: scps.failure } : {}),
    ...("failure" in trustedAccess ? { trustedAccess: trustedAccess.failure } : {}),
  };

  return {
    version: SNAPSHOT_VERSION,
    generatedAt,
    organization: { ...organization, rootId: tree.rootId },
    caller,
    // Unread values are written as false and listed in `unread`; nothing downstream reads them as the truth.
    features: { trustedAccess: valueOr(trustedAccess, false), ...features },
    tagsRead: options.withTags,
    organizationalUnits: tree.organizationalUnits,
    serviceControlPolicies: valueOr(scps, []),
    accounts: accounts.sort(byText((account) => account.id)),
    ...(unlockTargets ? { unlockTargets } : {}),
    ...(Object.keys(unread).length > 0 ? { unread } : {}),
    ...(notAudited > 0 ? { incomplete: { reason: "interrupted" as const, notAudited } } : {}),
  };
}

function interruptedAccount(discovered: DiscoveredAccount): AuditedAccount {
  return {
    ...discovered,
    tags: {},
    status: "unaudited",
    reasonCode: "interrupted",
    reason: "the audit was interrupted (Ctrl-C) before this account was audited",
  };
}

function valueOr<T>(read: Settled<T>, placeholder: T): T {
  return "value" in read ? read.value : placeholder;
}

/**
 * Never defaults unreadable tags to none: an exception selected by tag would silently stop
 * matching and the plan would delete what it allows. The error travels with the account.
 */
async function readTags(
  clients: AwsClients,
  accountId: string,
): Promise<{ tags: Record<string, string>; tagsError?: string }> {
  try {
    return { tags: await accountTags(clients.organizations, accountId) };
  } catch (error) {
    const failure = awsFailure(error);
    return { tags: {}, tagsError: `${failure.code}: ${failure.message}` };
  }
}

async function classify(
  clients: AwsClients,
  account: DiscoveredAccount & { tags: Record<string, string>; tagsError?: string },
  managementAccountId: string,
  rootCredentialsManagement: boolean,
  options: AuditOptions,
  signal: AbortSignal,
): Promise<AuditedAccount> {
  if (account.id === managementAccountId) {
    return {
      ...account,
      status: "skipped",
      reasonCode: "management-account",
      reason: "the management account's root user is out of scope of centralized root access",
    };
  }
  if (account.state !== "ACTIVE") {
    return { ...account, status: "skipped", reasonCode: "not-active", reason: `account is ${account.state}` };
  }
  if (!rootCredentialsManagement) {
    return {
      ...account,
      status: "unaudited",
      reasonCode: "root-credentials-management-disabled",
      reason: "root credentials management is not enabled, so AssumeRoot cannot open audit sessions",
    };
  }
  return auditAccount(clients, account, {
    thorough: options.thorough,
    deadlineMs: options.accountDeadlineMs,
    signal,
  });
}
