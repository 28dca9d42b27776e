import { z } from "zod";
import { QUEUE_URL_PATTERN, queueUrlProblem } from "./queue-url.js";

/**
 * The desired-state format `rootward/v1`. These schemas are the single source of the JSON Schema
 * committed as `desired-state/rootward.schema.json` (see `json-schema.ts`), so every field carries
 * its description here. They are strict: an unknown key is an error, never ignored.
 */

export const API_VERSION = "rootward/v1";

export const AccountId = z
  .string()
  .regex(/^\d{12}$/, { error: "an account id is exactly 12 digits" })
  .describe('A 12-digit AWS account id, written as a quoted string ("011111111111").');

export const OrganizationId = z
  .string()
  .regex(/^o-[a-z0-9]{10,32}$/, {
    error: "an organization id is `o-` followed by 10 to 32 lowercase letters or digits",
  })
  .describe("The AWS Organizations id, `o-` followed by 10 to 32 lowercase letters or digits.");

export const FeatureState = z.enum(["enabled", "disabled"]);

export const PasswordRule = z
  .enum(["absent", "allowed", "present"])
  .describe(
    "Root password (login profile). absent: delete it if present. allowed: leave as is. present: create it if missing (AWS 'allow password recovery'; the owner then uses 'Forgot password').",
  );
export const AccessKeysRule = z
  .enum(["absent", "allowed"])
  .describe("Root access keys. absent: delete every key. allowed: leave them.");
export const SigningCertificatesRule = z
  .enum(["absent", "allowed"])
  .describe("Root X.509 signing certificates. absent: delete every certificate. allowed: leave them.");
export const MfaRule = z
  .enum(["absent", "allowed", "required"])
  .describe(
    "Root MFA devices. absent: deactivate every device (a deactivated virtual device stays, unassigned). allowed: leave them. required: leave them and report a finding when a password exists without any MFA device.",
  );

export const CredentialKinds = ["password", "accessKeys", "signingCertificates", "mfa"] as const;
export type CredentialKind = (typeof CredentialKinds)[number];

const Name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    error: "a name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  })
  .describe("A short unique name (letters, digits, '.', '_', '-'), shown in plans and reports.");
const NonEmptyText = z.string().trim().min(1, { error: "must not be empty or only spaces" });

const selectorFields = {
  accounts: z.array(AccountId).describe("Account ids this entry matches.").optional(),
  names: z
    .array(NonEmptyText)
    .describe("Globs on the account name (`*` any run of characters, `?` one character).")
    .optional(),
  ous: z
    .array(
      z
        .string()
        .regex(/^(\/[^/]+)+$|^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, {
          error: "an OU is a path like /Root/Legacy (no trailing slash) or an id like ou-ab12-cdef3456",
        })
        .describe("An OU path such as /Root/Legacy (that OU and everything below it) or an OU id (ou-…)."),
    )
    .describe("Organizational units; each matches the OU and all OUs below it.")
    .optional(),
  tags: z
    .record(z.string().min(1), z.string())
    .describe("Account tags; every listed tag must be present with exactly this value.")
    .optional(),
};

export const Exception = z
  .strictObject({
    name: Name,
    ...selectorFields,
    password: PasswordRule.optional(),
    accessKeys: AccessKeysRule.optional(),
    signingCertificates: SigningCertificatesRule.optional(),
    mfa: MfaRule.optional(),
    reason: NonEmptyText.describe("Why these accounts may hold root credentials."),
    owner: NonEmptyText.describe("Who answers for the exception (a team or an email address)."),
    ticket: NonEmptyText.describe("An optional reference to the approval (e.g. SEC-1234).").optional(),
    expires: z.iso
      .date({ error: "is not a real calendar date in the form YYYY-MM-DD" })
      .describe("Optional last day (YYYY-MM-DD, UTC) on which the exception applies.")
      .optional(),
  })
  .describe(
    "Accounts that may hold more root credentials than the baseline. Kinds left out fall back to the baseline.",
  );
export type Exception = z.infer<typeof Exception>;

export const Unmanaged = z
  .strictObject({
    ...selectorFields,
    reason: NonEmptyText.describe("Why rootward must not touch these accounts."),
  })
  .describe("Accounts rootward reports on but never changes.");
export type Unmanaged = z.infer<typeof Unmanaged>;

/**
 * S3 general purpose bucket naming rules (S3 User Guide, "General purpose bucket naming rules"):
 * 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
 * Buckets created in us-east-1 before March 2018 may have older names; they are not accepted.
 */
export const BucketName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    error:
      "a bucket name is 3 to 63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit",
  })
  .refine((name) => bucketNameProblem(name) === undefined, {
    error: (issue) => bucketNameProblem(String(issue.input)) ?? "not a valid bucket name",
  })
  .describe("The name of the S3 bucket whose policy locks everyone out (not an ARN, no s3:// prefix).");

