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

/** What apply reads from AWS before it decides: the organization, and the touched accounts' facts. */
export type LiveReads = { organization: LiveOrganization; facts: ReadonlyMap<string, AccountFactsRead> };

/**
 * The live reads taken from the audit, as if nothing changed since the plan: the organization, and
 * each account's facts as readAccountFacts returns them, for the accounts the plan touches only.
 * Prepared outside the timing: in apply they come from AWS.
 */
export function liveReadsFrom(audit: AuditSnapshot, result: Plan): LiveReads {
  const touched = new Set(
    result.actions.flatMap((action) => ("accountId" in action ? [action.accountId] : [])),
  );
  const facts = new Map<string, AccountFactsRead>();
  for (const account of audit.accounts)
    if (touched.has(account.id)) facts.set(account.id, { kind: "read", account });
  return {
    organization: {
      id: audit.organization.id,
      managementAccountId: audit.organization.managementAccountId,
      features: audit.features,
      caller: audit.caller ?? { accountId: audit.organization.managementAccountId, arn: "bench" },
    },
    facts,
  };
}

/**
 * The pure part of `rootward apply` (issue 13: "the apply guard phase … linear too"): everything
 * apply decides before and between its AWS calls, for every action of `result` — the whole-plan
 * guards, each organization action's verdict, each account's governance from its facts, each
 * action's verdict, the staleness check and the credential verdicts (the plan's own credentials
 * standing in for those read in the session), in the order apply-plan.ts and apply-account.ts
 * make them. Returns how many actions would run, so the work cannot be skipped.
 */
export function applyGuardPhase(desired: DesiredState, live: LiveReads, result: Plan, now: Date): number {
  const refusal = checkGuards({
    plan: result,
    desiredOrganizationId: desired.organization.id,
    desiredDigest: desired.digest,
    maxActions: Number.POSITIVE_INFINITY,
  });
  if (refusal) throw new Error(`the bench plan is refused: ${refusal.message}`);
  let runs = 0;
  const members = new Map<string, MemberAction[]>();
  for (const action of result.actions) {
    if (isOrganizationAction(action)) {
      if (organizationVerdict(desired, live.organization, action).kind === "run") runs++;
      continue;
    }
    const list = members.get(action.accountId);
    if (list) list.push(action);
    else members.set(action.accountId, [action]);
  }
  const planned = new Map(result.accounts.map((account) => [account.accountId, account]));
  for (const [accountId, actions] of members) {
    const facts = live.facts.get(accountId);
    const governance = accountGovernance(desired, live.organization, accountId, facts, now);
    const candidates = actions.filter(
      (action) => governanceVerdict(desired, governance, action).kind === "run",
    );
    const credentials = planned.get(accountId)?.live;
    if (governance.kind !== "governed" || !credentials) continue;
    const credentialActions = candidates.filter(isAccountAction);
    if (liveMatchesPlan(credentials, credentials, credentialActions)) continue;
    for (const action of credentialActions) {
      const verdict = credentialVerdict(accountId, governance.rules, credentials, credentials, action);
      if (verdict.kind === "run") runs++;
    }
  }
  return runs;
}
