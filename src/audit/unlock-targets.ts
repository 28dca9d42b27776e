import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import type { UnlockTarget } from "../desired/index.js";
import { compareText } from "../order.js";
import { createPool } from "./pool.js";
import type { UnlockTargetRead } from "./snapshot.js";

/** A bucket or queue the desired state asks to unlock. */
export type UnlockTargetRequest = { accountId: string; target: UnlockTarget };

export type UnlockReadContext = {
  managementAccountId: string;
  rootSessions: boolean;
  /** State of every discovered account; an id missing here is not in the organization. */
  accountStates: ReadonlyMap<string, string>;
  deadlineMs: number;
  concurrency: number;
};

/**
 * Reads the current policy of each requested bucket or queue, one unlock session per target.
 * Targets AssumeRoot cannot reach are recorded with the reason instead of being called; a failed
 * read is recorded on its target and never fails the audit.
 */
export async function readUnlockTargets(
  clients: AwsClients,
  requests: readonly UnlockTargetRequest[],
  context: UnlockReadContext,
): Promise<UnlockTargetRead[]> {
  const results: UnlockTargetRead[] = [];
  // Loaded only when there is something to unlock (it brings in the S3 and SQS clients).
  const policies = await import("../aws/unlock-policies.js");
  const pool = createPool(context.concurrency);
  for (const request of requests) {
    pool.submit(async () => {
      results.push(await readOne(clients, policies, request, context));
    });
  }
  await pool.drain();
  return results.sort(
    (a, b) => compareText(a.accountId, b.accountId) || compareText(targetKey(a), targetKey(b)),
  );
}

async function readOne(
  clients: AwsClients,
  { isMissingTarget, openUnlockSession }: typeof import("../aws/unlock-policies.js"),
  request: UnlockTargetRequest,
  context: UnlockReadContext,
): Promise<UnlockTargetRead> {
  const base = targetFields(request);
  const skipped = (reasonCode: UnlockTargetRead["reasonCode"], reason: string): UnlockTargetRead => ({
    ...base,
    status: "skipped",
    ...(reasonCode ? { reasonCode } : {}),
    reason,
  });
  const state = context.accountStates.get(request.accountId);
  if (request.accountId === context.managementAccountId) {
    return skipped("management-account", "AssumeRoot cannot target the management account");
  }
  if (state === undefined) {
    return skipped("not-in-organization", `account ${request.accountId} is not in the organization`);
  }
  if (state !== "ACTIVE") return skipped("not-active", `account is ${state}`);
  // Unlock tasks need the RootSessions feature; AssumeRoot would answer AccessDenied.
  if (!context.rootSessions) {
    return skipped("root-sessions-disabled", "root sessions are not enabled, so no unlock session can start");
  }
  const abortSignal = AbortSignal.timeout(context.deadlineMs);
  try {
    const session = await openUnlockSession(clients, request.accountId, request.target, { abortSignal });
    const policy = await session.readPolicy();
    return { ...base, status: "read", ...(policy === undefined ? {} : { policy }) };
  } catch (error) {
    const failure = awsFailure(error);
    if (abortSignal.aborted) {
      return {
        ...base,
        status: "failed",
        reasonCode: "deadline",
        errorCode: "Deadline",
        reason: `no answer within ${Math.round(context.deadlineMs / 1000)} s`,
      };
    }
    return {
      ...base,
      status: "failed",
      reasonCode: isMissingTarget(error) ? "not-found" : "error",
      errorCode: failure.code,
      reason: failure.message,
    };
  }
}

/** Every request recorded as not read, without opening any session. */
export function unreadUnlockTargets(requests: readonly UnlockTargetRequest[]): Promise<UnlockTargetRead[]> {
  return Promise.resolve(
    requests.map((request) => ({
      ...targetFields(request),
      status: "skipped" as const,
      reasonCode: "not-read" as const,
      reason: "this run opens no unlock sessions (--no-unlock-reads); the apply job reads and unlocks it",
    })),
  );
}

export function targetFields(
  request: UnlockTargetRequest,
): Pick<UnlockTargetRead, "accountId" | "s3Bucket" | "sqsQueueUrl"> {
  return request.target.kind === "s3-bucket"
    ? { accountId: request.accountId, s3Bucket: request.target.bucket }
    : { accountId: request.accountId, sqsQueueUrl: request.target.queueUrl };
}

function targetKey(read: UnlockTargetRead): string {
  return read.s3Bucket ?? read.sqsQueueUrl ?? "";
}
