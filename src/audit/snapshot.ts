import { z } from "zod";

/**
 * The audit snapshot: a versioned JSON document other tools read. Field names marked in the audit
 * issue are a contract (`version`, `organization.id`, `features.*`, `accounts[].rootCredentials…`).
 * It never holds session credentials or certificate bodies.
 */
export const SNAPSHOT_VERSION = 1;

const IsoTime = z.string().datetime({ offset: true });

export const AccountStates = [
  "PENDING_ACTIVATION",
  "ACTIVE",
  "SUSPENDED",
  "PENDING_CLOSURE",
  "CLOSED",
] as const;
export const AuditStatuses = ["audited", "skipped", "unaudited", "failed"] as const;
export type AuditStatus = (typeof AuditStatuses)[number];

/** Why an account was not audited; a closed list so reports and plans can branch on it. */
export const SkipReasons = [
  "management-account",
  "not-active",
  "root-credentials-management-disabled",
  "error",
  "deadline",
  "interrupted",
  /** The run read only what unlock requests need (`apply --unlocks-only`), not credentials. */
  "unlocks-only",
] as const;
export type SkipReason = (typeof SkipReasons)[number];

export const AccessKey = z.object({
  accessKeyId: z.string(),
  status: z.string(),
  createDate: IsoTime.optional(),
  lastUsedDate: IsoTime.optional(),
  lastUsedService: z.string().optional(),
  lastUsedRegion: z.string().optional(),
});
export type AccessKey = z.infer<typeof AccessKey>;

/** Virtual devices have an ARN serial (`arn:aws:iam::…:mfa/…`); deactivating either kind removes it from the root user. */
export const MfaDevice = z.object({
  serialNumber: z.string(),
  enableDate: IsoTime.optional(),
  type: z.enum(["virtual", "hardware"]),
});
export type MfaDevice = z.infer<typeof MfaDevice>;

export const SigningCertificate = z.object({
  certificateId: z.string(),
  status: z.string(),
  uploadDate: IsoTime.optional(),
});
export type SigningCertificate = z.infer<typeof SigningCertificate>;

export const RootCredentials = z.object({
  password: z.object({
    present: z.boolean(),
    createDate: IsoTime.optional(),
    lastUsed: IsoTime.optional(),
  }),
  accessKeys: z.array(AccessKey),
  mfaDevices: z.array(MfaDevice),
  signingCertificates: z.array(SigningCertificate),
});
export type RootCredentials = z.infer<typeof RootCredentials>;

export const AuditedAccount = z.object({
  id: z.string().regex(/^\d{12}$/),
  name: z.string(),
  email: z.string().optional(),
  ouPath: z.string(),
  ouIds: z.array(z.string()),
  tags: z.record(z.string(), z.string()),
  /**
   * Set when ListTagsForResource failed for this account: `tags` is then empty, not the truth,
   * and an entry that selects by tag cannot be evaluated (the plan leaves the account unverified).
   */
  tagsError: z.string().optional(),
  state: z.string(),
  status: z.enum(AuditStatuses),
  reasonCode: z.enum(SkipReasons).optional(),
  reason: z.string().optional(),
  errorCode: z.string().optional(),
  rootCredentials: RootCredentials.optional(),
});
export type AuditedAccount = z.infer<typeof AuditedAccount>;

export const OrganizationalUnit = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  parentId: z.string(),
});
export type OrganizationalUnit = z.infer<typeof OrganizationalUnit>;

export const ServiceControlPolicy = z.object({
  id: z.string(),
  name: z.string(),
  awsManaged: z.boolean(),
  targets: z.array(z.string()),
  content: z.string(),
  /**
   * False when the targets were not listed because the policy has no Deny statement (`targets`
   * is then empty, not the truth): an Allow-only SCP can never deny a root session, and AWS
   * attaches `FullAWSAccess` to every root, OU and account, so listing its targets would cost
   * ~N/20 sequential calls (aws-api.md §9). Absent in older snapshots, where targets were always listed.
   */
  targetsListed: z.boolean().optional(),
});
export type ServiceControlPolicy = z.infer<typeof ServiceControlPolicy>;

