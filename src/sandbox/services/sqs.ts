import { accessDenied, SandboxError } from "../errors.js";
import { type Queue, queueKey } from "../model.js";
import type { CallContext, JsonInput, JsonOutput, OperationTable, ResourceRef } from "../operation.js";
import { sqsPage } from "../pagination.js";

/**
 * SQS over AWS JSON 1.0 (`X-Amz-Target: AmazonSQS.<Op>`), the protocol of the installed
 * @aws-sdk/client-sqs (awsQueryCompatible: errors also carry `x-amzn-query-error`).
 * Queue URLs use the sandbox's own origin, as the SDK sends requests to the QueueUrl's host
 * when no explicit endpoint is configured (@aws-sdk/middleware-sdk-sqs queue-url.js).
 */
function queueNotFound(): SandboxError {
  return new SandboxError("com.amazonaws.sqs#QueueDoesNotExist", "The specified queue does not exist.", 400, {
    queryCode: "AWS.SimpleQueueService.NonExistentQueue",
  });
}

function queueFromUrl(input: JsonInput, context: CallContext): Queue | undefined {
  if (typeof input.QueueUrl !== "string") return undefined;
  let path: string;
  try {
    path = new URL(input.QueueUrl).pathname;
  } catch {
    return undefined;
  }
  const [account, name] = path.split("/").filter(Boolean).slice(-2);
  return account && name ? context.org.queues.get(queueKey(account, name)) : undefined;
}

function queueArn(queue: Queue): string {
  return `arn:aws:sqs:${queue.region}:${queue.account}:${queue.name}`;
}

export function queueUrl(context: CallContext, queue: Queue): string {
  return `${context.baseUrl}/${queue.account}/${queue.name}`;
}

function queueResource(input: JsonInput, context: CallContext): ResourceRef {
  const queue = queueFromUrl(input, context);
  return queue ? { arn: queueArn(queue), account: queue.account } : { arn: "*" };
}

function ownedQueue(input: JsonInput, context: CallContext, action: string): Queue {
  const queue = queueFromUrl(input, context);
  if (!queue) throw queueNotFound();
  const { caller } = context;
  if (caller.kind !== "root-session" || queue.account !== caller.accountId) {
    throw accessDenied(
      "sqs",
      `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${queueArn(queue)} with an explicit deny in a resource-based policy`,
    );
  }
  return queue;
}

export const SQS_OPERATIONS: OperationTable<JsonInput, JsonOutput> = {
  GetQueueUrl: {
    action: "sqs:GetQueueUrl",
    handle(input, context) {
      const owner =
        typeof input.QueueOwnerAWSAccountId === "string"
          ? input.QueueOwnerAWSAccountId
          : context.caller.accountId;
      const queue =
        typeof input.QueueName === "string"
          ? context.org.queues.get(queueKey(owner, input.QueueName))
          : undefined;
      if (!queue) throw queueNotFound();
      return { QueueUrl: queueUrl(context, queue) };
    },
  },

  ListQueues: {
    action: "sqs:ListQueues",
    handle(input, context) {
      const prefix = typeof input.QueueNamePrefix === "string" ? input.QueueNamePrefix : "";
      const queues = [...context.org.queues.values()].filter(
        (queue) => queue.account === context.caller.accountId && queue.name.startsWith(prefix),
      );
      const { page, NextToken } = sqsPage(queues, input, context.pageSize.sqs);
      return { QueueUrls: page.map((queue) => queueUrl(context, queue)), NextToken };
    },
  },

  GetQueueAttributes: {
    action: "sqs:GetQueueAttributes",
    resource: queueResource,
    handle(input, context) {
      const queue = ownedQueue(input, context, "sqs:GetQueueAttributes");
      const names = Array.isArray(input.AttributeNames) ? input.AttributeNames.map(String) : [];
      const all: Record<string, string> = {
        QueueArn: queueArn(queue),
        VisibilityTimeout: "30",
        MaximumMessageSize: "262144",
        MessageRetentionPeriod: "345600",
        DelaySeconds: "0",
        ApproximateNumberOfMessages: "0",
      };
      if (queue.policy !== undefined) all.Policy = queue.policy;
      const wanted = names.includes("All") ? Object.keys(all) : names;
      const attributes = Object.fromEntries(
        wanted.flatMap((name) => (all[name] === undefined ? [] : [[name, all[name]]])),
      );
      return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
    },
  },

  // An empty Policy value removes the policy: a convention (AWS SDK for Ruby v1 PolicyProxy#delete),
  // not documented in the SQS API reference; unverified live (sandbox README).
  SetQueueAttributes: {
    action: "sqs:SetQueueAttributes",
    resource: queueResource,
    handle(input, context) {
      const queue = ownedQueue(input, context, "sqs:SetQueueAttributes");
      const attributes =
        typeof input.Attributes === "object" && input.Attributes !== null
          ? (input.Attributes as Record<string, unknown>)
          : {};
      const policy = attributes.Policy;
      if (policy === "") delete queue.policy;
      else if (typeof policy === "string") queue.policy = policy;
      return {};
    },
  },
};
