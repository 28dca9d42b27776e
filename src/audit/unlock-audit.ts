import { type AccountFactsRead, readAccountFacts } from "../aws/account-facts.js";
import { readCaller } from "../aws/caller.js";
import type { AwsClients } from "../aws/clients.js";
import { readLiveOrganization } from "../aws/organization.js";
import { type DesiredState, unlockTargetsOf, usesTagSelectors } from "../desired/index.js";
import { byText } from "../order.js";
import { expectOrganization } from "./expect-organization.js";
import { type AuditedAccount, type AuditSnapshot, SNAPSHOT_VERSION } from "./snapshot.js";
import { readUnlockTargets } from "./unlock-targets.js";

export type UnlockAuditOptions = {
  now: () => Date;
  deadlineMs: number;
  concurrency: number;
  /** Another organization ends the run before any unlock session opens. */
  expectOrganizationId?: string;
};

/**
 * The audit `apply --unlocks-only` needs, and nothing more: the organization and its features,
 * the facts of the accounts that unlock requests name (state, OU path, tags), and each requested
 * policy read in its unlock session. No credential audit, no OU walk, no SCPs: the apply role
 * holds none of those permissions (`rootward iam-policy apply`), and an unlock does not need them.
 * The snapshot covers only those accounts, each `unaudited` with reason `unlocks-only`.
 */
export async function auditUnlockTargets(
  clients: AwsClients,
  desired: DesiredState,
  options: UnlockAuditOptions,
): Promise<AuditSnapshot> {
  const generatedAt = options.now().toISOString();
  const [caller, organization] = await Promise.all([
    readCaller(clients.sts),
    readLiveOrganization(clients).then((read) => expectOrganization(read, options.expectOrganizationId)),
  ]);
  const requests = unlockTargetsOf(desired);
  const accountIds = [...new Set(requests.map((request) => request.accountId))];
  const withTags = usesTagSelectors(desired);
  const facts = await readAccountFacts(clients.organizations, accountIds, {
    withTags,
    concurrency: options.concurrency,
  });
  const accountStates = new Map<string, string>();
  const accounts: AuditedAccount[] = [];
  for (const id of accountIds) {
    const read = facts.get(id);
    const account = auditedAccount(id, read);
    if (account) {
      accounts.push(account);
      accountStates.set(id, account.state);
    }
  }
  const unlockTargets = await readUnlockTargets(clients, requests, {
    managementAccountId: organization.managementAccountId,
    rootSessions: organization.features.rootSessions,
    accountStates,
    deadlineMs: options.deadlineMs,
    concurrency: options.concurrency,
  });
  return {
    version: SNAPSHOT_VERSION,
    generatedAt,
    organization: {
      id: organization.id,
      managementAccountId: organization.managementAccountId,
      featureSet: organization.featureSet,
      rootId: accounts[0]?.ouIds[0] ?? "",
    },
    caller,
    features: organization.features,
    tagsRead: withTags,
    organizationalUnits: [],
    serviceControlPolicies: [],
    accounts: accounts.sort(byText((account) => account.id)),
    unlockTargets,
  };
}

/** An account outside the organization is left out (the plan then reports its unlock as missing). */
function auditedAccount(id: string, read: AccountFactsRead | undefined): AuditedAccount | undefined {
  if (!read || read.kind === "not-in-organization") return undefined;
  if (read.kind === "unreadable") {
    return {
      id,
      name: "",
      ouPath: "",
      ouIds: [],
      tags: {},
      tagsError: `${read.errorCode}: ${read.message}`,
      state: "UNKNOWN",
      status: "failed",
      reasonCode: "error",
      errorCode: read.errorCode,
      reason: `its state, OU path or tags could not be read: ${read.message}`,
    };
  }
  const { account } = read;
  return {
    ...account,
    status: "unaudited",
    reasonCode: "unlocks-only",
    reason: "this run reads only what unlock requests need",
  };
}
