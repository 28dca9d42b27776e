import { invalidInput, SandboxError } from "../errors.js";
import type { Account, OrganizationalUnit, Tag } from "../model.js";
import type { CallContext, OperationTable } from "../operation.js";
import { orgsPage } from "../pagination.js";
import { entityResource } from "./organizations-authz.js";
import { ORGANIZATIONS_POLICY_OPERATIONS } from "./organizations-policies.js";
import {
  accountShape,
  childNotFound,
  isParent,
  type JsonInput,
  type JsonOutput,
  organizationArn,
  ouShape,
  parentNotFound,
  requiredString,
  requireOrgReader,
  rootArn,
  targetNotFound,
} from "./organizations-shapes.js";

/**
 * The call log names the member account a per-account read is about (as `targetAccount`, like
 * AssumeRoot's target), so a benchmark can count every call made on an account's behalf.
 */
function accountNamedBy(field: string): (input: JsonInput) => { targetAccount?: string } {
  return (input) => {
    const id = input[field];
    return typeof id === "string" && /^\d{12}$/.test(id) ? { targetAccount: id } : {};
  };
}

const SCP_ENABLED = [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }];

/**
 * Organizations (AWS JSON 1.1, target prefix `AWSOrganizationsV20161128`): the reads the audit
 * walks (ListRoots → ListOrganizationalUnitsForParent → ListAccountsForParent), the account
 * reads, tags, and (in organizations-policies.ts) SCPs, trusted access and delegated admins.
 */
