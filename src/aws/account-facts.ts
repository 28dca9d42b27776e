import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListParentsCommand,
  type OrganizationsClient,
  paginateListRoots,
} from "@aws-sdk/client-organizations";
import { createPool } from "../audit/pool.js";
import { awsFailure, hasCode } from "./errors.js";
import { accountTags } from "./organization.js";

/** What governs an account, read live: the facts the desired state's selectors match on. */
export type LiveAccount = {
  id: string;
  name: string;
  state: string;
  /** Names from the root down, e.g. `/Root/Workloads/Prod` (the form walkOrganization writes). */
  ouPath: string;
  /** Ids of the root and every OU from the root down to the account's parent. */
  ouIds: string[];
  tags: Record<string, string>;
};

export type AccountFactsRead =
  | { kind: "read"; account: LiveAccount }
  | { kind: "not-in-organization"; message: string }
  | { kind: "unreadable"; errorCode: string; message: string };

export type AccountFactsOptions = {
  /** Read tags too; without them a tag selector cannot be evaluated. */
  withTags: boolean;
  concurrency: number;
};

type Parent = { id: string; type: string };

/**
 * Reads each account's name, state, OU path and (when asked) tags with targeted calls:
 * DescribeAccount, ListParents up to the root (each OU's parent and name read once and cached)
 * and ListTagsForResource. Cheaper than walking the whole organization when a plan touches a
 * handful of accounts, and it never guesses: whatever cannot be read makes the account
 * `unreadable`, never a default such as empty tags.
 */
export async function readAccountFacts(
  organizations: OrganizationsClient,
  accountIds: readonly string[],
  options: AccountFactsOptions,
): Promise<Map<string, AccountFactsRead>> {
  const results = new Map<string, AccountFactsRead>();
  if (accountIds.length === 0) return results;
  const parents = new Map<string, Promise<Parent>>();
  const ouNames = new Map<string, Promise<string>>();
  const parentOf = (childId: string): Promise<Parent> => {
    let cached = parents.get(childId);
    if (!cached) {
      cached = readParent(organizations, childId);
      parents.set(childId, cached);
    }
    return cached;
  };
  const ouName = (ouId: string): Promise<string> => {
    let cached = ouNames.get(ouId);
    if (!cached) {
      cached = organizations
        .send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId }))
        .then(({ OrganizationalUnit }) => OrganizationalUnit?.Name ?? ouId);
      ouNames.set(ouId, cached);
    }
    return cached;
  };
  let rootName: Promise<string> | undefined;
  const root = () => {
    rootName ??= readRootName(organizations);
    return rootName;
  };

  const pool = createPool(options.concurrency);
  for (const id of new Set(accountIds)) {
    pool.submit(async () => {
      results.set(id, await readOne(organizations, id, options, { parentOf, ouName, root }));
    });
  }
  await pool.drain();
  return results;
}

async function readOne(
  organizations: OrganizationsClient,
  id: string,
  options: AccountFactsOptions,
  lookups: {
    parentOf: (childId: string) => Promise<Parent>;
    ouName: (ouId: string) => Promise<string>;
    root: () => Promise<string>;
  },
): Promise<AccountFactsRead> {
  try {
    const { Account } = await organizations.send(new DescribeAccountCommand({ AccountId: id }));
    if (!Account?.Id)
      return { kind: "not-in-organization", message: `DescribeAccount returned no account ${id}` };
    // `Status` is deprecated in favour of `State` (retired 2026-09-09); read both.
    const state = Account.State ?? Account.Status;
    if (!state)
      return { kind: "unreadable", errorCode: "NoState", message: "DescribeAccount returned no state" };
    const chain: Parent[] = [];
    for (let child = id; ; ) {
      const parent = await lookups.parentOf(child);
      chain.unshift(parent);
      if (parent.type === "ROOT") break;
      if (chain.length > 10) throw new Error(`the OU chain of ${id} is deeper than Organizations allows`);
      child = parent.id;
    }
    const names = await Promise.all(
      chain.map((parent) => (parent.type === "ROOT" ? lookups.root() : lookups.ouName(parent.id))),
    );
    const tags = options.withTags ? await accountTags(organizations, id) : {};
    return {
      kind: "read",
      account: {
        id,
        name: Account.Name ?? "",
        state,
        ouPath: `/${names.join("/")}`,
        ouIds: chain.map((parent) => parent.id),
        tags,
      },
    };
  } catch (error) {
    if (hasCode(error, "AccountNotFound")) {
      return { kind: "not-in-organization", message: awsFailure(error).message };
    }
    const failure = awsFailure(error);
    return { kind: "unreadable", errorCode: failure.code, message: failure.message };
  }
}

async function readParent(organizations: OrganizationsClient, childId: string): Promise<Parent> {
  const { Parents } = await organizations.send(new ListParentsCommand({ ChildId: childId }));
  const parent = Parents?.[0];
  if (!parent?.Id || !parent.Type) throw new Error(`ListParents returned no parent for ${childId}`);
  return { id: parent.Id, type: parent.Type };
}

async function readRootName(organizations: OrganizationsClient): Promise<string> {
  for await (const page of paginateListRoots({ client: organizations }, {})) {
    const root = page.Roots?.[0];
    if (root) return root.Name ?? "Root";
  }
  throw new Error("ListRoots returned no root");
}
