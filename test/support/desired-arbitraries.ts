import fc from "fast-check";
import type { CredentialRules, DesiredState } from "../../src/desired/index.js";
import { MEMBER_IDS } from "./audit-arbitraries.js";
import { desiredFrom, MANAGEMENT_ID, ORG_ID } from "./builders.js";

/**
 * fast-check arbitraries of desired states: every rule value, exceptions by account, name glob,
 * OU path or id and tag in two files, expiring around `now`, unmanaged entries, features. Each
 * is kept as a structure beside its YAML so a test can work out independently which entry
 * governs an account (governing-oracle.ts).
 */

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