export const UnlockTargetStatuses = ["read", "skipped", "failed"] as const;
/** Why an unlock target's policy was not read; a closed list the plan branches on. */
export const UnlockTargetReasons = [
  "root-sessions-disabled",
  "management-account",
  "not-in-organization",
  "not-active",
  "not-found",
  "error",
  "deadline",
  /** The run was told not to open unlock sessions (`--no-unlock-reads`: the plan role cannot). */
  "not-read",
] as const;
export type UnlockTargetReason = (typeof UnlockTargetReasons)[number];

/**
 * One bucket or queue an unlock request names, read in an S3UnlockBucketPolicy /
 * SQSUnlockQueuePolicy root session. `policy` is the document as AWS returned it, present only
 * when status is `read` and the resource has a policy.
 */
export const UnlockTargetRead = z
  .object({
    accountId: z.string().regex(/^\d{12}$/),
    s3Bucket: z.string().optional(),
    sqsQueueUrl: z.string().optional(),
    status: z.enum(UnlockTargetStatuses),
    policy: z.string().optional(),
    reasonCode: z.enum(UnlockTargetReasons).optional(),
    errorCode: z.string().optional(),
    reason: z.string().optional(),
  })
  .refine((target) => (target.s3Bucket === undefined) !== (target.sqsQueueUrl === undefined), {
    error: "an unlock target names exactly one of s3Bucket, sqsQueueUrl",
  });
export type UnlockTargetRead = z.infer<typeof UnlockTargetRead>;

/** Why a read failed: the AWS error code and message, e.g. `AccessDeniedException`. */
export const ReadFailure = z.object({ code: z.string(), message: z.string() });
export type ReadFailure = z.infer<typeof ReadFailure>;

/**
 * What the audit could not read, and why. Set only when a read failed (a hand-written
 * least-privilege role, an Organizations delegated administrator without policy delegation):
 * the credentials were still audited, and the plan reports which analyses are missing. A field
 * listed here is never defaulted: `serviceControlPolicies` is then empty and `features.trustedAccess`
 * is false, and neither is the truth.
 */
export const UnreadData = z.object({
  /** ListPolicies, DescribePolicy or ListTargetsForPolicy failed: no SCP is known. */
  serviceControlPolicies: ReadFailure.optional(),
  /** ListAWSServiceAccessForOrganization failed: whether IAM has trusted access is not known. */
  trustedAccess: ReadFailure.optional(),
});
export type UnreadData = z.infer<typeof UnreadData>;

export const AuditSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  generatedAt: IsoTime,
  organization: z.object({
    id: z.string(),
    managementAccountId: z.string(),
    featureSet: z.string(),
    rootId: z.string(),
  }),
  /**
   * Who ran the audit (sts:GetCallerIdentity). Plan compares its account with the management
   * account: some organization calls are the management account's alone. Older snapshots lack it.
   */
  caller: z.object({ accountId: z.string(), arn: z.string() }).optional(),
  features: z.object({
    trustedAccess: z.boolean(),
    rootCredentialsManagement: z.boolean(),
    rootSessions: z.boolean(),
  }),
  /** Whether account tags were read; without them tag selectors cannot be evaluated. */
  tagsRead: z.boolean().optional(),
  organizationalUnits: z.array(OrganizationalUnit),
  serviceControlPolicies: z.array(ServiceControlPolicy),
  accounts: z.array(AuditedAccount),
  /** Only when the desired state asked for unlocks (older snapshots have none). */
  unlockTargets: z.array(UnlockTargetRead).optional(),
  /** Only when some organization-level read failed (see UnreadData). */
  unread: UnreadData.optional(),
  /**
   * Set when the run was stopped (Ctrl-C) before every account was audited: those accounts are
   * `unaudited` with reason `interrupted`. Plan refuses such a snapshot unless --account names
   * accounts it holds.
   */
  incomplete: z
    .object({ reason: z.literal("interrupted"), notAudited: z.number().int().nonnegative() })
    .optional(),
});
export type AuditSnapshot = z.infer<typeof AuditSnapshot>;

export function isVirtualMfaSerial(serialNumber: string): boolean {
  return /^arn:aws[a-z-]*:iam::\d{12}:mfa\//.test(serialNumber);
}

export function holdsRootCredentials(credentials: RootCredentials): boolean {
  return (
    credentials.password.present ||
    credentials.accessKeys.length > 0 ||
    credentials.mfaDevices.length > 0 ||
    credentials.signingCertificates.length > 0
  );
}
