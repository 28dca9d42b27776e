import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import { openUnlockSession, type UnlockSession } from "../aws/unlock-policies.js";
import type { UnlockTarget } from "../desired/index.js";
import type { PlannedUnlock, UnlockAction } from "../plan/model.js";
import type { Journal } from "./journal.js";
import { unlockPolicyMatchesPlan } from "./staleness.js";

export type UnlockOutcome = "done" | "already-done" | "failed" | "stale";
export type UnlockResult = { outcome: UnlockOutcome; errorCode?: string; message?: string };

/**
 * Performs one reviewed unlock in its own task session: re-reads the policy, refuses when it is
 * not the one the plan showed, and otherwise removes it. The whole policy goes into the journal
 * before and after the call, so it can be put back (PutBucketPolicy / SetQueueAttributes, both
 * allowed by the same task policy) even if the run dies mid-call. A policy already gone is done.
 */
export async function applyUnlock(
  clients: AwsClients,
  action: UnlockAction,
  planned: PlannedUnlock | undefined,
  journal: Journal,
): Promise<UnlockResult> {
  const record = unlockRecord(action);
  if (planned?.policy === undefined) {
    const message = `the plan holds no policy for unlock ${action.unlock}; re-plan needed`;
    journal.write({ event: "skipped", ...record, outcome: "stale", message });
    return { outcome: "stale", message };
  }
  let session: UnlockSession;
  let live: string | undefined;
  try {
    session = await openUnlockSession(clients, action.accountId, targetOf(action));
    live = await session.readPolicy();
  } catch (error) {
    const failure = awsFailure(error);
    const message = `${action.taskPolicy} session: ${failure.message}`;
    journal.write({ event: "failed", ...record, errorCode: failure.code, message });
    return { outcome: "failed", errorCode: failure.code, message };
  }
  if (live === undefined) {
    journal.write({ event: "succeeded", ...record, outcome: "already-done", message: "no policy left" });
    return { outcome: "already-done" };
  }
  if (!unlockPolicyMatchesPlan(planned.policy, live)) {
    const message = `the policy of ${targetText(action)} changed since the plan; re-plan needed`;
    journal.write({ event: "skipped", ...record, outcome: "stale", message, livePolicy: live });
    return { outcome: "stale", message };
  }
  journal.write({ event: "started", ...record, policy: live });
  try {
    await session.removePolicy();
  } catch (error) {
    const failure = awsFailure(error);
    journal.write({ event: "failed", ...record, errorCode: failure.code, message: failure.message });
    return { outcome: "failed", errorCode: failure.code, message: failure.message };
  }
  journal.write({
    event: "succeeded",
    ...record,
    outcome: "done",
    removedPolicy: live,
    restoreWith: action.operation === "DeleteBucketPolicy" ? "PutBucketPolicy" : "SetQueueAttributes",
  });
  return { outcome: "done" };
}

/** What the journal says about an unlock action in every record: operation, account, target, request. */
export function unlockRecord(action: UnlockAction): {
  operation: string;
  accountId: string;
  identifier: string;
  unlock: string;
  taskPolicy: string;
} {
  return {
    operation: action.operation,
    accountId: action.accountId,
    identifier: action.operation === "DeleteBucketPolicy" ? action.bucket : action.queueUrl,
    unlock: action.unlock,
    taskPolicy: action.taskPolicy,
  };
}

function targetOf(action: UnlockAction): UnlockTarget {
  return action.operation === "DeleteBucketPolicy"
    ? { kind: "s3-bucket", bucket: action.bucket }
    : { kind: "sqs-queue", queueUrl: action.queueUrl };
}

function targetText(action: UnlockAction): string {
  return action.operation === "DeleteBucketPolicy" ? `bucket ${action.bucket}` : `queue ${action.queueUrl}`;
}
