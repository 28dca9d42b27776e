import fc from "fast-check";
import type { AuditedAccount, AuditSnapshot } from "../../src/audit/snapshot.js";
import { credentialsArbitrary } from "./audit-arbitraries.js";
import { MANAGEMENT_ID, ORG_ID } from "./builders.js";

/**
 * Audit snapshots of whole organizations, 1 to `maxAccounts` member accounts (issue 15's init
 * properties run up to 2,000): accounts spread over OUs (some with names a hostile OU admin could
 * choose), most clean, some holding each mix of root credentials, and the accounts init must not
 * grandfather — failed audits, suspended and closing accounts, a forged audited non-ACTIVE one.
 */
const OU_PATHS = [
  "/Root",
  "/Root/Workloads",
  "/Root/Workloads/Prod",
  "/Root/Workloads/Dev",
  "/Root/Legacy",
  "/Root/Legacy2",
  "/Root/Sandbox/Team ☃ Ünïcode",
  "/Root/Evil\u001b[2J\nkind: x",
  `/Root/${"very-long-ou-name-".repeat(6)}`,
] as const;

type Shape = {
  ou: number;
  kind: "clean" | "credentials" | "failed" | "suspended" | "closing" | "forged";
  credentials: AuditedAccount["rootCredentials"];
};

const shape: fc.Arbitrary<Shape> = fc.record({
  ou: fc.nat({ max: OU_PATHS.length - 1 }),
  kind: fc.constantFrom(
    "clean",
    "clean",
    "clean",
    "clean",
    "clean",
    "credentials",
    "credentials",
    "failed",
    "suspended",
    "closing",
    "forged",
  ),
  credentials: credentialsArbitrary,
});

function member(index: number, draft: Shape): AuditedAccount {
  const ouPath = OU_PATHS[draft.ou] ?? "/Root";
  const base = {
    id: String(100_000_000_000 + index),
    name: `account-${index}`,
    ouPath,
    ouIds: ["r-root", ...(ouPath === "/Root" ? [] : [`ou-root-${String(draft.ou).padStart(8, "0")}`])],
    tags: {},
    state: "ACTIVE",
  };
  switch (draft.kind) {
    case "clean":
      return {
        ...base,
        status: "audited",
        rootCredentials: {
          password: { present: false },
          accessKeys: [],
          mfaDevices: [],
          signingCertificates: [],
        },
      };
    case "credentials":
      return { ...base, status: "audited", rootCredentials: draft.credentials };
    case "failed":
      return { ...base, status: "failed", reasonCode: "error", errorCode: "AccessDenied", reason: "denied" };
    case "suspended":
      return {
        ...base,
        state: "SUSPENDED",
        status: "skipped",
        reasonCode: "not-active",
        reason: "suspended",
      };
    case "closing":
      return {
        ...base,
        state: "PENDING_CLOSURE",
        status: "skipped",
        reasonCode: "not-active",
        reason: "closing",
      };
    case "forged":
      return { ...base, state: "SUSPENDED", status: "audited", rootCredentials: draft.credentials };
  }
}

export function organizationArbitrary(maxAccounts: number): fc.Arbitrary<AuditSnapshot> {
  return fc
    .record({
      features: fc.record({
        trustedAccess: fc.boolean(),
        rootCredentialsManagement: fc.constantFrom(true, true, true, false),
        rootSessions: fc.boolean(),
      }),
      size: fc.integer({ min: 1, max: maxAccounts }),
      seed: fc.array(shape, { minLength: 1, maxLength: 64 }),
    })
    .map(({ features, size, seed }) => {
      // `size` accounts from a cycle of generated shapes: cheap to build at 2,000 accounts.
      const members = Array.from({ length: size }, (_, index) => {
        const account = member(index, seed[index % seed.length] as Shape);
        if (features.rootCredentialsManagement || account.state !== "ACTIVE") return account;
        const { rootCredentials: _dropped, ...rest } = account;
        return {
          ...rest,
          status: "unaudited" as const,
          reasonCode: "root-credentials-management-disabled" as const,
        };
      });
      return {
        version: 1 as const,
        generatedAt: "2026-11-21T23:00:00.000Z",
        organization: { id: ORG_ID, managementAccountId: MANAGEMENT_ID, featureSet: "ALL", rootId: "r-root" },
        features,
        tagsRead: false,
        organizationalUnits: [],
        serviceControlPolicies: [],
        accounts: [
          {
            id: MANAGEMENT_ID,
            name: "management",
            ouPath: "/Root",
            ouIds: ["r-root"],
            tags: {},
            state: "ACTIVE",
            status: "skipped",
            reasonCode: "management-account",
            reason: "out of scope",
          },
          ...members,
        ],
      };
    });
}
