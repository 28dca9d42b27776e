import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, type S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, SetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { queueUrlRegion, type UnlockTarget } from "../desired/index.js";
import type { AwsClients, SessionCredentials } from "./clients.js";
import { hasCode } from "./errors.js";
import { assumeRoot } from "./root-session.js";

type CallOptions = { abortSignal?: AbortSignal };

/** The two unlock tasks (IAM UG, "Perform a privileged task on a member account"). */
export function unlockTask(target: UnlockTarget): "S3UnlockBucketPolicy" | "SQSUnlockQueuePolicy" {
  return target.kind === "s3-bucket" ? "S3UnlockBucketPolicy" : "SQSUnlockQueuePolicy";
}

/**
 * A root session scoped to the target's unlock task, with the one client that task can use.
 * The task policies allow only Get/Put/DeleteBucketPolicy (+ListAllMyBuckets) and
 * Get/SetQueueAttributes (+ListQueues, GetQueueUrl) respectively (aws-api.md §3).
 */
export type UnlockSession = {
  /** The current policy document, or undefined when the resource has none. */
  readPolicy(): Promise<string | undefined>;
  removePolicy(): Promise<void>;
};

export async function openUnlockSession(
  clients: AwsClients,
  accountId: string,
  target: UnlockTarget,
  options: CallOptions = {},
): Promise<UnlockSession> {
  const credentials: SessionCredentials = await assumeRoot(
    clients.sts,
    accountId,
    unlockTask(target),
    options.abortSignal,
  );
  if (target.kind === "s3-bucket") {
    const s3 = await clients.s3ForSession(credentials);
    return {
      readPolicy: () => readBucketPolicy(s3, target.bucket, options),
      removePolicy: () => deleteBucketPolicy(s3, target.bucket, options),
    };
  }
  const sqs = await clients.sqsForSession(credentials, queueUrlRegion(target.queueUrl));
  return {
    readPolicy: () => readQueuePolicy(sqs, target.queueUrl, options),
    removePolicy: () => clearQueuePolicy(sqs, target.queueUrl, options),
  };
}

/** GetBucketPolicy answers NoSuchBucketPolicy (404) for a bucket without a policy (S3 API reference). */
export async function readBucketPolicy(
  s3: S3Client,
  bucket: string,
  options: CallOptions = {},
): Promise<string | undefined> {
  try {
    const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }), options);
    return Policy === undefined || Policy === "" ? undefined : Policy;
  } catch (error) {
    if (hasCode(error, "NoSuchBucketPolicy")) return undefined;
    throw error;
  }
}

async function deleteBucketPolicy(s3: S3Client, bucket: string, options: CallOptions): Promise<void> {
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }), options);
}

/** A queue without a policy simply has no `Policy` attribute (SQS API reference, GetQueueAttributes). */
export async function readQueuePolicy(
  sqs: SQSClient,
  queueUrl: string,
  options: CallOptions = {},
): Promise<string | undefined> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["Policy"] }),
    options,
  );
  const policy = Attributes?.Policy;
  return policy === undefined || policy === "" ? undefined : policy;
}

/**
 * An empty Policy removes the queue policy. The SQS API reference does not document removal; this
 * is the convention AWS's SDK for Ruby v1 uses (`PolicyProxy#delete` sets `Policy` to ''), and
 * SQSUnlockQueuePolicy allows no other write. Unverified against live AWS.
 */
async function clearQueuePolicy(sqs: SQSClient, queueUrl: string, options: CallOptions): Promise<void> {
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: "" } }), options);
}

/** Whether an error means the bucket or queue itself does not exist. */
export function isMissingTarget(error: unknown): boolean {
  return hasCode(error, "NoSuchBucket", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue");
}
