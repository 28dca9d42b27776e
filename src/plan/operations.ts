/** The five AWS-managed root-task policies (IAM UG, "Perform a privileged task on a member account"). */
export const TaskPolicyNames = [
  "IAMAuditRootUserCredentials",
  "IAMDeleteRootUserCredentials",
  "IAMCreateRootUserPassword",
  "S3UnlockBucketPolicy",
  "SQSUnlockQueuePolicy",
] as const;
export type TaskPolicyName = (typeof TaskPolicyNames)[number];

export function taskPolicyArn(name: TaskPolicyName): string {
  return `arn:aws:iam::aws:policy/root-task/${name}`;
}

/** Organization-level actions run with the caller's own credentials, in this order. */
export const OrganizationOperations = [
  "EnableAWSServiceAccess",
  "EnableOrganizationsRootCredentialsManagement",
  "EnableOrganizationsRootSessions",
  "DisableOrganizationsRootSessions",
  "DisableOrganizationsRootCredentialsManagement",
  "DisableAWSServiceAccess",
] as const;
export type OrganizationOperation = (typeof OrganizationOperations)[number];

/**
 * Per-account actions in the fixed order apply executes them: MFA first, then keys, certificates,
 * the login profile, and creates last. There is no DeleteVirtualMFADevice: the delete task policy
 * stopped allowing it on 2025-01-07, so deactivating is the whole MFA removal (aws-api.md §3).
 */
export const AccountOperations = [
  "DeactivateMFADevice",
  "DeleteAccessKey",
  "DeleteSigningCertificate",
  "DeleteLoginProfile",
  "CreateLoginProfile",
] as const;
export type AccountOperation = (typeof AccountOperations)[number];

/**
 * The two unlock operations, each the only write its task policy allows besides restoring a
 * policy (S3UnlockBucketPolicy: DeleteBucketPolicy; SQSUnlockQueuePolicy: SetQueueAttributes
 * with an empty Policy, which removes the policy — a convention the SQS API reference does not
 * document; AWS's SDK for Ruby v1 removes queue policies this way; unverified live).
 */
export const UnlockOperations = ["DeleteBucketPolicy", "SetQueueAttributes"] as const;
export type UnlockOperation = (typeof UnlockOperations)[number];
export type UnlockTaskName = "S3UnlockBucketPolicy" | "SQSUnlockQueuePolicy";

/** The IAM permission each operation needs: what an SCP is checked against. */
export function iamActionOf(operation: AccountOperation): string {
  return `iam:${operation}`;
}

export function taskPolicyFor(operation: AccountOperation): TaskPolicyName {
  return operation === "CreateLoginProfile" ? "IAMCreateRootUserPassword" : "IAMDeleteRootUserCredentials";
}

/** The service principal Organizations trusted access is about. */
export const IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com";
