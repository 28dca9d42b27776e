import type { AuditSnapshot } from "../audit/snapshot.js";
import { type DesiredState, usesTagSelectors } from "../desired/index.js";
import { compareText } from "../order.js";
import { type AccountPlan, planAccount } from "./account-plan.js";
import { entryFindings } from "./entry-findings.js";
import { planFeatures } from "./feature-plan.js";
import { planFingerprint } from "./fingerprint.js";
import {
  type Finding,
  PLAN_VERSION,
  type Plan,
  type PlanAction,
  type PlannedAccount,
  type PlanSummary,
  Severities,
  severityRank,
} from "./model.js";
import { passwordRecoveryFindings } from "./recovery-findings.js";
import { scpFindings } from "./scp-findings.js";
import { planUnlocks } from "./unlock-plan.js";
import { unreadFindings } from "./unread-findings.js";

/** The desired state selects by tag, but the audit never read tags: no account can be governed. */
export class TagsNotReadError extends Error {
  constructor() {
    super("the desired state selects accounts by tag, but the audit did not read account tags");
  }
}

export class OrganizationMismatchError extends Error {
  constructor(
    readonly desiredId: string,
    readonly auditId: string,
  ) {
    super(`the audit is of organization ${auditId}, but the desired state is for ${desiredId}`);
  }
}

/**
 * Diffs the desired state against an audit. Pure: no clock (`now` is passed), no I/O, and the
 * result does not depend on the order of the audit's accounts.
 */
export function plan(desired: DesiredState, audit: AuditSnapshot, now: Date): Plan {
  if (desired.organization.id !== audit.organization.id) {
    throw new OrganizationMismatchError(desired.organization.id, audit.organization.id);
  }
  if (audit.tagsRead !== true && usesTagSelectors(desired)) throw new TagsNotReadError();
  const accountPlans: AccountPlan[] = [...audit.accounts]
    .sort((a, b) => compareText(a.id, b.id))
    .map((account) => planAccount(desired, account, now));
  const accounts = accountPlans.map((entry) => entry.account);
  const features = planFeatures(desired, audit);
  const unlocks = planUnlocks(desired, audit, accounts, features.features, features.after);
  const accountActions = accountPlans.flatMap((entry) => entry.actions);
  // Unlocks run after the credential actions and before any disable (a plan may unlock, then
  // switch root sessions off as the desired state asks).
  const actions: PlanAction[] = [
    ...features.enables,
    ...accountActions,
    ...unlocks.actions,
    ...features.disables,
  ];
  const findings = sortFindings([
    ...features.findings,
    ...unreadFindings(desired, audit),
    ...accountPlans.flatMap((entry) => entry.findings),
    ...entryFindings(desired, audit, accounts, now),
    ...passwordRecoveryFindings(accounts, features.features, features.after),
    ...unlocks.findings,
    ...scpFindings(audit, accounts, [...accountActions, ...unlocks.actions], unlocks.unlocks),
  ]);
  return {
    version: PLAN_VERSION,
    organizationId: audit.organization.id,
    managementAccountId: desired.organization.managementAccountId,
    desiredStateDigest: desired.digest,
    auditGeneratedAt: audit.generatedAt,
    plannedAt: now.toISOString(),
    features: features.features,
    accounts,
    actions,
    findings,
    unlocks: unlocks.unlocks,
    summary: summarizePlan(accounts, actions, findings),
    fingerprint: planFingerprint(audit.organization.id, actions, accounts, unlocks.unlocks),
  };
}

export function summarizePlan(
  accounts: readonly PlannedAccount[],
  actions: readonly PlanAction[],
  findings: readonly Finding[],
): PlanSummary {
  // One pass over the accounts, not one per disposition.
  const dispositions = new Map<string, number>();
  for (const account of accounts)
    dispositions.set(account.disposition, (dispositions.get(account.disposition) ?? 0) + 1);
  const count = (disposition: string) => dispositions.get(disposition) ?? 0;
  const bySeverity = Object.fromEntries(
    Severities.map((severity) => [severity, 0]),
  ) as PlanSummary["findings"];
  for (const finding of findings) bySeverity[finding.severity]++;
  const accountActions = actions.filter((action) => "accountId" in action).length;
  return {
    accounts: accounts.length,
    compliant: count("compliant"),
    drift: count("drift"),
    unmanaged: count("unmanaged"),
    notVerified: count("not-verified"),
    outOfScope: count("out-of-scope"),
    organizationActions: actions.length - accountActions,
    accountActions,
    findings: bySeverity,
  };
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.accountId ?? "", b.accountId ?? "") ||
      compareText(a.message, b.message),
  );
}

export function hasChanges(result: Plan): boolean {
  return result.actions.length > 0;
}
