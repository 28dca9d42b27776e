import fc from "fast-check";
import type { AuditedAccount, AuditSnapshot, RootCredentials } from "../../src/audit/snapshot.js";
import type { CredentialRules, DesiredState } from "../../src/desired/index.js";
import { desiredFrom, MANAGEMENT_ID, ORG_ID } from "./builders.js";

/**
 * fast-check arbitraries for the plan's properties: audit snapshots as `rootward audit` writes
 * them (and a few forged ones), and desired states written as YAML files, with the structure
 * kept beside them so a test can work out independently which entry governs an account.
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
/** Selectors name these OUs by path, and by id (`ou-root-workload` matches the OUs below it too). */
const OU_SELECTORS = ["/Root/Workloads", "/Root/Legacy", "/Root/Quarantine", "ou-root-workload"];
const NAME_GLOBS = ["payments-*", "*-prod", "sandbox-?", "legacy-app", "search*", "*"];

/** The day `now` falls on; exceptions expire the day before, on it, or the day after. */
const DAY = "2026-11-22";
export const NOWS = [
  new Date(`${DAY}T00:00:00.000Z`),
  new Date(`${DAY}T12:00:00.000Z`),
  new Date(`${DAY}T23:59:59.999Z`),
  new Date("2026-11-23T00:00:00.000Z"),
];
const EXPIRIES = ["2026-11-21", DAY, "2026-11-23", "2027-06-30"];

// ---------------------------------------------------------------- audit snapshots

const key = (accessKeyId: string, lastUsedDate?: string) => ({
  accessKeyId,
  status: "Active",
  createDate: "2020-01-01T00:00:00.000Z",
  ...(lastUsedDate ? { lastUsedDate, lastUsedService: "s3" } : {}),
});

