import { setMaxListeners } from "node:events";
import type { IAMClient } from "@aws-sdk/client-iam";
import { ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import {
  type Account,
  DescribeOrganizationCommand,
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListAWSServiceAccessForOrganization,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  paginateListTagsForResource,
} from "@aws-sdk/client-organizations";
import type { OrganizationalUnit } from "../audit/snapshot.js";
import { byText } from "../order.js";
import { IAM_SERVICE_PRINCIPAL } from "../plan/operations.js";
import { settleAll } from "../settle.js";
import { hasCode, settle } from "./errors.js";

export type OrganizationInfo = { id: string; managementAccountId: string; featureSet: string };

export type DiscoveredAccount = {
  id: string;
  name: string;
  email: string;
  state: string;
  ouPath: string;
  ouIds: string[];
};

export type OrganizationTree = {
  rootId: string;
  rootName: string;
  scpEnabled: boolean;
  organizationalUnits: OrganizationalUnit[];
};

export async function describeOrganization(organizations: OrganizationsClient): Promise<OrganizationInfo> {
  const { Organization } = await organizations.send(new DescribeOrganizationCommand({}));
  return {
    id: Organization?.Id ?? "",
    managementAccountId: Organization?.MasterAccountId ?? "",
    featureSet: Organization?.FeatureSet ?? "ALL",
  };
}

/**
 * The organization, its management account and features, read live (apply never takes them from
 * a plan). Trusted access that cannot be read is listed in `unread` (and written as false, which
 * is not the truth): apply then refuses to change it rather than act on a guess.
 */
export async function readLiveOrganization(clients: {
  organizations: OrganizationsClient;
  iam: IAMClient;
}): Promise<
  OrganizationInfo & {
    features: { trustedAccess: boolean; rootCredentialsManagement: boolean; rootSessions: boolean };
    unread?: { trustedAccess: { code: string; message: string } };
  }
> {
  const [organization, trustedAccess, features] = await Promise.all([
    describeOrganization(clients.organizations),
    settle(trustedAccessEnabled(clients.organizations)),
    rootAccessFeatures(clients.iam),
  ]);
  if ("failure" in trustedAccess) {
    return {
      ...organization,
      features: { trustedAccess: false, ...features },
      unread: { trustedAccess: trustedAccess.failure },
    };
  }
  return { ...organization, features: { trustedAccess: trustedAccess.value, ...features } };
}

export async function trustedAccessEnabled(organizations: OrganizationsClient): Promise<boolean> {
  for await (const page of paginateListAWSServiceAccessForOrganization({ client: organizations }, {})) {
    if (page.EnabledServicePrincipals?.some((entry) => entry.ServicePrincipal === IAM_SERVICE_PRINCIPAL))
      return true;
  }
  return false;
}

/** Without trusted access IAM cannot read the features at all, which means both are off. */
export async function rootAccessFeatures(
  iam: IAMClient,
): Promise<{ rootCredentialsManagement: boolean; rootSessions: boolean }> {
  try {
    const { EnabledFeatures = [] } = await iam.send(new ListOrganizationsFeaturesCommand({}));
    return {
      rootCredentialsManagement: EnabledFeatures.includes("RootCredentialsManagement"),
      rootSessions: EnabledFeatures.includes("RootSessions"),
    };
  } catch (error) {
    if (hasCode(error, "ServiceAccessNotEnabled"))
      return { rootCredentialsManagement: false, rootSessions: false };
    throw error;
  }
}

/**
 * Walks the OU tree with ListRoots + ListOrganizationalUnitsForParent + ListAccountsForParent:
 * O(OUs + accounts/20) calls and no per-account ListParents. Parents are walked concurrently and
 * every account is handed to `onAccount` as soon as its page arrives, so auditing starts while
 * discovery is still paging.
 */
export async function walkOrganization(
  organizations: OrganizationsClient,
  onAccount: (account: DiscoveredAccount) => void,
  parallelism = 4,
): Promise<OrganizationTree> {
  let root:
    | {
        Id?: string | undefined;
        Name?: string | undefined;
        PolicyTypes?: Array<{ Type?: string; Status?: string }>;
      }
    | undefined;
  for await (const page of paginateListRoots({ client: organizations }, {})) {
    root ??= page.Roots?.[0];
  }
  if (!root?.Id) throw new Error("ListRoots returned no root");
  const rootId = root.Id;
  const rootName = root.Name ?? "Root";
  const organizationalUnits: OrganizationalUnit[] = [];
  const queue: Array<{ id: string; path: string; ids: string[] }> = [
    { id: rootId, path: `/${rootName}`, ids: [rootId] },
  ];
  let running = 0;
  // The first failure stops the walk: no parent starts after it, the pages in flight are aborted,
  // and the walk rejects only once every visit has settled, so no call outlives the error.
  let failure: { error: unknown } | undefined;
  const stop = new AbortController();
  // Every page in flight listens to it (at most two per visit), not a leak.
  setMaxListeners(0, stop.signal);
  const send = { abortSignal: stop.signal };

  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (running === 0 && (failure || queue.length === 0)) {
        if (failure) reject(failure.error);
        else resolve();
        return;
      }
      while (!failure && running < parallelism && queue.length > 0) {
        const parent = queue.shift() as (typeof queue)[number];
        running++;
        visit(parent)
          .catch((error: unknown) => {
            if (failure) return;
            failure = { error };
            stop.abort();
          })
          .finally(() => {
            running--;
            pump();
          });
      }
    };
    const visit = async (parent: (typeof queue)[number]) => {
      const accounts = (async () => {
        for await (const page of paginateListAccountsForParent(
          { client: organizations },
          { ParentId: parent.id },
          send,
        )) {
          if (failure) return;
          for (const account of page.Accounts ?? []) onAccount(toDiscovered(account, parent));
        }
      })();
      const children = (async () => {
        for await (const page of paginateListOrganizationalUnitsForParent(
          { client: organizations },
          { ParentId: parent.id },
          send,
        )) {
          if (failure) return;
          for (const ou of page.OrganizationalUnits ?? []) {
            if (!ou.Id) continue;
            const path = `${parent.path}/${ou.Name ?? ou.Id}`;
            organizationalUnits.push({ id: ou.Id, name: ou.Name ?? ou.Id, path, parentId: parent.id });
            queue.push({ id: ou.Id, path, ids: [...parent.ids, ou.Id] });
          }
          pump();
        }
      })();
      // Both pagers run at once; each one's rejection is observed even when the other fails first.
      await settleAll([accounts, children]);
    };
    pump();
  });

  const scpEnabled =
    root.PolicyTypes?.some((type) => type.Type === "SERVICE_CONTROL_POLICY" && type.Status === "ENABLED") ??
    false;
  organizationalUnits.sort(byText((ou) => ou.path));
  return { rootId, rootName, scpEnabled, organizationalUnits };
}

function toDiscovered(account: Account, parent: { path: string; ids: string[] }): DiscoveredAccount {
  return {
    id: account.Id ?? "",
    name: account.Name ?? "",
    email: account.Email ?? "",
    // `Status` is deprecated in favour of `State` (retired 2026-09-09); read both.
    state: account.State ?? account.Status ?? "ACTIVE",
    ouPath: parent.path,
    ouIds: parent.ids,
  };
}

export async function accountTags(
  organizations: OrganizationsClient,
  accountId: string,
): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource(
    { client: organizations },
    { ResourceId: accountId },
  )) {
    for (const tag of page.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? "";
  }
  return tags;
}