/** The rules a pattern cannot say clearly; undefined when the name is fine (or fails the pattern). */
export function bucketNameProblem(name: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name)) return undefined;
  if (name.includes("..")) return "a bucket name has no two adjacent periods";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return "a bucket name is not formatted as an IP address";
  const prefix = ["xn--", "sthree-", "amzn-s3-demo-"].find((reserved) => name.startsWith(reserved));
  if (prefix) return `a bucket name cannot start with the reserved prefix \`${prefix}\``;
  const suffix = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((reserved) =>
    name.endsWith(reserved),
  );
  if (suffix) return `a bucket name cannot end with the reserved suffix \`${suffix}\``;
  return undefined;
}

export const QueueUrl = z
  .string()
  .regex(QUEUE_URL_PATTERN, {
    error:
      "a queue URL is https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE, as the SQS console shows it under URL",
  })
  .refine((url) => queueUrlProblem(url) === undefined, {
    error: (issue) => queueUrlProblem(String(issue.input)) ?? "not a valid queue URL",
  })
  .describe(
    "The URL of the SQS queue whose policy locks everyone out, e.g. https://sqs.us-east-1.amazonaws.com/444444444442/orders.",
  );

export const Unlock = z
  .strictObject({
    name: Name,
    account: AccountId.describe(
      "The member account that owns the bucket or queue; its root user removes the policy.",
    ),
    s3Bucket: BucketName.optional(),
    sqsQueueUrl: QueueUrl.optional(),
    reason: NonEmptyText.describe("Why the policy must be removed (what it locks out, since when)."),
    owner: NonEmptyText.describe("Who answers for the request (a team or an email address)."),
    ticket: NonEmptyText.describe("An optional reference to the approval (e.g. SEC-1234).").optional(),
  })
  .describe(
    "A reviewed request to remove the resource policy of one S3 bucket (s3Bucket) or SQS queue (sqsQueueUrl) — exactly one — through a root session of its account. apply removes it once and journals the removed policy; later plans report the request as done.",
  );
export type Unlock = z.infer<typeof Unlock>;

export const Baseline = z
  .strictObject({
    password: PasswordRule,
    accessKeys: AccessKeysRule,
    signingCertificates: SigningCertificatesRule,
    mfa: MfaRule,
  })
  .describe("What every managed member account may hold unless an exception says otherwise.");
export type Baseline = z.infer<typeof Baseline>;

export const Features = z
  .strictObject({
    trustedAccess: FeatureState.describe("Organizations trusted access for iam.amazonaws.com."),
    rootCredentialsManagement: FeatureState.describe(
      "IAM centralized root credentials management (needed to audit, delete and create root credentials).",
    ),
    rootSessions: FeatureState.describe(
      "IAM privileged root sessions (needed to unlock S3 bucket and SQS queue policies).",
    ),
  })
  .describe("Organization-wide features: enabled or disabled.");
export type Features = z.infer<typeof Features>;

export const Remediation = z
  .strictObject({
    mode: z
      .enum(["pull-request", "auto"])
      .describe(
        "What scheduled drift detection does: pull-request (default) opens one drift pull request for a human to merge; auto applies within the apply guardrails.",
      ),
  })
  .describe("How drift found by the scheduled workflow is remediated.");
export type Remediation = z.infer<typeof Remediation>;

export const RootAccessPolicy = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal("RootAccessPolicy"),
    organization: z
      .strictObject({
        id: OrganizationId,
        managementAccountId: AccountId.describe("The management account; it is never changed."),
      })
      .describe("The only organization rootward will plan or apply against."),
    features: Features,
    baseline: Baseline,
    exceptions: z
      .array(Exception)
      .describe("First match wins, in file-name order, then in file order.")
      .optional(),
    unmanaged: z.array(Unmanaged).describe("Wins over exceptions and the baseline.").optional(),
    unlocks: z
      .array(Unlock)
      .describe("Requests to remove a bucket or queue policy that locks everyone out (needs rootSessions).")
      .optional(),
    remediation: Remediation.optional(),
  })
  .describe("The one policy document of a desired state.");
export type RootAccessPolicy = z.infer<typeof RootAccessPolicy>;

export const RootAccessExceptions = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal("RootAccessExceptions"),
    exceptions: z.array(Exception).describe("First match wins, in file-name order, then in file order."),
  })
  .describe("A file of exceptions, so a team can own its own file (for example through CODEOWNERS).");
export type RootAccessExceptions = z.infer<typeof RootAccessExceptions>;

export const DocumentKinds = ["RootAccessPolicy", "RootAccessExceptions"] as const;
export type DocumentKind = (typeof DocumentKinds)[number];

export const DesiredStateDocument = z.discriminatedUnion("kind", [RootAccessPolicy, RootAccessExceptions]);
export type DesiredStateDocument = z.infer<typeof DesiredStateDocument>;
