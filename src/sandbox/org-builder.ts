import type {
  Account,
  Feature,
  Organization,
  OrganizationalUnit,
  ServiceControlPolicy,
  Tag,
} from "./model.js";
import { createRandom, deriveSeed, LOWER_ALNUM } from "./random.js";

export const ROOT_NAME = "Root";

export type OrganizationSeed = {
  id: string;
  rootId?: string;
  featureSet: "ALL" | "CONSOLIDATED_BILLING";
  managementAccountId: string;
  features: Feature[];
  rootTags?: Tag[];
};

/** An empty organization; the fixture loader and the generator fill it through the helpers below. */
export function newOrganization(seed: OrganizationSeed): Organization {
  const rootId = seed.rootId ?? `r-${createRandom(deriveSeed(7, seed.id)).chars(LOWER_ALNUM, 4)}`;
  const org: Organization = {
    id: seed.id,
    rootId,
    rootName: ROOT_NAME,
    featureSet: seed.featureSet,
    managementAccountId: seed.managementAccountId,
    features: new Set(seed.features),
    trustedServices: new Map(),
    delegatedAdministrators: [],
    accounts: [],
    accountsById: new Map(),
    accountsByParent: new Map(),
    ous: [],
    ousById: new Map(),
    ousByParent: new Map(),
    policies: new Map(),
    attachments: new Map(),
    policyTargets: new Map(),
    buckets: new Map(),
    queues: new Map(),
    memberCallerAccountId: undefined,
    callers: [],
  };
  if (seed.rootTags) org.rootTags = seed.rootTags;
  return org;
}

/** Real OU ids look like `ou-ab12-cd34ef56`: the root's suffix, then a random part. */
export function ouIdFor(org: Organization, path: string): string {
  const suffix = org.rootId.slice(2);
  return `ou-${suffix}-${createRandom(deriveSeed(11, path)).chars(LOWER_ALNUM, 8)}`;
}

export function addOu(org: Organization, ou: OrganizationalUnit): void {
  org.ous.push(ou);
  org.ousById.set(ou.id, ou);
  pushTo(org.ousByParent, ou.parentId, ou);
}

export function addAccount(org: Organization, account: Account): void {
  org.accounts.push(account);
  org.accountsById.set(account.id, account);
  pushTo(org.accountsByParent, account.parentId, account);
}

export function addPolicy(org: Organization, policy: ServiceControlPolicy, targets: readonly string[]): void {
  org.policies.set(policy.id, policy);
  for (const target of targets) attach(org, policy.id, target);
}

/** Copy-on-write: a generated organization shares one attachment list between all its accounts. */
export function attach(org: Organization, policyId: string, targetId: string): void {
  const list = org.attachments.get(targetId) ?? [];
  if (list.includes(policyId)) return;
  org.attachments.set(targetId, [...list, policyId]);
  pushTo(org.policyTargets, policyId, targetId);
}

/** `/Root/Workloads/Prod` for an OU or account parent id. */
export function pathOf(org: Organization, parentId: string): string {
  if (parentId === org.rootId) return `/${org.rootName}`;
  return org.ousById.get(parentId)?.path ?? `/${org.rootName}`;
}

export function defaultMemberCaller(org: Organization): string | undefined {
  const delegated = new Set(org.delegatedAdministrators.map((admin) => admin.accountId));
  return org.accounts.find(
    (account) =>
      account.state === "ACTIVE" && account.id !== org.managementAccountId && !delegated.has(account.id),
  )?.id;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Tags from a YAML mapping, in key order (ListTagsForResource returns them as a list). */
export function tagList(tags: Readonly<Record<string, string>> | undefined): Tag[] | undefined {
  if (!tags) return undefined;
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return list.length > 0 ? list : undefined;
}
