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

/** Virtual devices have an ARN serial (`arn:aws:iam::…:mfa/…`) and are deleted after deactivation. */
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
});
export type ServiceControlPolicy = z.infer<typeof ServiceControlPolicy>;

export const AuditSnapshot = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  generatedAt: IsoTime,
  organization: z.object({
    id: z.string(),
    managementAccountId: z.string(),
    featureSet: z.string(),
    rootId: z.string(),
  }),
  features: z.object({
    trustedAccess: z.boolean(),
    rootCredentialsManagement: z.boolean(),
    rootSessions: z.boolean(),
  }),
  organizationalUnits: z.array(OrganizationalUnit),
  serviceControlPolicies: z.array(ServiceControlPolicy),
  accounts: z.array(AuditedAccount),
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
