import { actionKey } from "./action-key.js";
import { planFingerprint } from "./fingerprint.js";
import { isAccountAction, isOrganizationAction, type Plan } from "./model.js";

export class BoundOrganizationError extends Error {
  constructor(
    readonly planOrganizationId: string,
    readonly reviewedOrganizationId: string,
  ) {
    super(
      `the reviewed plan is for organization ${reviewedOrganizationId}, but this plan is for ${planOrganizationId}`,
    );
  }
}

/**
 * Narrows a fresh plan to what a reviewed plan also asks for (apply after a merged drift pull
 * request): the result runs the fresh plan's actions that the reviewed plan lists, in the fresh
 * plan's order, so nothing runs that either the reviewers or the desired state did not ask for.
 * The reviewed plan's other actions are reported as `excluded` (not justified now), the fresh
 * plan's others as `notReviewed`. Counts and the fingerprint describe the narrowed actions.
 * Pure; `source` only names the reviewed plan in the result.
 */
export function boundPlan(fresh: Plan, reviewed: Plan, source: string): Plan {
  if (fresh.organizationId !== reviewed.organizationId) {
    throw new BoundOrganizationError(fresh.organizationId, reviewed.organizationId);
  }
  const reviewedKeys = new Set(reviewed.actions.map(actionKey));
  const freshKeys = new Set(fresh.actions.map(actionKey));
  const actions = fresh.actions.filter((action) => reviewedKeys.has(actionKey(action)));
  const notReviewed = fresh.actions.filter((action) => !reviewedKeys.has(actionKey(action)));
  const excluded = uniqueBy(
    reviewed.actions.filter((action) => !freshKeys.has(actionKey(action))),
    actionKey,
  );
  const accountActions = actions.filter((action) => !isOrganizationAction(action)).length;
  return {
    ...fresh,
    actions,
    summary: {
      ...fresh.summary,
      // As in `plan`: an account to change is one with root-credential actions.
      drift: new Set(actions.filter(isAccountAction).map((action) => action.accountId)).size,
      accountActions,
      organizationActions: actions.length - accountActions,
    },
    fingerprint: planFingerprint(fresh.organizationId, actions, fresh.accounts, fresh.unlocks),
    bound: { source, fingerprint: reviewed.fingerprint, excluded, notReviewed },
  };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = key(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
