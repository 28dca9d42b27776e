import { z } from "zod";
import { ACCOUNT_STATES } from "./model.js";

/**
 * The sandbox fixture format (`rootward/sandbox-v1`, kind `SandboxOrganization`): an organization
 * with its OUs, accounts and their root credentials, SCPs, features, trusted access, and the
 * buckets/queues of the unlock tasks. Strict: an unknown key is an error, so a typo never
 * silently produces a clean account. Identifiers left out are derived deterministically from
 * the account id, so the same fixture always yields the same keys, serials and certificates.
 */
export const FIXTURE_API_VERSION = "rootward/sandbox-v1";

const ACCOUNT_ID_MESSAGE =
  'must be a 12-digit account id in quotes ("012345678901"): a YAML number loses leading zeros';
const AccountId = z.string({ error: ACCOUNT_ID_MESSAGE }).regex(/^\d{12}$/, ACCOUNT_ID_MESSAGE);
const Timestamp = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: "must be a date (2024-05-01) or an ISO-8601 timestamp",
  });
const Tags = z.record(z.string().min(1).max(128), z.string().max(256));
const PolicyDocument = z.union([z.string(), z.record(z.string(), z.unknown())]);
const OuPath = z.string().regex(/^\/[^/]+(\/[^/]+)*$/, "must be an OU path like /Root/Workloads/Prod");

const AccessKeyFixture = z.strictObject({
  id: z
    .string()
    .regex(/^AKIA[A-Z2-7]{16}$/)
    .optional(),
  status: z.enum(["Active", "Inactive"]).default("Active"),
  created: Timestamp,
  lastUsed: z
    .strictObject({ date: Timestamp, service: z.string().min(1), region: z.string().min(1) })
    .optional(),
});

const MfaFixture = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("virtual"),
    /** The device name; the serial is `arn:aws:iam::<account>:mfa/<name>`. */
    name: z.string().regex(/^[\w+=,.@-]+$/),
    enabled: Timestamp,
  }),
  z.strictObject({
    type: z.literal("hardware"),
    serial: z
      .string()
      .regex(/^[\w+=/:,.@-]{9,256}$/)
      .optional(),
    enabled: Timestamp,
  }),
]);

const CertificateFixture = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Z0-9]{24,128}$/)
    .optional(),
  status: z.enum(["Active", "Inactive"]).default("Active"),
  uploaded: Timestamp,
});

const RootFixture = z.strictObject({
  password: z
    .strictObject({
      created: Timestamp,
      lastUsed: Timestamp.optional(),
      passwordResetRequired: z.boolean().default(false),
    })
    .optional(),
  accessKeys: z.array(AccessKeyFixture).default([]),
  mfaDevices: z.array(MfaFixture).default([]),
  signingCertificates: z.array(CertificateFixture).default([]),
});

const AccountFixture = z.strictObject({
  id: AccountId,
  name: z.string().min(1).max(50),
  email: z.string().regex(/^[^@\s]+@[^@\s]+$/),
  ou: OuPath.optional(),
  state: z.enum(ACCOUNT_STATES as [string, ...string[]]).default("ACTIVE"),
  joinedMethod: z.enum(["INVITED", "CREATED"]).default("CREATED"),
  joined: Timestamp.optional(),
  tags: Tags.optional(),
  root: RootFixture.optional(),
});

const OuFixture = z.strictObject({
  path: OuPath,
  id: z
    .string()
    .regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/)
    .optional(),
  tags: Tags.optional(),
});

const PolicyFixture = z.strictObject({
  id: z.string().regex(/^p-[0-9a-zA-Z_]{8,128}$/),
  name: z.string().min(1).max(128),
  description: z.string().max(512).default(""),
  awsManaged: z.boolean().default(false),
  /** OU paths (`/Root` for the root) or account ids. */
  targets: z.array(z.union([OuPath, AccountId])).default([]),
  content: PolicyDocument,
  tags: Tags.optional(),
});

const Enablement = z.enum(["enabled", "disabled"]);

export const SandboxFixture = z.strictObject({
  apiVersion: z.literal(FIXTURE_API_VERSION),
  kind: z.literal("SandboxOrganization"),
  organization: z.strictObject({
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/),
    rootId: z
      .string()
      .regex(/^r-[0-9a-z]{4,32}$/)
      .optional(),
    featureSet: z.enum(["ALL", "CONSOLIDATED_BILLING"]).default("ALL"),
    managementAccountId: AccountId,
    rootTags: Tags.optional(),
  }),
  features: z
    .strictObject({ rootCredentialsManagement: Enablement, rootSessions: Enablement })
    .default({ rootCredentialsManagement: "disabled", rootSessions: "disabled" }),
  trustedAccess: z
    .array(z.strictObject({ servicePrincipal: z.string().min(1), enabled: Timestamp.optional() }))
    .default([]),
  delegatedAdministrators: z
    .array(
      z.strictObject({
        accountId: AccountId,
        servicePrincipal: z.string().min(1),
        enabled: Timestamp.optional(),
      }),
    )
    .default([]),
  /** The account behind the sandbox's "plain member" static key (default: first ACTIVE member that is no delegated admin). */
  memberCaller: AccountId.optional(),
  organizationalUnits: z.array(OuFixture).default([]),
  accounts: z.array(AccountFixture).min(1),
  policies: z.array(PolicyFixture).default([]),
  /** Role-session callers with identity-based policies (see callers.ts); their keys are issued at start. */
  callers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        /** An account id, or management (default), delegated-admin, member. */
        accountId: z.string().optional(),
        roleName: z.string().optional(),
        sessionName: z.string().optional(),
        policies: z.array(PolicyDocument).optional(),
      }),
    )
    .default([]),
  buckets: z
    .array(
      z.strictObject({
        account: AccountId,
        name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
        created: Timestamp.optional(),
        policy: PolicyDocument.optional(),
      }),
    )
    .default([]),
  queues: z
    .array(
      z.strictObject({
        account: AccountId,
        name: z.string().regex(/^[\w-]{1,80}(\.fifo)?$/),
        region: z.string().default("us-east-1"),
        policy: PolicyDocument.optional(),
      }),
    )
    .default([]),
});
export type SandboxFixture = z.infer<typeof SandboxFixture>;
/** What callers may pass: defaults not yet applied. */
export type SandboxFixtureInput = z.input<typeof SandboxFixture>;
