import { parseScpContent } from "../scp/statements.js";
import {
  accessKeyId,
  certificateBody,
  certificateId,
  certificatePayload,
  hardwareSerial,
  virtualSerial,
} from "./credential-ids.js";
import {
  FIXED_POLICIES,
  FULL_AWS_ACCESS,
  fillerPolicy,
  LEAF_OUS,
  type LeafOu,
  leafCycle,
  leafTags,
  type PolicyTemplate,
} from "./generator-layout.js";
import type { Account, Organization, RootCredentials, Tag } from "./model.js";
import { addAccount, addOu, addPolicy, newOrganization, ouIdFor } from "./org-builder.js";
import { createRandom, deriveSeed, type Random } from "./random.js";

export type GeneratorOptions = {
  accounts: number;
  seed?: number;
  /** Share of member accounts holding some root credential (default 0.1). */
  dirtyRatio?: number;
  features?: { rootCredentialsManagement: boolean; rootSessions: boolean };
  /**
   * Service control policies in total, FullAWSAccess and the fixed Deny policies included
   * (default 12; at least those five). The rest are numbered guardrails attached to OUs, then to
   * accounts, at most five per target as AWS allows (Organizations quotas).
   */
  scps?: number;
};

export const GENERATED_ORG_ID = "o-sandbox00001";
export const GENERATED_MANAGEMENT_ID = "900000000000";
export const DEFAULT_GENERATED_SCPS = 12;
const FIRST_MEMBER = 100_000_000_000;
/** Organizations quota: at most 5 SCPs attached to one root, OU or account. */
const SCPS_PER_TARGET = 5;
const DAY = 86_400_000;
const EPOCH_2020 = Date.parse("2020-01-01T00:00:00Z");

/**
 * An organization of N member accounts for benchmarks, shaped like a real one: leaf OUs 3–5
 * levels deep (generator-layout.ts), AWS's FullAWSAccess attached to the root, every OU and
 * every account (as Organizations does by default), a few Deny SCPs on OUs (one breaks root
 * sessions in a small OU, one blocks password recovery in production) and `scps` policies in all,
 * and team/env/cost-center tags on most accounts (1 % also `break-glass`). Memory per account is
 * constant: a clean account is one small object sharing its tag and attachment lists; names and
 * emails are short derived strings. About 1 % of accounts are suspended or closing.
 * Deterministic for a seed.
 */
export function generateOrganization(options: GeneratorOptions): Organization {
  const random = createRandom(deriveSeed(options.seed ?? 1, "generator"));
  const dirtyRatio = options.dirtyRatio ?? 0.1;
  const features = options.features ?? { rootCredentialsManagement: true, rootSessions: true };
  const org = newOrganization({
    id: GENERATED_ORG_ID,
    featureSet: "ALL",
    managementAccountId: GENERATED_MANAGEMENT_ID,
    features: [
      ...(features.rootCredentialsManagement ? (["RootCredentialsManagement"] as const) : []),
      ...(features.rootSessions ? (["RootSessions"] as const) : []),
    ],
  });
  org.trustedServices.set("iam.amazonaws.com", { principal: "iam.amazonaws.com", enabled: EPOCH_2020 });
  const ous = generateOus(org);
  addAccount(org, {
    id: GENERATED_MANAGEMENT_ID,
    name: "management",
    email: "management@sandbox.example",
    state: "ACTIVE",
    parentId: org.rootId,
    joinedMethod: "CREATED",
    joined: EPOCH_2020,
  });
  const cycle = leafCycle();
  // One shared prefix per leaf keeps a name to a two-part string (a template per account costs
  // ~70 bytes more per account, measured at 100,000 accounts).
  const leaves = LEAF_OUS.map((leaf) => ({
    namePrefix: `${leaf.team}-${leaf.env}-`,
    leaf,
    id: ous.get(leaf.path) ?? org.rootId,
    tags: leafTags(leaf),
  }));
  for (let index = 0; index < options.accounts; index++) {
    const placed = leaves[cycle[index % cycle.length] ?? 0] as (typeof leaves)[number];
    addAccount(org, generatedAccount(index, placed, random, dirtyRatio));
  }
  attachPolicies(org, ous, Math.max(options.scps ?? DEFAULT_GENERATED_SCPS, FIXED_POLICIES.length + 1));
  org.memberCallerAccountId = org.accounts.find((account) => account.id !== GENERATED_MANAGEMENT_ID)?.id;
  return org;
}

/** Every OU on the way to each leaf, created once; returns OU ids by path relative to the root. */
function generateOus(org: Organization): Map<string, string> {
  const ids = new Map<string, string>();
  for (const leaf of LEAF_OUS) {
    let parentId = org.rootId;
    let relative = "";
    for (const name of leaf.path.split("/")) {
      relative = relative ? `${relative}/${name}` : name;
      let id = ids.get(relative);
      if (!id) {
        const path = `/Root/${relative}`;
        id = ouIdFor(org, path);
        addOu(org, { id, name, parentId, path });
        ids.set(relative, id);
      }
      parentId = id;
    }
  }
  return ids;
}

