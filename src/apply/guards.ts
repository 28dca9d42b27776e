import { planFingerprint } from "../plan/fingerprint.js";
import { isAccountAction, isUnlockAction, type Plan, type UnlockAction } from "../plan/model.js";

export const DEFAULT_MAX_ACTIONS = 50;

export type GuardInput = {
  plan: Plan;
  desiredOrganizationId: string;
  desiredDigest: string;
  ignoreDesiredStateDrift: boolean;
  maxActions: number;
};

export type GuardRefusal = { code: string; message: string; hint: string };

/** Everything checked before the first call that changes anything; the first refusal wins. */
export function checkGuards(input: GuardInput): GuardRefusal | undefined {
  const { plan } = input;
  if (planFingerprint(plan.organizationId, plan.actions, plan.accounts, plan.unlocks) !== plan.fingerprint) {
    return {
      code: "plan-tampered",
      message:
        "the plan's actions do not match its fingerprint: the file was edited after `rootward plan` wrote it",
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
  if (!input.ignoreDesiredStateDrift && plan.desiredStateDigest !== input.desiredDigest) {
    return {
      code: "desired-state-changed",
      message: "the desired state changed since this plan was made (its digest no longer matches the files)",
      hint: "re-run `rootward plan` and review it, or pass --ignore-desired-state-drift to apply the old plan anyway",
    };
  }
  const accountActions = plan.actions.filter((action) => "accountId" in action).length;
  if (accountActions > input.maxActions) {
    return {
      code: "too-many-actions",
      message: `the plan has ${accountActions} per-account actions, more than --max-actions ${input.maxActions} (a guard against deleting too much at once)`,
      hint: `review the plan, then re-run with --max-actions ${accountActions}`,
    };
  }
  const forbidden = plan.actions.find((action) => {
    if (!isAccountAction(action)) return false;
    const account = plan.accounts.find((entry) => entry.accountId === action.accountId);
    return action.accountId === plan.managementAccountId || account?.disposition !== "drift";
  });
  if (forbidden && "accountId" in forbidden) {
    return {
      code: "forbidden-target",
      message: `the plan acts on account ${forbidden.accountId}, which is the management account, unmanaged, not ACTIVE or not in the plan's accounts`,
      hint: "this plan was not written by rootward; re-run `rootward plan`",
    };
  }
  return unlockRefusal(plan);
}

/**
 * An unlock acts on a managed ACTIVE member account (its credentials need not be audited: the
 * unlock tasks work without RootCredentialsManagement), once, and only on the bucket or queue of
 * a pending request whose policy the plan recorded.
 */
function unlockRefusal(plan: Plan): GuardRefusal | undefined {
  const seen = new Set<string>();
  const unreviewed = plan.actions.filter(isUnlockAction).find((action) => {
    const account = plan.accounts.find((entry) => entry.accountId === action.accountId);
    const duplicate = seen.has(action.unlock);
    seen.add(action.unlock);
    return (
      duplicate ||
      action.accountId === plan.managementAccountId ||
      account === undefined ||
      account.state !== "ACTIVE" ||
      account.governedBy.kind === "unmanaged" ||
      account.governedBy.kind === "out-of-scope" ||
      !matchesRequest(plan, action)
    );
  });
  if (!unreviewed) return undefined;
  return {
    code: "forbidden-target",
    message: `the plan unlocks ${unreviewed.operation === "DeleteBucketPolicy" ? `bucket ${unreviewed.bucket}` : `queue ${unreviewed.queueUrl}`} in account ${unreviewed.accountId}, which is not a pending request of the plan on a managed ACTIVE member account`,
    hint: "this plan was not written by rootward; re-run `rootward plan`",
  };
}

function matchesRequest(plan: Plan, action: UnlockAction): boolean {
  const request = plan.unlocks.find((unlock) => unlock.name === action.unlock);
  if (request?.status !== "pending" || request.policy === undefined) return false;
  if (request.accountId !== action.accountId || request.taskPolicy !== action.taskPolicy) return false;
  return action.operation === "DeleteBucketPolicy"
    ? request.s3Bucket === action.bucket && request.sqsQueueUrl === undefined
    : request.sqsQueueUrl === action.queueUrl && request.s3Bucket === undefined;
}