export const ORGANIZATIONS_OPERATIONS: OperationTable<JsonInput, JsonOutput> = {
  ...ORGANIZATIONS_POLICY_OPERATIONS,

  // "This operation can be called from any account in the organization" (API reference).
  DescribeOrganization: {
    action: "organizations:DescribeOrganization",
    handle(_input, { org }) {
      const management = org.accountsById.get(org.managementAccountId);
      return {
        Organization: {
          Id: org.id,
          Arn: organizationArn(org),
          FeatureSet: org.featureSet,
          MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
          MasterAccountId: org.managementAccountId,
          MasterAccountEmail: management?.email,
          AvailablePolicyTypes: SCP_ENABLED,
        },
      };
    },
  },

  ListRoots: {
    action: "organizations:ListRoots",
    handle(input, context) {
      requireOrgReader(context);
      const { org } = context;
      const root = { Id: org.rootId, Arn: rootArn(org), Name: org.rootName, PolicyTypes: SCP_ENABLED };
      const { page, NextToken } = orgsPage([root], input, context.pageSize.organizations, "roots");
      return { Roots: page, NextToken };
    },
  },

  ListOrganizationalUnitsForParent: {
    action: "organizations:ListOrganizationalUnitsForParent",
    resource: entityResource("ParentId"),
    handle(input, context) {
      requireOrgReader(context);
      const parentId = requiredString(input, "ParentId");
      if (!isParent(context.org, parentId)) throw parentNotFound();
      const ous = context.org.ousByParent.get(parentId) ?? [];
      const { page, NextToken } = orgsPage(ous, input, context.pageSize.organizations, `ous:${parentId}`);
      return { OrganizationalUnits: page.map((ou) => ouShape(context.org, ou)), NextToken };
    },
  },

  DescribeOrganizationalUnit: {
    action: "organizations:DescribeOrganizationalUnit",
    resource: entityResource("OrganizationalUnitId"),
    handle(input, context) {
      requireOrgReader(context);
      const ou = context.org.ousById.get(requiredString(input, "OrganizationalUnitId"));
      if (!ou) {
        throw new SandboxError(
          "OrganizationalUnitNotFoundException",
          "We can't find an OU with the OrganizationalUnitId that you specified.",
        );
      }
      return { OrganizationalUnit: ouShape(context.org, ou) };
    },
  },

  ListAccountsForParent: {
    action: "organizations:ListAccountsForParent",
    resource: entityResource("ParentId"),
    handle(input, context) {
      requireOrgReader(context);
      const parentId = requiredString(input, "ParentId");
      if (!isParent(context.org, parentId)) throw parentNotFound();
      const accounts = context.org.accountsByParent.get(parentId) ?? [];
      const { page, NextToken } = orgsPage(
        accounts,
        input,
        context.pageSize.organizations,
        `accounts:${parentId}`,
      );
      return { Accounts: page.map((account) => accountShape(context.org, account)), NextToken };
    },
  },

  ListAccounts: {
    action: "organizations:ListAccounts",
    handle(input, context) {
      requireOrgReader(context);
      const { page, NextToken } = orgsPage(
        context.org.accounts,
        input,
        context.pageSize.organizations,
        "accounts",
      );
      return { Accounts: page.map((account) => accountShape(context.org, account)), NextToken };
    },
  },

  ListChildren: {
    action: "organizations:ListChildren",
    resource: entityResource("ParentId"),
    handle(input, context) {
      requireOrgReader(context);
      const parentId = requiredString(input, "ParentId");
      const type = requiredString(input, "ChildType");
      if (!isParent(context.org, parentId)) throw parentNotFound();
      let children: { Id: string; Type: string }[];
      if (type === "ACCOUNT") {
        children = (context.org.accountsByParent.get(parentId) ?? []).map((account) => ({
          Id: account.id,
          Type: type,
        }));
      } else if (type === "ORGANIZATIONAL_UNIT") {
        children = (context.org.ousByParent.get(parentId) ?? []).map((ou) => ({ Id: ou.id, Type: type }));
      } else {
        throw invalidInput("INVALID_ENUM", "You specified an invalid value for ChildType.");
      }
      const { page, NextToken } = orgsPage(
        children,
        input,
        context.pageSize.organizations,
        `children:${parentId}:${type}`,
      );
      return { Children: page, NextToken };
    },
  },

  ListParents: {
    action: "organizations:ListParents",
    resource: entityResource("ChildId"),
    logFields: accountNamedBy("ChildId"),
    handle(input, context) {
      requireOrgReader(context);
      const { org } = context;
      const childId = requiredString(input, "ChildId");
      const child: Account | OrganizationalUnit | undefined =
        org.accountsById.get(childId) ?? org.ousById.get(childId);
      if (!child) throw childNotFound();
      const parent = {
        Id: child.parentId,
        Type: child.parentId === org.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT",
      };
      const { page, NextToken } = orgsPage(
        [parent],
        input,
        context.pageSize.organizations,
        `parents:${childId}`,
      );
      return { Parents: page, NextToken };
    },
  },

  DescribeAccount: {
    action: "organizations:DescribeAccount",
    resource: entityResource("AccountId"),
    logFields: accountNamedBy("AccountId"),
    handle(input, context) {
      requireOrgReader(context);
      const account = context.org.accountsById.get(requiredString(input, "AccountId"));
      if (!account) {
        throw new SandboxError(
          "AccountNotFoundException",
          "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.",
        );
      }
      return { Account: accountShape(context.org, account) };
    },
  },

  // ListTagsForResource paginates with NextToken only: the model gives it no MaxResults.
  ListTagsForResource: {
    action: "organizations:ListTagsForResource",
    resource: entityResource("ResourceId"),
    logFields: accountNamedBy("ResourceId"),
    handle(input, context) {
      requireOrgReader(context);
      const tags = tagsOf(context, requiredString(input, "ResourceId"));
      const { page, NextToken } = orgsPage(
        tags,
        { NextToken: input.NextToken },
        context.pageSize.organizations,
        "tags",
      );
      return { Tags: page, NextToken };
    },
  },
};

function tagsOf({ org }: CallContext, resourceId: string): Tag[] {
  if (resourceId === org.rootId) return org.rootTags ?? [];
  const account = org.accountsById.get(resourceId);
  if (account) return account.tags ?? [];
  const ou = org.ousById.get(resourceId);
  if (ou) return ou.tags ?? [];
  const policy = org.policies.get(resourceId);
  if (policy) return policy.tags ?? [];
  throw targetNotFound();
}