/**
 * FullAWSAccess everywhere (one shared attachment list for all accounts), the fixed Deny
 * policies, then numbered guardrails: one per OU in turn while an OU has room, then on accounts;
 * every 25th guardrail is left detached, as unused policies pile up in real organizations.
 */
function attachPolicies(org: Organization, ous: ReadonlyMap<string, string>, total: number): void {
  const policy = (template: Omit<PolicyTemplate, "targets">, awsManaged = false) => ({
    ...template,
    awsManaged,
    statements: parseScpContent(template.content),
  });
  addPolicy(
    org,
    policy(
      {
        id: "p-FullAWSAccess",
        name: "FullAWSAccess",
        description: "Allows access to every operation",
        content: FULL_AWS_ACCESS,
      },
      true,
    ),
    [org.rootId, ...ous.values()],
  );
  // AWS attaches it to the management account too (SCPs never restrict that account).
  const everyAccount = Object.freeze(["p-FullAWSAccess"]) as string[];
  const fullAccessTargets = org.policyTargets.get("p-FullAWSAccess") ?? [];
  for (const account of org.accounts) {
    org.attachments.set(account.id, everyAccount);
    fullAccessTargets.push(account.id);
  }
  org.policyTargets.set("p-FullAWSAccess", fullAccessTargets);
  const targetOf = (relative: string) => (relative === "" ? org.rootId : (ous.get(relative) ?? org.rootId));
  for (const template of FIXED_POLICIES) addPolicy(org, policy(template), template.targets.map(targetOf));

  const ouSlots = [...ous.values()];
  const accountSlots = org.accounts.filter((a) => a.id !== GENERATED_MANAGEMENT_ID).map((a) => a.id);
  const hasRoom = (target: string) => (org.attachments.get(target)?.length ?? 0) < SCPS_PER_TARGET;
  let turn = 0;
  let nextAccount = 0;
  const nextTarget = (): string | undefined => {
    for (let tried = 0; tried < ouSlots.length; tried++) {
      const target = ouSlots[turn++ % ouSlots.length];
      if (target && hasRoom(target)) return target;
    }
    for (; nextAccount < accountSlots.length; nextAccount++) {
      const target = accountSlots[nextAccount];
      if (target && hasRoom(target)) return target;
    }
    return undefined;
  };
  for (let index = 0; index < total - FIXED_POLICIES.length - 1; index++) {
    const target = index % 25 === 24 ? undefined : nextTarget();
    addPolicy(org, policy(fillerPolicy(index)), target ? [target] : []);
  }
}

function generatedAccount(
  index: number,
  placed: { leaf: LeafOu; id: string; namePrefix: string; tags: { plain: Tag[]; breakGlass: Tag[] } },
  random: Random,
  dirtyRatio: number,
): Account {
  const id = String(FIRST_MEMBER + index);
  const roll = random.next();
  const account: Account = {
    id,
    name: placed.namePrefix + String(index),
    email: `aws+${id}@sandbox.example`,
    state: roll < 0.005 ? "SUSPENDED" : roll < 0.01 ? "PENDING_CLOSURE" : "ACTIVE",
    parentId: placed.id,
    joinedMethod: "CREATED",
    joined: EPOCH_2020 + (index % 1500) * DAY,
  };
  // Most accounts carry the landing zone's tags; a few were never tagged.
  if (index % 20 !== 7) account.tags = index % 100 === 42 ? placed.tags.breakGlass : placed.tags.plain;
  if (random.next() < dirtyRatio) account.root = dirtyCredentials(id, random);
  return account;
}

function dirtyCredentials(accountId: string, random: Random): RootCredentials {
  const created = EPOCH_2020 + random.int(1500) * DAY;
  const credentials: RootCredentials = { accessKeys: [], mfaDevices: [], signingCertificates: [] };
  const kind = random.int(6);
  if (kind <= 2)
    credentials.password = { created, passwordResetRequired: false, lastUsed: created + 30 * DAY };
  if (kind === 1 || kind === 3) {
    credentials.accessKeys.push({
      id: accessKeyId(random),
      status: "Active",
      created,
      lastUsed: { date: created + 90 * DAY, service: "s3", region: "us-east-1" },
    });
  }
  if (kind === 0 || kind === 4) {
    const virtual = random.next() < 0.5;
    credentials.mfaDevices.push({
      serial: virtual ? virtualSerial(accountId, "root-account-mfa-device") : hardwareSerial(random),
      type: virtual ? "virtual" : "hardware",
      enabled: created,
      active: true,
    });
  }
  if (kind === 5) {
    credentials.signingCertificates.push({
      id: certificateId(random),
      status: "Active",
      uploaded: created,
      body: certificateBody(certificatePayload(random)),
    });
  }
  return credentials;
}
