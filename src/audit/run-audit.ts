import { setMaxListeners } from "node:events";
import { readCaller } from "../aws/caller.js";
import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import {
  accountTags,
  type DiscoveredAccount,
  describeOrganization,
  rootAccessFeatures,
  serviceControlPolicies,
  trustedAccessEnabled,
  walkOrganization,
} from "../aws/organization.js";
import { byText } from "../order.js";
import { settleAll } from "../settle.js";
import type { AdaptiveLimit } from "./adaptive-limit.js";
import { auditAccount } from "./audit-account.js";
import { expectOrganization } from "./expect-organization.js";
import { createPool } from "./pool.js";
import { type AuditedAccount, type AuditSnapshot, SNAPSHOT_VERSION } from "./snapshot.js";
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
 */
export async function runAudit(clients: AwsClients, options: AuditOptions): Promise<AuditSnapshot> {
  const generatedAt = options.now().toISOString();
  const [caller, organization, trustedAccess, features, scps] = await settleAll([
    readCaller(clients.sts),
    describeOrganization(clients.organizations).then((organization) =>
      expectOrganization(organization, options.expectOrganizationId),
    ),
    trustedAccessEnabled(clients.organizations),
    rootAccessFeatures(clients.iam),
    serviceControlPolicies(clients.organizations),
  ]);
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
    const account = options.withTags ? await withTags(clients, discovered) : { ...discovered, tags: {} };
    const result = await classify(
      clients,
      account,
      organization.managementAccountId,
      features.rootCredentialsManagement,
      options,
      stopAudits.signal,
    );
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
    await pool.drain();
    throw error;
  });
  progress.discoveryDone = true;
  report();
  // With `only`, unlock targets of the accounts left out are not read either.
  const requests = (options.unlockTargets ?? []).filter(
    (request) => (!options.only || included.has(request.accountId)) && !options.interrupted?.(),
  );
  const [, unlockTargets] = await settleAll([
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
  ]);

  return {
    version: SNAPSHOT_VERSION,
    generatedAt,
    organization: { ...organization, rootId: tree.rootId },
    caller,
    features: { trustedAccess, ...features },
    tagsRead: options.withTags,
    organizationalUnits: tree.organizationalUnits,
    serviceControlPolicies: scps,
    accounts: accounts.sort(byText((account) => account.id)),
    ...(unlockTargets ? { unlockTargets } : {}),
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

/**
 * Never defaults unreadable tags to none: an exception selected by tag would silently stop
 * matching and the plan would delete what it allows. The error travels with the account.
 */
async function withTags(
  clients: AwsClients,
  discovered: DiscoveredAccount,
): Promise<DiscoveredAccount & { tags: Record<string, string>; tagsError?: string }> {
  try {
    return { ...discovered, tags: await accountTags(clients.organizations, discovered.id) };
  } catch (error) {
    const failure = awsFailure(error);
    return { ...discovered, tags: {}, tagsError: `${failure.code}: ${failure.message}` };
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
