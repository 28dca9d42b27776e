import fc from "fast-check";
import type { AuditedAccount, AuditSnapshot, RootCredentials } from "../../src/audit/snapshot.js";
import { MANAGEMENT_ID, ORG_ID } from "./builders.js";

/**
 * fast-check arbitraries of audit snapshots as `rootward audit` writes them (failed, unaudited,
 * suspended and closing accounts, unreadable tags), and a few forged ones that claim the
 * management account or a closing account was audited. Desired states: desired-arbitraries.ts.
 */

export const MEMBER_IDS = [
  "111111111111",
  "222222222222",
  "333333333333",
  "444444444444",
  "555555555555",
  "666666666666",
] as const;
const NAMES = ["payments-prod", "payments-dev", "search-prod", "sandbox-1", "sandbox-2", "legacy-app"];
/** OU paths with the ids of the root and every OU down to the account's parent. */
export const OUS: Readonly<Record<string, readonly string[]>> = {
  "/Root/Workloads": ["r-root", "ou-root-workload"],
  "/Root/Workloads/Prod": ["r-root", "ou-root-workload", "ou-root-wlprod01"],
  "/Root/Legacy": ["r-root", "ou-root-legacy01"],
  "/Root/Legacy2": ["r-root", "ou-root-legacy02"],
  "/Root/Quarantine": ["r-root", "ou-root-quarant1"],
};

const key = (accessKeyId: string, lastUsedDate?: string) => ({
  accessKeyId,
  status: "Active",
  createDate: "2020-01-01T00:00:00.000Z",
  ...(lastUsedDate ? { lastUsedDate, lastUsedService: "s3" } : {}),
});

export const credentialsArbitrary: fc.Arbitrary<RootCredentials> = fc.record({
  password: fc.oneof(
    fc.constant({ present: false }),
    fc.constant({ present: true }),
    fc.constant({ present: true, lastUsed: "2026-11-20T08:00:00.000Z" }),
  ),
  accessKeys: fc.uniqueArray(
    fc.constantFrom(
      key("AKIA1"),
      key("AKIA2", "2026-11-21T00:00:00.000Z"),
      key("AKIA3", "2024-01-01T00:00:00.000Z"),
    ),
    { selector: (k) => k.accessKeyId, maxLength: 3 },
  ),
  mfaDevices: fc.uniqueArray(
    fc.constantFrom(
      { serialNumber: "arn:aws:iam::111111111111:mfa/a", type: "virtual" as const },
      { serialNumber: "arn:aws:iam::111111111111:mfa/b", type: "virtual" as const },
      { serialNumber: "GAHT1", type: "hardware" as const },
    ),
    { selector: (d) => d.serialNumber, maxLength: 3 },
  ),
  signingCertificates: fc.uniqueArray(
    fc.constantFrom("C1", "C2").map((certificateId) => ({ certificateId, status: "Active" })),
    { selector: (c) => c.certificateId, maxLength: 2 },
  ),
});

type AccountDraft = {
  id: string;
  name: string;
  ouPath: string;
  tags: Record<string, string>;
  tagsUnreadable: boolean;
  state: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
  outcome: "audited" | "failed" | "deadline";
  /** A forged snapshot: a non-ACTIVE account that claims to have been audited. */
  forged: boolean;
  credentials: RootCredentials;
};

const accountDraft = fc.record({
  id: fc.constantFrom(...MEMBER_IDS),
  name: fc.constantFrom(...NAMES),
  ouPath: fc.constantFrom(...Object.keys(OUS)),
  tags: fc.record(
    { team: fc.constantFrom("payments", "search"), env: fc.constantFrom("prod", "dev") },
    { requiredKeys: [] },
  ),
  tagsUnreadable: fc.constantFrom(false, false, false, false, false, false, false, true),
  state: fc.constantFrom("ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE"),
  outcome: fc.constantFrom("audited", "audited", "audited", "audited", "failed", "deadline"),
  forged: fc.boolean(),
  credentials: credentialsArbitrary,
}) as fc.Arbitrary<AccountDraft>;

/** What `rootward audit` records for an account (or, `forged`, what an edited snapshot claims). */
function auditedAccount(draft: AccountDraft, rootCredentialsManagement: boolean): AuditedAccount {
  const base = {
    id: draft.id,
    name: draft.name,
    ouPath: draft.ouPath,
    ouIds: [...(OUS[draft.ouPath] ?? [])],
    // The audit records no tags when it could not read them, and says why.
    tags: draft.tagsUnreadable ? {} : draft.tags,
    ...(draft.tagsUnreadable ? { tagsError: "AccessDeniedException: not allowed" } : {}),
    state: draft.state,
  };
  if (draft.state !== "ACTIVE" && !draft.forged)
    return { ...base, status: "skipped", reasonCode: "not-active", reason: `account is ${draft.state}` };
  if (draft.state !== "ACTIVE") return { ...base, status: "audited", rootCredentials: draft.credentials };
  if (!rootCredentialsManagement) {
    return {
      ...base,
      status: "unaudited",
      reasonCode: "root-credentials-management-disabled",
      reason: "root credentials management is not enabled",
    };
  }
  if (draft.outcome === "failed")
    return { ...base, status: "failed", reasonCode: "error", errorCode: "AccessDenied", reason: "denied" };
  if (draft.outcome === "deadline")
    return { ...base, status: "failed", reasonCode: "deadline", errorCode: "Deadline", reason: "no answer" };
  return { ...base, status: "audited", rootCredentials: draft.credentials };
}

const managementAccount = fc.oneof(
  fc.constant<AuditedAccount>({
    id: MANAGEMENT_ID,
    name: "management",
    ouPath: "/Root",
    ouIds: ["r-root"],
    tags: {},
    state: "ACTIVE",
    status: "skipped",
    reasonCode: "management-account",
    reason: "out of scope",
  }),
  // A forged snapshot that claims the management account was audited and holds credentials.
  credentialsArbitrary.map<AuditedAccount>((rootCredentials) => ({
    id: MANAGEMENT_ID,
    name: "management",
    ouPath: "/Root",
    ouIds: ["r-root"],
    tags: {},
    state: "ACTIVE",
    status: "audited",
    rootCredentials,
  })),
);

export const auditArbitrary: fc.Arbitrary<AuditSnapshot> = fc
  .record({
    features: fc.record({
      trustedAccess: fc.boolean(),
      // Mostly on: with it off the audit reads no account, and most properties hold trivially.
      rootCredentialsManagement: fc.constantFrom(true, true, true, false),
      rootSessions: fc.boolean(),
    }),
    management: managementAccount,
    drafts: fc.uniqueArray(accountDraft, { selector: (draft) => draft.id, maxLength: MEMBER_IDS.length }),
  })
  .map(({ features, management, drafts }) => ({
    version: 1 as const,
    generatedAt: "2026-11-21T23:00:00.000Z",
    organization: { id: ORG_ID, managementAccountId: MANAGEMENT_ID, featureSet: "ALL", rootId: "r-root" },
    features,
    tagsRead: true,
    organizationalUnits: [],
    serviceControlPolicies: [],
    accounts: [
      management,
      ...drafts.map((draft) => auditedAccount(draft, features.rootCredentialsManagement)),
    ],
  }));
