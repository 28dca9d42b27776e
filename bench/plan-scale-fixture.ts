/**
 * A synthetic audit snapshot and desired state shaped like a large real organization, for
 * bench/plan-scale.ts. Deterministic for a given size and seed.
 *
 * - AWS attaches the managed `FullAWSAccess` SCP to the root, to every OU and to every account
 *   when SCPs are enabled (AWS Organizations User Guide, "Service control policies": "FullAWSAccess
 *   … is attached to every root, OU, and account by default"), so its target list holds them all.
 * - OUs nest 3 to 5 deep under business units and environments.
 * - A few Deny SCPs sit on OUs: a classic deny-root without the `aws:AssumedRoot` exemption (it
 *   blocks every root-session task in that OU), a DenyRootPasswordRecovery (`iam:CreateLoginProfile`),
 *   a deny on leaving the organization at the root and a region guard with NotAction.
 * - About 10 % of member accounts hold root credentials, about 1 % are suspended or closing, and
 *   a few audits failed.
 */
import type {
  AuditedAccount,
  AuditSnapshot,
  OrganizationalUnit,
  RootCredentials,
} from "../src/audit/snapshot.js";

export const ORG_ID = "o-bench0000001";
export const MANAGEMENT_ID = "100000000000";
const ROOT_ID = "r-bnch";
const GENERATED_AT = "2026-11-22T06:00:00.000Z";
const DAY = 86_400_000;
const EPOCH = Date.parse("2023-01-01T00:00:00Z");

const BUSINESS_UNITS = ["payments", "search", "data", "platform", "identity", "retail", "media", "ads"];
const ENVIRONMENTS = ["prod", "staging", "dev"];
const TEAMS = ["api", "web", "batch", "ml", "stream", "core"];

/** A small deterministic PRNG (mulberry32): the same snapshot for the same seed on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Leaf = { id: string; path: string; ouIds: string[]; unit: string; environment: string; team: string };

/**
 * OUs: /Root/{Security,Infrastructure,Sandbox,Legacy,Quarantine} (depth 1) and
 * /Root/Workloads/<unit>/<environment>[/<team>[/<squad>]] (depth 3 to 5), with about one leaf OU
 * per 60 accounts so the tree grows with the organization as real ones do.
 */
function organizationalUnits(accounts: number): {
  units: OrganizationalUnit[];
  leaves: Leaf[];
  byName: Map<string, string>;
} {
  const units: OrganizationalUnit[] = [];
  const byName = new Map<string, string>();
  let next = 0;
  const add = (name: string, parent: { id: string; path: string }) => {
    next++;
    const id = `ou-bnch-${next.toString(36).padStart(8, "0")}`;
    const path = `${parent.path}/${name}`;
    units.push({ id, name, path, parentId: parent.id });
    byName.set(path, id);
    return { id, path };
  };
  const root = { id: ROOT_ID, path: "/Root" };
  const leaves: Leaf[] = [];
  for (const name of ["Security", "Infrastructure", "Sandbox", "Legacy", "Quarantine"]) {
    const ou = add(name, root);
    leaves.push({
      id: ou.id,
      path: ou.path,
      ouIds: [ROOT_ID, ou.id],
      unit: name.toLowerCase(),
      environment: "shared",
      team: "core",
    });
  }
  const workloads = add("Workloads", root);
  const wantedLeaves = Math.max(24, Math.round(accounts / 60));
  const perEnvironment = Math.max(1, Math.ceil(wantedLeaves / (BUSINESS_UNITS.length * ENVIRONMENTS.length)));
  for (const unit of BUSINESS_UNITS) {
    const unitOu = add(unit, workloads);
    for (const environment of ENVIRONMENTS) {
      const environmentOu = add(environment, unitOu);
      for (let index = 0; index < perEnvironment; index++) {
        const team = TEAMS[index % TEAMS.length] ?? "core";
        const teamOu = add(`${team}-${Math.floor(index / TEAMS.length)}`, environmentOu);
        const ids = [ROOT_ID, workloads.id, unitOu.id, environmentOu.id, teamOu.id];
        // Every third team splits into squads: depth 5.
        if (index % 3 === 2) {
          for (const squad of ["blue", "green"]) {
            const squadOu = add(squad, teamOu);
            leaves.push({
              id: squadOu.id,
              path: squadOu.path,
              ouIds: [...ids, squadOu.id],
              unit,
              environment,
              team,
            });
          }
        } else {
          leaves.push({ id: teamOu.id, path: teamOu.path, ouIds: ids, unit, environment, team });
        }
      }
    }
  }
  return { units, leaves, byName };
}

