import type { Organization } from "../model.js";
import type { CallContext, JsonInput, RequestKeys, ResourceRef } from "../operation.js";
import { accountArn, ouArn, policyArn } from "./organizations-shapes.js";

/**
 * The resources and condition keys IAM evaluates Organizations calls against, from the Service
 * Authorization Reference ("Actions, resources, and condition keys for AWS Organizations", as
 * mirrored in iann0036/iam-dataset `aws/iam_definition.json`): DescribeAccount → account;
 * DescribeOrganizationalUnit → organizationalunit; ListAccountsForParent,
 * ListOrganizationalUnitsForParent, ListChildren → organizationalunit or root; ListParents →
 * account or organizationalunit; ListPoliciesForTarget → account, organizationalunit or root;
 * ListTagsForResource → any of them or policy; DescribePolicy, ListTargetsForPolicy → policy.
 * Every other operation the sandbox serves has no resource type (`*`). The ARN formats are the
 * reference's: `arn:aws:organizations::<management>:root/o-…/r-…`, `…:ou/o-…/ou-…`,
 * `…:account/o-…/<id>`, `…:policy/o-…/service_control_policy/p-…`.
 */
export function entityResource(field: string): (input: JsonInput, context: CallContext) => ResourceRef {
  return (input, { org }) => {
    const id = input[field];
    if (typeof id !== "string" || id === "") return { arn: "*" };
    const arn = id.startsWith("r-")
      ? `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${id}`
      : id.startsWith("ou-")
        ? ouArn(org, id)
        : /^\d{12}$/.test(id)
          ? accountArn(org, id)
          : id.startsWith("p-")
            ? policyArnOf(org, id)
            : undefined;
    return arn ? { arn, account: org.managementAccountId } : { arn: "*" };
  };
}

function policyArnOf(org: Organization, id: string): string {
  const policy = org.policies.get(id);
  return policy
    ? policyArn(org, policy)
    : `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/service_control_policy/${id}`;
}

/** `organizations:ServicePrincipal` (Enable/DisableAWSServiceAccess, ListDelegatedAdministrators). */
export function servicePrincipalKey(input: JsonInput): RequestKeys {
  return { "organizations:ServicePrincipal": stringOf(input.ServicePrincipal) };
}

/** `organizations:PolicyType` of ListPolicies and ListPoliciesForTarget: their `Filter`. */
export function policyTypeKey(input: JsonInput): RequestKeys {
  return { "organizations:PolicyType": stringOf(input.Filter) };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
