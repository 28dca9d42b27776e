import { z } from "zod";
import { RootCredentials } from "../audit/snapshot.js";
import { FindingRules, PLAN_VERSION, type Plan, Severities, UnlockStatuses } from "./model.js";
import { AccountOperations, OrganizationOperations, TaskPolicyNames } from "./operations.js";

const Location = z.object({ file: z.string(), line: z.number() });
const AccountId = z.string().regex(/^\d{12}$/);

/**
 * Unlock actions are exact: an S3 delete in an S3UnlockBucketPolicy session, or an SQS
 * SetQueueAttributes whose only attribute is an empty Policy (which removes it). A plan that
 * would set any other policy is not a rootward plan.
 */
const UnlockActionDocument = z.discriminatedUnion("operation", [
  z.strictObject({
    operation: z.literal("DeleteBucketPolicy"),
    accountId: AccountId,
    taskPolicy: z.literal("S3UnlockBucketPolicy"),
    unlock: z.string().min(1),
    bucket: z.string().min(3),
  }),
  z.strictObject({
    operation: z.literal("SetQueueAttributes"),
    accountId: AccountId,
    taskPolicy: z.literal("SQSUnlockQueuePolicy"),
    unlock: z.string().min(1),
    queueUrl: z.string().min(1),
    attributes: z.strictObject({ Policy: z.literal("") }),
  }),
]);

const PlannedUnlockDocument = z.object({
  name: z.string().min(1),
  accountId: AccountId,
  s3Bucket: z.string().optional(),
  sqsQueueUrl: z.string().optional(),
  taskPolicy: z.enum(["S3UnlockBucketPolicy", "SQSUnlockQueuePolicy"]),
  status: z.enum(UnlockStatuses),
  policy: z.string().optional(),
  reason: z.string(),
  owner: z.string(),
  ticket: z.string().optional(),
  location: Location,
});

const PlanActionDocument = z.union([
  z.strictObject({
    operation: z.enum(AccountOperations),
    accountId: z.string().regex(/^\d{12}$/),
    taskPolicy: z.enum(TaskPolicyNames),
    accessKeyId: z.string().optional(),
    serialNumber: z.string().optional(),
    certificateId: z.string().optional(),
  }),
  z.strictObject({ operation: z.enum(OrganizationOperations), servicePrincipal: z.string().optional() }),
  UnlockActionDocument,
]);

const PlanDocument = z.object({
  version: z.literal(PLAN_VERSION),
  organizationId: z.string(),
  managementAccountId: z.string().regex(/^\d{12}$/),
  desiredStateDigest: z.string(),
  desiredStateDir: z.string().max(1024).optional(),
  auditGeneratedAt: z.string(),
  plannedAt: z.string(),
  features: z.record(
    z.string(),
    z.object({ live: z.boolean(), desired: z.boolean(), unread: z.literal(true).optional() }),
  ),
  accounts: z.array(
    z.object({
      accountId: z.string().regex(/^\d{12}$/),
      name: z.string(),
      ouPath: z.string(),
      state: z.string(),
      auditStatus: z.string(),
      governedBy: z.object({ kind: z.string(), name: z.string().optional(), location: Location }),
      disposition: z.string(),
      live: RootCredentials.optional(),
      liveFingerprint: z.string().optional(),
    }),
  ),
  actions: z.array(PlanActionDocument),
  /** Plans written before unlock requests existed have none. */
  unlocks: z.array(PlannedUnlockDocument).optional(),
  findings: z.array(
    z.object({
      ruleId: z.enum(FindingRules),
      severity: z.enum(Severities),
      accountId: z.string().optional(),
      message: z.string(),
      location: Location,
    }),
  ),
  summary: z.record(z.string(), z.unknown()),
  fingerprint: z.string(),
  bound: z
    .strictObject({
      source: z.string(),
      fingerprint: z.string(),
      excluded: z.array(PlanActionDocument),
      notReviewed: z.array(PlanActionDocument),
    })
    .optional(),
  target: z
    .strictObject({ accounts: z.array(z.strictObject({ id: z.string(), name: z.string() })).min(1) })
    .optional(),
});

/** Checks a plan document's shape; returns the problems in words, or the plan. */
export function parsePlanDocument(data: unknown): { plan: Plan } | { problems: string[] } {
  const result = PlanDocument.safeParse(data);
  if (!result.success) {
    return {
      problems: result.error.issues
        .slice(0, 8)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
    };
  }
  // The schema checks what apply relies on; the rest of the document is carried as written.
  const plan = data as Plan;
  return { plan: { ...plan, unlocks: plan.unlocks ?? [] } };
}