function credentials(accountId: string, roll: () => number): RootCredentials {
  const created = new Date(EPOCH + Math.floor(roll() * 900) * DAY).toISOString();
  const recent = new Date(Date.parse(GENERATED_AT) - Math.floor(roll() * 60) * DAY).toISOString();
  const kind = Math.floor(roll() * 6);
  const live: RootCredentials = {
    password: { present: false },
    accessKeys: [],
    mfaDevices: [],
    signingCertificates: [],
  };
  if (kind <= 2) live.password = { present: true, createDate: created, lastUsed: recent };
  if (kind === 1 || kind === 3) {
    live.accessKeys.push({
      accessKeyId: `AKIA${accountId.slice(-8)}BENCH${Math.floor(roll() * 1e4)
        .toString()
        .padStart(4, "0")}`.slice(0, 20),
      status: "Active",
      createDate: created,
      lastUsedDate: recent,
      lastUsedService: "s3",
      lastUsedRegion: "us-east-1",
    });
  }
  if (kind === 0 || kind === 4) {
    const virtual = roll() < 0.5;
    live.mfaDevices.push({
      serialNumber: virtual
        ? `arn:aws:iam::${accountId}:mfa/root-account-mfa-device`
        : `GAHT${accountId.slice(-8)}`,
      type: virtual ? "virtual" : "hardware",
      enableDate: created,
    });
  }
  if (kind === 5) {
    live.signingCertificates.push({
      certificateId: `CERT${accountId}BENCH`.padEnd(24, "X"),
      status: "Active",
      uploadDate: created,
    });
  }
  return live;
}

const policy = (statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** The snapshot `rootward audit` would write for an organization of `members` member accounts. */
export function benchSnapshot(members: number, seed = 1): AuditSnapshot {
  const roll = random(seed);
  const { units, leaves, byName } = organizationalUnits(members);
  const accounts: AuditedAccount[] = [
    {
      id: MANAGEMENT_ID,
      name: "management",
      email: "aws+management@bench.example",
      ouPath: "/Root",
      ouIds: [ROOT_ID],
      tags: {},
      state: "ACTIVE",
      status: "skipped",
      reasonCode: "management-account",
      reason: "the management account's root user is out of scope of centralized root access",
    },
  ];
  for (let index = 0; index < members; index++) {
    const id = String(100_000_000_001 + index);
    const leaf = leaves[index % leaves.length] as Leaf;
    const name = `${leaf.unit}-${leaf.team}-${leaf.environment}-${String(index).padStart(6, "0")}`;
    const tags: Record<string, string> = {
      team: `${leaf.unit}-${leaf.team}`,
      environment: leaf.environment,
      "cost-center": `cc-${index % 97}`,
    };
    if (index % 500 === 7) tags["root-access"] = "break-glass";
    if (index % 400 === 13) tags["managed-by"] = "vendor";
    const base = { id, name, email: `aws+${id}@bench.example`, ouPath: leaf.path, ouIds: leaf.ouIds, tags };
    const state = roll();
    if (state < 0.005) {
      accounts.push({
        ...base,
        state: "SUSPENDED",
        status: "skipped",
        reasonCode: "not-active",
        reason: "account is SUSPENDED",
      });
      continue;
    }
    if (state < 0.01) {
      accounts.push({
        ...base,
        state: "PENDING_CLOSURE",
        status: "skipped",
        reasonCode: "not-active",
        reason: "account is PENDING_CLOSURE",
      });
      continue;
    }
    if (state < 0.0105) {
      accounts.push({
        ...base,
        state: "ACTIVE",
        status: "failed",
        reasonCode: "error",
        errorCode: "AccessDenied",
        reason: "explicit deny in a service control policy",
      });
      continue;
    }
    const dirty = roll() < 0.1;
    const live: RootCredentials = dirty
      ? credentials(id, roll)
      : { password: { present: false }, accessKeys: [], mfaDevices: [], signingCertificates: [] };
    accounts.push({ ...base, state: "ACTIVE", status: "audited", rootCredentials: live });
  }
  const everything = [
    ROOT_ID,
    ...units.map((unit) => unit.id),
    ...accounts.map((account) => account.id),
  ].sort();
  const ou = (path: string) => byName.get(path) ?? ROOT_ID;
  const serviceControlPolicies = [
    {
      id: "p-FullAWSAccess",
      name: "FullAWSAccess",
      awsManaged: true,
      targets: everything,
      content: policy([{ Effect: "Allow", Action: "*", Resource: "*" }]),
    },
    {
      id: "p-bnchdenyroot",
      name: "DenyRootUser",
      awsManaged: false,
      targets: [ou("/Root/Sandbox")],
      content: policy([
        {
          Sid: "DenyRoot",
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
        },
      ]),
    },
    {
      id: "p-bnchdenypwrec",
      name: "DenyRootPasswordRecovery",
      awsManaged: false,
      targets: [ou("/Root/Workloads/payments/prod"), ou("/Root/Workloads/retail/prod")],
      content: policy([
        { Sid: "DenyPasswordRecovery", Effect: "Deny", Action: "iam:CreateLoginProfile", Resource: "*" },
      ]),
    },
    {
      id: "p-bnchdenyleave",
      name: "DenyLeaveOrganization",
      awsManaged: false,
      targets: [ROOT_ID],
      content: policy([{ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }]),
    },
    {
      id: "p-bnchregions",
      name: "RegionGuard",
      awsManaged: false,
      targets: [ou("/Root/Workloads")],
      content: policy([
        {
          Effect: "Deny",
          NotAction: ["iam:*", "organizations:*", "sts:*", "support:*"],
          Resource: "*",
          Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } },
        },
      ]),
    },
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    version: 1,
    generatedAt: GENERATED_AT,
    organization: { id: ORG_ID, managementAccountId: MANAGEMENT_ID, featureSet: "ALL", rootId: ROOT_ID },
    features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: false },
    // Every account carries its tags, as `rootward audit` writes them when a selector uses tags.
    tagsRead: true,
    organizationalUnits: units.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    serviceControlPolicies,
    accounts,
  };
}

