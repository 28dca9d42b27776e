import type { Feature } from "./model.js";

export type RootTask =
  | "IAMAuditRootUserCredentials"
  | "IAMCreateRootUserPassword"
  | "IAMDeleteRootUserCredentials"
  | "S3UnlockBucketPolicy"
  | "SQSUnlockQueuePolicy";

export const ROOT_TASK_ARN_PREFIX = "arn:aws:iam::aws:policy/root-task/";

type TaskPolicy = {
  /** The policy's `NotAction` list: everything else is denied (aws-api.md §3). */
  actions: ReadonlySet<string>;
  /** Actions also denied unless the resource is `arn:aws:iam::*:root`. */
  rootResourceOnly: ReadonlySet<string>;
  /** Actions denied on a resource owned by another account (SQS `DenyGettingQueueAttributesOnNonOwnQueue`). */
  ownAccountOnly: ReadonlySet<string>;
  feature: Feature;
};

const AUDIT_READS = [
  "iam:ListAccessKeys",
  "iam:ListSigningCertificates",
  "iam:GetLoginProfile",
  "iam:ListMFADevices",
  "iam:GetUser",
  "iam:GetAccessKeyLastUsed",
];
const DELETES = [
  "iam:DeleteAccessKey",
  "iam:DeleteSigningCertificate",
  "iam:DeleteLoginProfile",
  "iam:DeactivateMFADevice",
];

/**
 * The five AWS managed root-task policies, reduced to what they leave usable today.
 * Source: iann0036/iam-dataset and zoph-io/MAMIP copies of the policy documents (aws-api.md §3).
 * IAMDeleteRootUserCredentials no longer allows iam:DeleteVirtualMFADevice since 2025-01-07 (IAM
 * User Guide, "AWS managed policies for IAM", change log: "IAM removed the
 * iam:DeleteVirtualMFADevice permission from the managed policy").
 */
export const TASK_POLICIES: Readonly<Record<RootTask, TaskPolicy>> = {
  IAMAuditRootUserCredentials: {
    actions: new Set([...AUDIT_READS, "iam:GetAccountSummary"]),
    rootResourceOnly: new Set(AUDIT_READS),
    ownAccountOnly: new Set(),
    feature: "RootCredentialsManagement",
  },
  IAMCreateRootUserPassword: {
    actions: new Set(["iam:CreateLoginProfile", "iam:GetLoginProfile"]),
    rootResourceOnly: new Set(["iam:CreateLoginProfile", "iam:GetLoginProfile"]),
    ownAccountOnly: new Set(),
    feature: "RootCredentialsManagement",
  },
  IAMDeleteRootUserCredentials: {
    actions: new Set([...DELETES, ...AUDIT_READS]),
    rootResourceOnly: new Set([...DELETES, ...AUDIT_READS]),
    ownAccountOnly: new Set(),
    feature: "RootCredentialsManagement",
  },
  S3UnlockBucketPolicy: {
    actions: new Set([
      "s3:DeleteBucketPolicy",
      "s3:PutBucketPolicy",
      "s3:GetBucketPolicy",
      "s3:ListAllMyBuckets",
    ]),
    rootResourceOnly: new Set(),
    ownAccountOnly: new Set(),
    feature: "RootSessions",
  },
  SQSUnlockQueuePolicy: {
    actions: new Set([
      "sqs:SetQueueAttributes",
      "sqs:GetQueueAttributes",
      "sqs:ListQueues",
      "sqs:GetQueueUrl",
    ]),
    rootResourceOnly: new Set(),
    ownAccountOnly: new Set(["sqs:GetQueueAttributes"]),
    feature: "RootSessions",
  },
};

export function taskFromArn(arn: string): RootTask | undefined {
  if (!arn.startsWith(ROOT_TASK_ARN_PREFIX)) return undefined;
  const name = arn.slice(ROOT_TASK_ARN_PREFIX.length);
  return Object.hasOwn(TASK_POLICIES, name) ? (name as RootTask) : undefined;
}

export function taskArn(task: RootTask): string {
  return `${ROOT_TASK_ARN_PREFIX}${task}`;
}

const ROOT_RESOURCE = /^arn:aws:iam::\d{12}:root$/;

/** Whether the task policy's explicit denies cover this request. */
export function taskPolicyDenies(
  task: RootTask,
  request: { action: string; resource: string; resourceAccount: string | undefined; sessionAccount: string },
): boolean {
  const policy = TASK_POLICIES[task];
  if (!policy.actions.has(request.action)) return true;
  if (policy.rootResourceOnly.has(request.action) && !ROOT_RESOURCE.test(request.resource)) return true;
  if (
    policy.ownAccountOnly.has(request.action) &&
    request.resourceAccount !== undefined &&
    request.resourceAccount !== request.sessionAccount
  ) {
    return true;
  }
  return false;
}
