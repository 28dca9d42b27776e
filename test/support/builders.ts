import type { AuditedAccount, AuditSnapshot, RootCredentials } from "../../src/audit/snapshot.js";
import { type DesiredState, loadDesiredState } from "../../src/desired/index.js";

export const NOW = new Date("2026-11-22T12:00:00Z");
export const ORG_ID = "o-test123456";
export const MANAGEMENT_ID = "999999999999";

/**
 * A desired state from in-memory YAML; fails the test loudly when the YAML is invalid. With
 * `directory`, paths start with it (`desired-state/policy.yaml`, as the CLI shows them) and the
 * digest sees them relative to it, as the CLI reading that checkout computes it (default
 * `desired-state`).
 */
export function desiredFrom(files: Record<string, string>, now = NOW, directory?: string): DesiredState {
  const strip = `${directory ?? "desired-state"}/`;
  const sources = Object.entries(files).map(([path, text]) => ({
    path,
    // The digest sees paths inside the desired-state directory, as the real reader gives them.
    name: path.startsWith(strip) ? path.slice(strip.length) : path,
    content: new TextEncoder().encode(text),
  }));
  const result = loadDesiredState("desired-state", sources, now);
  if (!result.state) {
    const text = result.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path} ${p.message}`).join("\n");
    throw new Error(`test desired state is invalid:\n${text}`);
  }
  return result.state;
}

export function policyYaml(
  body: {
    baseline?: string;
    exceptions?: string;
    unmanaged?: string;
    features?: string;
    unlocks?: string;
  } = {},
): string {
  return [
    "apiVersion: rootward/v1",
    "kind: RootAccessPolicy",
    "organization:",
    `  id: ${ORG_ID}`,
    `  managementAccountId: "${MANAGEMENT_ID}"`,
    "features:",
    body.features ??
      "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: disabled",
    "baseline:",
    body.baseline ?? "  password: absent\n  accessKeys: absent\n  signingCertificates: absent\n  mfa: absent",
    body.exceptions ? `exceptions:\n${body.exceptions}` : "",
    body.unmanaged ? `unmanaged:\n${body.unmanaged}` : "",
    ...(body.unlocks ? [`unlocks:\n${body.unlocks}`] : []),
    "",
  ].join("\n");
}

/** One entry of `unlocks:` for policyYaml: a bucket policy to remove, with its reason and owner. */
export function unlockRequestYaml(name: string, accountId: string, bucket: string): string {
  return [
    `  - name: ${name}`,
    `    account: "${accountId}"`,
    `    s3Bucket: ${bucket}`,
    "    reason: r",
    "    owner: o",
  ].join("\n");
}

export function clean(): RootCredentials {
  return { password: { present: false }, accessKeys: [], mfaDevices: [], signingCertificates: [] };
}

export function account(id: string, overrides: Partial<AuditedAccount> = {}): AuditedAccount {
  return {
    id,
    name: `account-${id}`,
    ouPath: "/Root/Workloads",
    ouIds: ["r-root", "ou-root-workload"],
    tags: {},
    state: "ACTIVE",
    status: "audited",
    rootCredentials: clean(),
    ...overrides,
  };
}

export function snapshot(accounts: AuditedAccount[], overrides: Partial<AuditSnapshot> = {}): AuditSnapshot {
  return {
    version: 1,
    generatedAt: "2026-11-22T11:59:00.000Z",
    organization: { id: ORG_ID, managementAccountId: MANAGEMENT_ID, featureSet: "ALL", rootId: "r-root" },
    features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: false },
    tagsRead: true,
    organizationalUnits: [],
    serviceControlPolicies: [],
    accounts: [
      account(MANAGEMENT_ID, {
        name: "management",
        ouPath: "/Root",
        ouIds: ["r-root"],
        status: "skipped",
        reasonCode: "management-account",
      }),
      ...accounts,
    ],
    ...overrides,
  };
}