/**
 * The desired state, as files: a policy with tag, name, OU and account selectors, exceptions in
 * team files (one expiring soon, one matching nothing) and unmanaged entries.
 */
export function benchDesiredState(): Record<string, string> {
  const policyFile = `apiVersion: rootward/v1
kind: RootAccessPolicy
organization:
  id: ${ORG_ID}
  managementAccountId: "${MANAGEMENT_ID}"
features:
  trustedAccess: enabled
  rootCredentialsManagement: enabled
  rootSessions: disabled
baseline:
  password: absent
  accessKeys: absent
  signingCertificates: absent
  mfa: absent
exceptions:
  - name: break-glass
    tags:
      root-access: break-glass
    password: allowed
    mfa: required
    reason: Incident-response break-glass accounts, sealed credentials in the vault
    owner: security@bench.example
    ticket: SEC-1
  - name: billing
    accounts: ["100000000002", "100000000003"]
    password: present
    mfa: required
    reason: Tax registration needs the root user
    owner: finance@bench.example
    expires: 2026-12-01
  - name: media-legacy-mfa
    names: ["media-*-prod-*"]
    mfa: allowed
    reason: Hardware tokens kept until the 2027 audit
    owner: media-platform@bench.example
unmanaged:
  - ous: ["/Root/Legacy"]
    reason: Accounts of an acquisition, migrated in 2027
  - tags:
      managed-by: vendor
    reason: Run by the vendor under contract
`;
  const teamFile = `apiVersion: rootward/v1
kind: RootAccessExceptions
exceptions:
  - name: payments-card-network
    names: ["payments-api-prod-*"]
    password: allowed
    reason: Card network registration
    owner: payments@bench.example
  - name: data-staging-keys
    ous: ["/Root/Workloads/data/staging"]
    accessKeys: allowed
    reason: Legacy ingestion jobs
    owner: data@bench.example
    expires: 2026-12-20
  - name: closed-project
    names: ["nothing-matches-*"]
    password: allowed
    reason: Kept for the record
    owner: data@bench.example
`;
  return { "policy.yaml": policyFile, "exceptions/teams.yaml": teamFile };
}
