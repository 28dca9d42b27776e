import { planFingerprint } from "./fingerprint.js";
import { isAccountAction, isOrganizationAction, type Plan, type PlanTarget, Severities } from "./model.js";

/**
 * The plan for a few accounts only (`--account`, Terraform's `-target`): their root-credential
 * and unlock actions, findings and unlock requests. Organization actions and every other account
 * are left out, so the result says nothing about whether the organization as a whole matches the
 * desired state; `target` records that, and every rendering and apply say so. Narrowing only
 * removes actions: what apply may run is still decided live (apply/justify.ts). Pure.
 */
export function targetPlan(plan: Plan, target: PlanTarget): Plan {
  const ids = new Set(target.accounts.map((account) => account.id));
  const actions = plan.actions.filter((action) => !isOrganizationAction(action) && ids.has(action.accountId));
  const accounts = plan.accounts.filter((account) => ids.has(account.accountId));
  const unlocks = plan.unlocks.filter((unlock) => ids.has(unlock.accountId));
  const findings = plan.findings.filter(
    (finding) => finding.accountId !== undefined && ids.has(finding.accountId),
  );
  const count = (disposition: string) =>
    accounts.filter((account) => account.disposition === disposition).length;
  const bySeverity = Object.fromEntries(
    Severities.map((severity) => [
      severity,
      findings.filter((finding) => finding.severity === severity).length,
    ]),
  ) as Plan["summary"]["findings"];
  return {
    ...plan,
    actions,
    accounts,
    unlocks,
    findings,
    summary: {
      accounts: accounts.length,
      compliant: count("compliant"),
      drift: new Set(actions.filter(isAccountAction).map((action) => action.accountId)).size,
      unmanaged: count("unmanaged"),
      notVerified: count("not-verified"),
      outOfScope: count("out-of-scope"),
      organizationActions: 0,
      accountActions: actions.length,
      findings: bySeverity,
    },
    fingerprint: planFingerprint(plan.organizationId, actions, accounts, unlocks),
    target,
  };
}

/** The accounts a partial plan covers, as `--account` flags would name them (ids: unambiguous). */
export function targetFlags(target: PlanTarget): string[] {
  return target.accounts.flatMap((account) => ["--account", account.id]);
}
