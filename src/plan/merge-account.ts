import { compareText } from "../order.js";
import { planFingerprint } from "./fingerprint.js";
import { type Finding, type FindingRule, isOrganizationAction, type Plan, type PlanAction } from "./model.js";
import { sortFindings, summarizePlan } from "./plan.js";

/**
 * Findings about the desired-state entries that only an audit of the whole organization can
 * judge (an exception matching no account, an unknown account id): a plan of one account would
 * report them falsely, so they are carried over from the earlier plan.
 */
const WHOLE_ORGANIZATION_RULES: ReadonlySet<FindingRule> = new Set([
  "exception-unknown-account",
  "exception-unused",
  "exception-shadowed",
  "unmanaged-unused",
]);

/**
 * Pure: `base` (the drift pull request's plan, made from the same desired state) with everything
 * about `accountId` replaced by `fresh` (a plan of that one account, with fresh organization
 * reads), plus `extra` findings. The organization's features, organization actions and
 * organization findings come from `fresh`; other accounts keep what `base` decided. Without a
 * base, the result is `fresh` alone. The fingerprint and summary are recomputed, so apply's
 * `--bounded-by` and the drift marker treat it like any plan.
 */
export function mergeAccountPlan(
  base: Plan | undefined,
  fresh: Plan,
  accountId: string,
  extra: readonly Finding[] = [],
): Plan {
  const others = base ?? { ...fresh, accounts: [], actions: [], findings: [], unlocks: [] };
  const mine = (entry: { accountId?: string }) => entry.accountId === accountId;
  const accounts = [
    ...others.accounts.filter((account) => !mine(account)),
    ...fresh.accounts.filter(mine),
  ].sort((a, b) => compareText(a.accountId, b.accountId));
  const order = new Map(accounts.map((account, index) => [account.accountId, index]));
  const byAccount = (a: PlanAction, b: PlanAction) =>
    (order.get(accountOf(a)) ?? 0) - (order.get(accountOf(b)) ?? 0);
  const organization = fresh.actions.filter(isOrganizationAction);
  const perAccount = (kind: (action: PlanAction) => boolean) =>
    [
      ...others.actions.filter((action) => kind(action) && !mine(action as { accountId?: string })),
      ...fresh.actions.filter((action) => kind(action) && mine(action as { accountId?: string })),
    ].sort(byAccount);
  // The order plan() uses: enables, credential actions, unlocks, disables.
  const actions: PlanAction[] = [
    ...organization.filter((action) => action.operation.startsWith("Enable")),
    ...perAccount((action) => !isOrganizationAction(action) && !("unlock" in action)),
    ...perAccount((action) => "unlock" in action),
    ...organization.filter((action) => action.operation.startsWith("Disable")),
  ];
  const findings = sortFindings([
    ...fresh.findings.filter(
      (finding) => finding.accountId === undefined && !WHOLE_ORGANIZATION_RULES.has(finding.ruleId),
    ),
    ...(base ?? fresh).findings.filter(
      (finding) => finding.accountId === undefined && WHOLE_ORGANIZATION_RULES.has(finding.ruleId),
    ),
    ...others.findings.filter((finding) => finding.accountId !== undefined && !mine(finding)),
    ...fresh.findings.filter(mine),
    ...extra,
  ]);
  const unlocks = [...others.unlocks.filter((unlock) => !mine(unlock)), ...fresh.unlocks.filter(mine)].sort(
    (a, b) => compareText(a.accountId, b.accountId) || compareText(a.name, b.name),
  );
  return {
    ...fresh,
    accounts,
    actions,
    findings,
    unlocks,
    summary: summarizePlan(accounts, actions, findings),
    fingerprint: planFingerprint(fresh.organizationId, actions, accounts, unlocks),
  };
}

function accountOf(action: PlanAction): string {
  return "accountId" in action ? action.accountId : "";
}
