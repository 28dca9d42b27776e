import type { AuditSnapshot } from "../audit/snapshot.js";
import { queueArn } from "../desired/index.js";
import { indexBy } from "../index-by.js";
import { type AttachedPolicy, type Denial, findDenial } from "../scp/evaluate.js";
import { describeStatement, rootSessionContext } from "../scp/root-session.js";
import { parseScpContent } from "../scp/statements.js";
import type { AccountAction, Finding, PlannedAccount, PlannedUnlock, UnlockAction } from "./model.js";
import { iamActionOf } from "./operations.js";

/**
 * Predicts which planned actions an SCP will deny. SCPs stay in force inside root sessions (AWS
 * Security Blog, 2024-11-22), so a Deny without an `aws:AssumedRoot` exemption turns a planned
 * action into AccessDenied at apply time; better to say so in the plan.
 */
export function scpFindings(
  audit: AuditSnapshot,
  accounts: readonly PlannedAccount[],
  actions: readonly (AccountAction | UnlockAction)[],
  unlocks: readonly PlannedUnlock[] = [],
): Finding[] {
  const attached = attachedPolicies(audit);
  if (attached.size === 0) return [];
  // Indexed once, and only the accounts actions name: a lookup per action in the account list
  // made the plan quadratic (issue 13). The OU chains keep the last entry of an id, as before.
  const acting = new Set(actions.map((action) => action.accountId));
  const ouChains = new Map<string, readonly string[]>();
  for (const account of audit.accounts) if (acting.has(account.id)) ouChains.set(account.id, account.ouIds);
  let accountsById: Map<string, PlannedAccount> | undefined;
  let unlocksByName: Map<string, PlannedUnlock> | undefined;
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const action of actions) {
    const { iamAction, resource } = requestOf(action);
    const member = { id: action.accountId, ouIds: ouChains.get(action.accountId) ?? [] };
    const denial = rootSessionDenial(attached, member, iamAction, resource);
    if (!denial) continue;
    const key = `${action.accountId} ${iamAction} ${denial.policy.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    accountsById ??= indexBy(
      accounts.filter((entry) => acting.has(entry.accountId)),
      (entry) => entry.accountId,
    );
    unlocksByName ??= indexBy(unlocks, (entry) => entry.name);
    const account = accountsById.get(action.accountId);
    const unlock = "unlock" in action ? unlocksByName.get(action.unlock) : undefined;
    findings.push({
      ruleId: "scp-blocks-action",
      severity: "high",
      accountId: action.accountId,
      message: `SCP ${denial.policy.name} (${denial.policy.id}), ${describeStatement(denial.statement, denial.statementIndex)}, denies ${iamAction} inside root sessions of this account: ${action.operation} will fail with AccessDenied. Exempt root sessions (add Condition "Null": {"aws:AssumedRoot": "true"} to the Deny, so it only applies outside root sessions) or change the desired state`,
      location: unlock?.location ?? account?.governedBy.location ?? { file: "", line: 1 },
    });
  }
  return findings;
}

/** The permission and resource an SCP sees for the call an action makes. */
function requestOf(action: AccountAction | UnlockAction): { iamAction: string; resource: string } {
  if ("unlock" in action) {
    return action.operation === "DeleteBucketPolicy"
      ? { iamAction: "s3:DeleteBucketPolicy", resource: `arn:aws:s3:::${action.bucket}` }
      : { iamAction: "sqs:SetQueueAttributes", resource: queueArn(action.queueUrl) ?? "*" };
  }
  return { iamAction: iamActionOf(action.operation), resource: `arn:aws:iam::${action.accountId}:root` };
}

/**
 * The SCP statement that denies `iamAction` inside a root session of `account`, looking at the
 * policies attached to the account, then its OUs up to the root (`ouIds` run root first).
 */
export function rootSessionDenial(
  attached: ReadonlyMap<string, AttachedPolicy[]>,
  account: { id: string; ouIds: readonly string[] },
  iamAction: string,
  resource?: string,
): Denial | undefined {
  const chain = [account.id, ...[...account.ouIds].reverse()];
  return findDenial(
    chain,
    (target) => attached.get(target) ?? [],
    rootSessionContext(account.id, iamAction, resource),
  );
}

/** Deny-bearing SCPs by target id (root, OU or account), parsed once. */
export function attachedPolicies(audit: AuditSnapshot): Map<string, AttachedPolicy[]> {
  const byTarget = new Map<string, AttachedPolicy[]>();
  for (const policy of audit.serviceControlPolicies) {
    let statements: AttachedPolicy["statements"];
    try {
      statements = parseScpContent(policy.content);
    } catch {
      continue; // an SCP rootward cannot read cannot be predicted; the apply will still report it
    }
    if (!statements.some((statement) => statement.effect === "Deny")) continue;
    for (const target of policy.targets) {
      byTarget.set(target, [
        ...(byTarget.get(target) ?? []),
        { id: policy.id, name: policy.name, statements },
      ]);
    }
  }
  return byTarget;
}
