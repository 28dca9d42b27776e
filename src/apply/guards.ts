import { actionKey } from "../plan/action-key.js";
import { planFingerprint } from "../plan/fingerprint.js";
import { isOrganizationAction, type Plan } from "../plan/model.js";
import { checkTarget } from "./target-guard.js";

export const DEFAULT_MAX_ACTIONS = 50;

export type GuardInput = {
  plan: Plan;
  desiredOrganizationId: string;
  desiredDigest: string;
  maxActions: number;
  /** The desired-state directory apply reads, relative to the working directory. */
  desiredStateDir?: string;
  /** The plan file as named on the command line; absent for a plan made by apply itself. */
  planFile?: string;
  /** The --account values given to apply (a partial plan needs them said again). */
  accounts?: readonly string[];
};

export type GuardRefusal = { code: string; message: string; hint: string };

/**
 * What refuses a whole plan before anything is read or changed: a document that is not intact,
 * another organization, another desired state, or more changes than the operator allowed. These
 * are integrity checks, not trust: whether each action may run is decided live (justify.ts),
 * never from what the plan says about itself.
 */
export function checkGuards(input: GuardInput): GuardRefusal | undefined {
  const { plan } = input;
  // A plain sha256 that anyone can recompute: it catches accidental edits and truncation, not a
  // forger. Forged plans are stopped by the live justification of every action.
  if (planFingerprint(plan.organizationId, plan.actions, plan.accounts, plan.unlocks) !== plan.fingerprint) {
    return {
      code: "plan-tampered",
      message:
        "the plan's actions do not match its fingerprint: the file was edited or damaged after `rootward plan` wrote it",
      hint: "apply only plan files written by `rootward plan --out`; re-run the plan",
    };
  }
  if (plan.organizationId !== input.desiredOrganizationId) {
    return {
      code: "organization-mismatch",
      message: `the plan is for organization ${plan.organizationId}, but the desired state is for ${input.desiredOrganizationId}`,
      hint: "apply the plan from the repository it was made from",
    };
  }
  if (plan.desiredStateDigest !== input.desiredDigest) return desiredStateChanged(plan, input);
  const partial = checkTarget(plan, input.accounts ?? [], input.planFile);
  if (partial) return partial;
  const seen = new Set<string>();
  const duplicate = plan.actions.find((action) => {
    const key = actionKey(action);
    const again = seen.has(key);
    seen.add(key);
    return again;
  });
  if (duplicate) {
    return {
      code: "plan-malformed",
      message: `the plan lists ${duplicate.operation} twice${"accountId" in duplicate ? ` for account ${duplicate.accountId}` : ""}; rootward never writes such a plan`,
      hint: "re-run `rootward plan`",
    };
  }
  const accountActions = plan.actions.filter((action) => !isOrganizationAction(action)).length;
  if (accountActions > input.maxActions) {
    return {
      code: "too-many-actions",
      message: `the plan has ${accountActions} per-account actions, more than --max-actions ${input.maxActions} (a guard against deleting too much at once)`,
      hint: `review the plan, then re-run with --max-actions ${accountActions}`,
    };
  }
  return undefined;
}

/**
 * A plan made from another directory than the one apply reads (often: `--desired-state` left
 * out) says which; only otherwise did the files change. The directory comes from the plan file,
 * which anyone may edit: it is shown, never used (describeError makes it inert).
 */
function desiredStateChanged(plan: Plan, input: GuardInput): GuardRefusal {
  const madeFrom = plan.desiredStateDir;
  if (madeFrom !== undefined && input.desiredStateDir !== undefined && madeFrom !== input.desiredStateDir) {
    const planFile = input.planFile ?? "plan.json";
    return {
      code: "desired-state-changed",
      message: `the plan was made from the desired state in ${madeFrom}/, but apply reads ${input.desiredStateDir}/ (their digests differ)`,
      hint: `this plan was made from ${madeFrom}/; run rootward apply ${planFile} --desired-state ${madeFrom}/`,
    };
  }
  return {
    code: "desired-state-changed",
    message: "the desired state changed since this plan was made (its digest no longer matches the files)",
    hint: "re-run `rootward plan` against these desired-state files and review it",
  };
}
