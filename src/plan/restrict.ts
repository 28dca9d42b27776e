import { planFingerprint } from "./fingerprint.js";
import { isUnlockAction, type Plan } from "./model.js";

/**
 * The same plan with only its unlock actions. Reading a locked policy needs an unlock session,
 * which also allows removing it, so a read-only plan role cannot plan unlocks; the apply job
 * (apply role, after the environment's approval) plans and applies them on their own, for the
 * unlock requests that the merged desired state names.
 */
export function restrictToUnlocks(plan: Plan): Plan {
  const actions = plan.actions.filter(isUnlockAction);
  const accounts = new Set(actions.map((action) => action.accountId));
  return {
    ...plan,
    actions,
    // Only what is about the unlock requests: the other findings come from a full audit.
    findings: plan.findings.filter((finding) => finding.ruleId.startsWith("unlock-")),
    summary: {
      ...plan.summary,
      drift: accounts.size,
      accountActions: actions.length,
      organizationActions: 0,
    },
    fingerprint: planFingerprint(plan.organizationId, actions, plan.accounts, plan.unlocks),
  };
}
