import { checkGuards } from "../src/apply/guards.js";
import {
  accountGovernance,
  credentialVerdict,
  governanceVerdict,
  type LiveOrganization,
  type MemberAction,
  organizationVerdict,
} from "../src/apply/justify.js";
import { liveMatchesPlan } from "../src/apply/staleness.js";
import type { AuditSnapshot } from "../src/audit/snapshot.js";
import type { AccountFactsRead } from "../src/aws/account-facts.js";
import type { DesiredState } from "../src/desired/index.js";
import { isAccountAction, isOrganizationAction, type Plan } from "../src/plan/model.js";

/**
 * The pure part of `rootward apply` (issue 13: "the apply guard phase … linear too"): everything
 * apply decides before and between its AWS calls, for every action of `result`, with the audit
 * standing in for the live reads, as if nothing changed since the plan — the whole-plan guards,
 * each organization action's verdict, each account's governance from its facts, each action's
 * verdict, the staleness check and the credential verdicts, in the order apply-plan.ts and
 * apply-account.ts make them. Returns how many actions would run, so the work cannot be skipped.
 */
export function applyGuardPhase(
  desired: DesiredState,
  audit: AuditSnapshot,
  result: Plan,
  now: Date,
): number {
  const refusal = checkGuards({
    plan: result,
    desiredOrganizationId: desired.organization.id,
    desiredDigest: desired.digest,
    maxActions: Number.POSITIVE_INFINITY,
  });
  if (refusal) throw new Error(`the bench plan is refused: ${refusal.message}`);
  const organization: LiveOrganization = {
    id: audit.organization.id,
    managementAccountId: audit.organization.managementAccountId,
    features: audit.features,
    caller: audit.caller ?? { accountId: audit.organization.managementAccountId, arn: "bench" },
  };
  let runs = 0;
  const members = new Map<string, MemberAction[]>();
  for (const action of result.actions) {
    if (isOrganizationAction(action)) {
      if (organizationVerdict(desired, organization, action).kind === "run") runs++;
      continue;
    }
    const list = members.get(action.accountId);
    if (list) list.push(action);
    else members.set(action.accountId, [action]);
  }
  const audited = new Map(audit.accounts.map((account) => [account.id, account]));
  const planned = new Map(result.accounts.map((account) => [account.accountId, account]));
  for (const [accountId, actions] of members) {
    const account = audited.get(accountId);
    const facts: AccountFactsRead | undefined = account && { kind: "read", account };
    const governance = accountGovernance(desired, organization, accountId, facts, now);
    const candidates = actions.filter(
      (action) => governanceVerdict(desired, governance, action).kind === "run",
    );
    const live = planned.get(accountId)?.live;
    if (governance.kind !== "governed" || !live) continue;
    const credentialActions = candidates.filter(isAccountAction);
    if (liveMatchesPlan(live, live, credentialActions)) continue;
    for (const action of credentialActions) {
      if (credentialVerdict(accountId, governance.rules, live, live, action).kind === "run") runs++;
    }
  }
  return runs;
}
