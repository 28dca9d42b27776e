import type { RootCredentials } from "../../src/audit/snapshot.js";
import { liveFingerprint, planFingerprint } from "../../src/plan/fingerprint.js";
import type { AccountAction, Plan, PlanAction, PlannedAccount, PlannedUnlock } from "../../src/plan/model.js";
import type { CallRecord, Sandbox } from "../../src/sandbox/index.js";

/**
 * What an attacker who can edit a plan file does: change anything, then recompute the
 * fingerprint (a plain sha256 anyone can recompute), so the document is intact again.
 */
export function forge(
  plan: Plan,
  edit: {
    actions?: PlanAction[];
    accounts?: PlannedAccount[];
    unlocks?: PlannedUnlock[];
    managementAccountId?: string;
  },
): Plan {
  const forged: Plan = { ...plan, ...edit };
  return {
    ...forged,
    fingerprint: planFingerprint(forged.organizationId, forged.actions, forged.accounts, forged.unlocks),
  };
}

/** The plan's entry for an account, replaced (or added) with whatever the forger claims. */
export function claimAccount(
  plan: Plan,
  entry: Partial<PlannedAccount> & { accountId: string },
): PlannedAccount[] {
  const existing = plan.accounts.find((account) => account.accountId === entry.accountId);
  const live = entry.live ?? existing?.live;
  const claimed: PlannedAccount = {
    name: "forged",
    ouPath: "/Root",
    state: "ACTIVE",
    auditStatus: "audited",
    governedBy: { kind: "baseline", location: { file: "desired-state/policy.yaml", line: 14 } },
    disposition: "drift",
    ...existing,
    ...entry,
    ...(live ? { live, liveFingerprint: liveFingerprint(live) } : {}),
  };
  return [...plan.accounts.filter((account) => account.accountId !== entry.accountId), claimed];
}

/** The root credentials the sandbox holds for an account, in the plan's form: what a forger copies. */
export function credentialsOf(sandbox: Sandbox, accountId: string): RootCredentials {
  const view = sandbox.state({ account: accountId }).accounts[0];
  if (!view) throw new Error(`no account ${accountId} in the sandbox`);
  const root = view.rootCredentials;
  return {
    password: { present: root.password.present },
    accessKeys: root.accessKeys.map((key) => ({ accessKeyId: key.accessKeyId, status: key.status })),
    mfaDevices: root.mfaDevices
      .filter((device) => device.active)
      .map((device) => ({ serialNumber: device.serialNumber, type: device.type })),
    signingCertificates: root.signingCertificates.map((certificate) => ({
      certificateId: certificate.certificateId,
      status: certificate.status,
    })),
  };
}

export function deleteAction(
  operation: AccountAction["operation"],
  accountId: string,
  identifier: Partial<AccountAction> = {},
): AccountAction {
  const taskPolicy =
    operation === "CreateLoginProfile" ? "IAMCreateRootUserPassword" : "IAMDeleteRootUserCredentials";
  return { operation, accountId, taskPolicy, ...identifier };
}

/** Calls that changed something and succeeded, as `account operation`. */
export function mutatingCalls(calls: readonly CallRecord[]): string[] {
  return calls
    .filter(
      (call) =>
        /^(Delete|Deactivate|Create|Enable|Disable|Put|Set|Update)/.test(call.operation) &&
        call.outcome === "ok",
    )
    .map((call) => `${call.account ?? "-"} ${call.operation}`);
}

/** Moves an account to another OU of the sandbox, as MoveAccount would. */
export function moveAccount(sandbox: Sandbox, accountId: string, ouPath: string): void {
  const org = sandbox.organization();
  const account = org.accountsById.get(accountId);
  const target = org.ous.find((ou) => ou.path === ouPath);
  if (!account || !target) throw new Error(`cannot move ${accountId} to ${ouPath}`);
  const siblings = org.accountsByParent.get(account.parentId) ?? [];
  org.accountsByParent.set(
    account.parentId,
    siblings.filter((sibling) => sibling.id !== accountId),
  );
  account.parentId = target.id;
  org.accountsByParent.set(target.id, [...(org.accountsByParent.get(target.id) ?? []), account]);
}

/** Sets a tag on an account, as TagResource would. */
export function tagAccount(sandbox: Sandbox, accountId: string, key: string, value: string): void {
  const account = sandbox.organization().accountsById.get(accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  account.tags = [...(account.tags ?? []).filter((tag) => tag.Key !== key), { Key: key, Value: value }];
}