const credentialsArbitrary: fc.Arbitrary<RootCredentials> = fc.record({
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

// ---------------------------------------------------------------- desired states

export type Selectors = { accounts: string[]; names: string[]; ous: string[]; tags: Record<string, string> };
export type ExceptionSpec = {
  name: string;
  selectors: Selectors;
  overrides: Partial<CredentialRules>;
  expires?: string;
  /** Which file holds it; `exceptions/a.yaml` comes before `policy.yaml` in resolution order. */
  file: "exceptions/a.yaml" | "policy.yaml";
};
export type DesiredSpec = {
  features: { trustedAccess: boolean; rootCredentialsManagement: boolean; rootSessions: boolean };
  baseline: CredentialRules;
  exceptions: ExceptionSpec[];
  unmanaged: Selectors[];
};

const rulesArbitrary = fc.record({
  password: fc.constantFrom("absent", "allowed", "present"),
  accessKeys: fc.constantFrom("absent", "allowed"),
  signingCertificates: fc.constantFrom("absent", "allowed"),
  mfa: fc.constantFrom("absent", "allowed", "required"),
}) as fc.Arbitrary<CredentialRules>;

/** At least one non-empty selector list (validate rejects an entry that selects nothing). */
const selectorsArbitrary = (accountIds: fc.Arbitrary<string[]>): fc.Arbitrary<Selectors> =>
  fc
    .record({
      accounts: accountIds,
      names: fc.uniqueArray(fc.constantFrom(...NAME_GLOBS), { maxLength: 2 }),
      ous: fc.uniqueArray(fc.constantFrom(...OU_SELECTORS), { maxLength: 2 }),
      tags: fc.record(
        { team: fc.constantFrom("payments", "search"), env: fc.constantFrom("prod", "dev") },
        { requiredKeys: [] },
      ),
    })
    .filter(
      (selectors) =>
        selectors.accounts.length + selectors.names.length + selectors.ous.length > 0 ||
        Object.keys(selectors.tags).length > 0,
    );

const exceptionArbitrary = fc.record({
  selectors: selectorsArbitrary(fc.constant([])),
  overrides: fc.record(
    {
      password: fc.constantFrom("absent", "allowed", "present"),
      accessKeys: fc.constantFrom("absent", "allowed"),
      signingCertificates: fc.constantFrom("absent", "allowed"),
      mfa: fc.constantFrom("absent", "allowed", "required"),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Partial<CredentialRules>>,
  expires: fc.option(fc.constantFrom(...EXPIRIES), { nil: undefined }),
  file: fc.constantFrom("exceptions/a.yaml", "policy.yaml"),
});

export const desiredArbitrary: fc.Arbitrary<DesiredSpec> = fc
  .record({
    // validate requires trusted access whenever either root-access feature is enabled.
    features: fc
      .record({
        trustedAccess: fc.boolean(),
        rootCredentialsManagement: fc.boolean(),
        rootSessions: fc.boolean(),
      })
      .map((features) => ({
        ...features,
        trustedAccess: features.trustedAccess || features.rootCredentialsManagement || features.rootSessions,
      })),
    baseline: rulesArbitrary,
    exceptions: fc.array(exceptionArbitrary, { maxLength: 3 }),
    // Each account id is listed by at most one exception (validate rejects the same account
    // in two): a partition of some ids over the exceptions.
    listed: fc.array(fc.tuple(fc.constantFrom(...MEMBER_IDS), fc.nat(2)), { maxLength: 4 }),
    // Rarely, and narrow: an unmanaged entry that matches most accounts leaves little to plan.
    unmanaged: fc.oneof(
      { weight: 3, arbitrary: fc.constant<Selectors[]>([]) },
      {
        weight: 1,
        arbitrary: fc
          .record({
            accounts: fc.uniqueArray(fc.constantFrom(...MEMBER_IDS), { maxLength: 1 }),
            names: fc.constant<string[]>([]),
            ous: fc.uniqueArray(fc.constantFrom("/Root/Quarantine", "/Root/Legacy"), { maxLength: 1 }),
            tags: fc.record({ env: fc.constant("dev") }, { requiredKeys: [] }),
          })
          .filter(selectsSomething)
          .map((selectors) => [selectors]),
      },
    ),
  })
  .map(({ features, baseline, exceptions, listed, unmanaged }) => {
    const owners = new Map<string, number>();
    for (const [id, owner] of listed) if (!owners.has(id)) owners.set(id, owner);
    return {
      features,
      baseline,
      exceptions: exceptions.map((exception, index) => {
        const accounts = [...owners].filter(([, owner]) => owner === index).map(([id]) => id);
        return {
          name: `exception-${index}`,
          ...exception,
          selectors: { ...exception.selectors, accounts },
          ...(exception.expires === undefined ? {} : { expires: exception.expires }),
        };
      }),
      unmanaged,
    } as DesiredSpec;
  })
  .filter((spec) => spec.exceptions.every((exception) => selectsSomething(exception.selectors)));

function selectsSomething(selectors: Selectors): boolean {
  return (
    selectors.accounts.length + selectors.names.length + selectors.ous.length > 0 ||
    Object.keys(selectors.tags).length > 0
  );
}

function selectorYaml(selectors: Selectors, indent: string): string[] {
  const lines: string[] = [];
  for (const field of ["accounts", "names", "ous"] as const)
    if (selectors[field].length > 0) lines.push(`${indent}${field}: ${JSON.stringify(selectors[field])}`);
  if (Object.keys(selectors.tags).length > 0) lines.push(`${indent}tags: ${JSON.stringify(selectors.tags)}`);
  return lines;
}

function exceptionYaml(exception: ExceptionSpec): string[] {
  const [first, ...rest] = [
    `name: ${exception.name}`,
    ...selectorYaml(exception.selectors, ""),
    ...Object.entries(exception.overrides).map(([kind, rule]) => `${kind}: ${rule}`),
    ...(exception.expires ? [`expires: "${exception.expires}"`] : []),
    "reason: generated",
    "owner: tests",
  ];
  return [`  - ${first}`, ...rest.map((line) => `    ${line}`)];
}

/** The YAML files of `spec`. */
export function desiredFiles(spec: DesiredSpec): Record<string, string> {
  const enabled = (on: boolean) => (on ? "enabled" : "disabled");
  const inFile = (file: ExceptionSpec["file"]) =>
    spec.exceptions.filter((exception) => exception.file === file);
  const policy = [
    "apiVersion: rootward/v1",
    "kind: RootAccessPolicy",
    "organization:",
    `  id: ${ORG_ID}`,
    `  managementAccountId: "${MANAGEMENT_ID}"`,
    "features:",
    `  trustedAccess: ${enabled(spec.features.trustedAccess)}`,
    `  rootCredentialsManagement: ${enabled(spec.features.rootCredentialsManagement)}`,
    `  rootSessions: ${enabled(spec.features.rootSessions)}`,
    "baseline:",
    ...Object.entries(spec.baseline).map(([kind, rule]) => `  ${kind}: ${rule}`),
    ...(inFile("policy.yaml").length > 0
      ? ["exceptions:", ...inFile("policy.yaml").flatMap(exceptionYaml)]
      : []),
    ...(spec.unmanaged.length > 0
      ? [
          "unmanaged:",
          ...spec.unmanaged.flatMap((selectors) => {
            const [first, ...rest] = [...selectorYaml(selectors, ""), "reason: generated"];
            return [`  - ${first}`, ...rest.map((line) => `    ${line}`)];
          }),
        ]
      : []),
    "",
  ].join("\n");
  const files: Record<string, string> = { "policy.yaml": policy };
  const extra = inFile("exceptions/a.yaml");
  if (extra.length > 0) {
    files["exceptions/a.yaml"] = [
      "apiVersion: rootward/v1",
      "kind: RootAccessExceptions",
      "exceptions:",
      ...extra.flatMap(exceptionYaml),
      "",
    ].join("\n");
  }
  return files;
}

export function loadSpec(spec: DesiredSpec, now: Date): DesiredState {
  return desiredFrom(desiredFiles(spec), now);
}
