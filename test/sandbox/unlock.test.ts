import { EnableOrganizationsRootSessionsCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  ListBucketsCommand,
  PutBucketPolicyCommand,
} from "@aws-sdk/client-s3";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/index.js";
import { clientsFor, expectAwsError, rootSession, sandboxes } from "./helpers.js";

const start = sandboxes();
const BUCKET = "acme-shared-artifacts";

async function withRootSessions(): Promise<Sandbox> {
  const sandbox = await start();
  await clientsFor(sandbox).iam.send(new EnableOrganizationsRootSessionsCommand({}));
  return sandbox;
}

describe("S3UnlockBucketPolicy over S3 REST", () => {
  it("reads and removes a bucket policy that locks everyone out", async () => {
    const sandbox = await withRootSessions();
    const { s3, iam } = await rootSession(sandbox, "444444444442", "S3UnlockBucketPolicy");
    const buckets = await s3.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET]);
    const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }));
    expect(JSON.parse(Policy ?? "{}").Statement[0]).toMatchObject({ Effect: "Deny", Principal: "*" });
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    await expectAwsError(s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET })), "NoSuchBucketPolicy");
    expect(sandbox.state().buckets).toEqual([{ account: "444444444442", name: BUCKET, policy: null }]);
    await s3.send(
      new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: '{"Version":"2012-10-17","Statement":[]}' }),
    );
    expect(sandbox.state().buckets[0]?.policy).toBe('{"Version":"2012-10-17","Statement":[]}');
    await expectAwsError(iam.send(new ListAccessKeysCommand({})), "AccessDenied", /identity-based policy/);
    expect(sandbox.calls().find((call) => call.operation === "DeleteBucketPolicy")).toMatchObject({
      service: "s3",
      account: "444444444442",
      taskPolicy: "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy",
      outcome: "ok",
      status: 204,
    });
  });

  it("refuses other accounts' buckets, unknown buckets and non-root callers", async () => {
    const sandbox = await withRootSessions();
    const other = await rootSession(sandbox, "444444444441", "S3UnlockBucketPolicy");
    await expectAwsError(other.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET })), "AccessDenied");
    await expectAwsError(
      other.s3.send(new GetBucketPolicyCommand({ Bucket: "no-such-bucket" })),
      "NoSuchBucket",
    );
    await expectAwsError(
      clientsFor(sandbox).s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET })),
      "AccessDenied",
    );
  });
});

describe("SQSUnlockQueuePolicy over SQS JSON 1.0", () => {
  it("finds the queue, reads its policy and clears it with an empty Policy", async () => {
    const sandbox = await withRootSessions();
    const { sqs } = await rootSession(sandbox, "444444444442", "SQSUnlockQueuePolicy");
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: "acme-shared-events" }));
    expect(QueueUrl).toBe(`${sandbox.url}/444444444442/acme-shared-events`);
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toEqual([QueueUrl]);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["Policy"] }),
    );
    expect(JSON.parse(Attributes?.Policy ?? "{}").Statement[0].Effect).toBe("Deny");
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { Policy: "" } }));
    const after = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
    expect(after.Attributes?.Policy).toBeUndefined();
    expect(after.Attributes?.QueueArn).toBe("arn:aws:sqs:us-east-1:444444444442:acme-shared-events");
    expect(sandbox.state().queues[0]?.policy).toBeNull();
  });

  it("answers SQS errors with their query-compatible codes", async () => {
    const sandbox = await withRootSessions();
    const { sqs } = await rootSession(sandbox, "444444444441", "SQSUnlockQueuePolicy");
    await expectAwsError(sqs.send(new GetQueueUrlCommand({ QueueName: "missing" })), "QueueDoesNotExist");
    const foreign = `${sandbox.url}/444444444442/acme-shared-events`;
    const denied = await expectAwsError(
      sqs.send(new GetQueueAttributesCommand({ QueueUrl: foreign, AttributeNames: ["Policy"] })),
      "AccessDenied",
    );
    expect(denied.message).toMatch(/explicit deny in an identity-based policy/);
  });

  it("cannot start without RootSessions", async () => {
    const sandbox = await start();
    await expect(rootSession(sandbox, "444444444442", "SQSUnlockQueuePolicy")).rejects.toThrow(
      "Root sessions feature is not enabled for your AWS Organization.",
    );
  });
});
