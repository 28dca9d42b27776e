import { invalidInput, SandboxError } from "../errors.js";
import type { OperationTable } from "../operation.js";
import { orgsPage } from "../pagination.js";
import { entityResource, policyTypeKey, servicePrincipalKey } from "./organizations-authz.js";
import {
  accountArn,
  accountShape,
  epochSeconds,
  type JsonInput,
  type JsonOutput,
  ouArn,
  policySummary,
  requiredString,
  requireManagement,
  requireOrgReader,
  rootArn,
  targetNotFound,
} from "./organizations-shapes.js";

/** The model's PolicyType enum is open-ended (aws-api.md §6); only SCPs exist in the sandbox. */
const POLICY_TYPES = new Set([
  "SERVICE_CONTROL_POLICY",
  "RESOURCE_CONTROL_POLICY",
  "TAG_POLICY",
  "BACKUP_POLICY",
  "AISERVICES_OPT_OUT_POLICY",
  "CHATBOT_POLICY",
  "DECLARATIVE_POLICY_EC2",
  "SECURITYHUB_POLICY",
  "INSPECTOR_POLICY",
  "UPGRADE_ROLLOUT_POLICY",
  "BEDROCK_POLICY",
  "S3_POLICY",
  "NETWORK_SECURITY_DIRECTOR_POLICY",
]);

function filterOf(input: JsonInput): string {
  const filter = requiredString(input, "Filter");
  if (!POLICY_TYPES.has(filter))
    throw invalidInput("INVALID_ENUM_POLICY_TYPE", "You specified an invalid policy type string.");
  return filter;
}

function policyNotFound(): SandboxError {
  return new SandboxError(
    "PolicyNotFoundException",
    "We can't find a policy with the PolicyId that you specified.",
  );
}

export const ORGANIZATIONS_POLICY_OPERATIONS: OperationTable<JsonInput, JsonOutput> = {
  ListPoliciesForTarget: {
    action: "organizations:ListPoliciesForTarget",
    resource: entityResource("TargetId"),
    requestKeys: policyTypeKey,
    handle(input, context) {
      requireOrgReader(context);
      const { org } = context;
      const targetId = requiredString(input, "TargetId");
      const filter = filterOf(input);
      if (targetId !== org.rootId && !org.ousById.has(targetId) && !org.accountsById.has(targetId))
        throw targetNotFound();
      const ids = filter === "SERVICE_CONTROL_POLICY" ? (org.attachments.get(targetId) ?? []) : [];
      const policies = ids.flatMap((id) => {
        const policy = org.policies.get(id);
        return policy ? [policySummary(org, policy)] : [];
      });
      const { page, NextToken } = orgsPage(
        policies,
        input,
        context.pageSize.organizations,
        `policies:${targetId}`,
      );
      return { Policies: page, NextToken };
    },
  },

  ListPolicies: {
    action: "organizations:ListPolicies",
    requestKeys: policyTypeKey,
    handle(input, context) {
      requireOrgReader(context);
      const { org } = context;
      const filter = filterOf(input);
      const all = filter === "SERVICE_CONTROL_POLICY" ? [...org.policies.values()] : [];
      const { page, NextToken } = orgsPage(all, input, context.pageSize.organizations, "policies");
      return { Policies: page.map((policy) => policySummary(org, policy)), NextToken };
    },
  },

  DescribePolicy: {
    action: "organizations:DescribePolicy",
    resource: entityResource("PolicyId"),
    handle(input, context) {
      requireOrgReader(context);
      const policy = context.org.policies.get(requiredString(input, "PolicyId"));
      if (!policy) throw policyNotFound();
      return { Policy: { PolicySummary: policySummary(context.org, policy), Content: policy.content } };
    },
  },

  ListTargetsForPolicy: {
    action: "organizations:ListTargetsForPolicy",
    resource: entityResource("PolicyId"),
    handle(input, context) {
      requireOrgReader(context);
      const { org } = context;
      const policyId = requiredString(input, "PolicyId");
      if (!org.policies.has(policyId)) throw policyNotFound();
      // Only the page is shaped: building every target's answer for each page made paging
      // through FullAWSAccess (attached to every account) quadratic.
      const { page: ids, NextToken } = orgsPage(
        org.policyTargets.get(policyId) ?? [],
        input,
        context.pageSize.organizations,
        `targets:${policyId}`,
      );
      const targets: JsonOutput[] = [];
      for (const targetId of ids) {
        if (targetId === org.rootId)
          targets.push({ TargetId: targetId, Arn: rootArn(org), Name: org.rootName, Type: "ROOT" });
        const ou = org.ousById.get(targetId);
        if (ou)
          targets.push({
            TargetId: targetId,
            Arn: ouArn(org, ou.id),
            Name: ou.name,
            Type: "ORGANIZATIONAL_UNIT",
          });
        const account = org.accountsById.get(targetId);
        if (account)
          targets.push({
            TargetId: targetId,
            Arn: accountArn(org, account.id),
            Name: account.name,
            Type: "ACCOUNT",
          });
      }
      return { Targets: targets, NextToken };
    },
  },

  ListAWSServiceAccessForOrganization: {
    action: "organizations:ListAWSServiceAccessForOrganization",
    handle(input, context) {
      requireOrgReader(context);
      const services = [...context.org.trustedServices.values()].map((service) => ({
        ServicePrincipal: service.principal,
        DateEnabled: epochSeconds(service.enabled),
      }));
      const { page, NextToken } = orgsPage(services, input, context.pageSize.organizations, "services");
      return { EnabledServicePrincipals: page, NextToken };
    },
  },

  // Only the management account may change trusted access (Organizations API reference).
  EnableAWSServiceAccess: {
    action: "organizations:EnableAWSServiceAccess",
    requestKeys: servicePrincipalKey,
    handle(input, context) {
      requireManagement(context);
      const principal = requiredString(input, "ServicePrincipal");
      if (!context.org.trustedServices.has(principal)) {
        context.org.trustedServices.set(principal, { principal, enabled: context.now });
      }
      return {};
    },
  },

  DisableAWSServiceAccess: {
    action: "organizations:DisableAWSServiceAccess",
    requestKeys: servicePrincipalKey,
    handle(input, context) {
      requireManagement(context);
      context.org.trustedServices.delete(requiredString(input, "ServicePrincipal"));
      return {};
    },
  },

  ListDelegatedAdministrators: {
    action: "organizations:ListDelegatedAdministrators",
    requestKeys: servicePrincipalKey,
    handle(input, context) {
      requireOrgReader(context);
      const { org } = context;
      const principal = typeof input.ServicePrincipal === "string" ? input.ServicePrincipal : undefined;
      const admins = org.delegatedAdministrators.filter(
        (admin) => !principal || admin.servicePrincipal === principal,
      );
      const unique = [...new Map(admins.map((admin) => [admin.accountId, admin])).values()];
      const shapes = unique.flatMap((admin) => {
        const account = org.accountsById.get(admin.accountId);
        return account
          ? [{ ...accountShape(org, account), DelegationEnabledDate: epochSeconds(admin.enabled) }]
          : [];
      });
      const { page, NextToken } = orgsPage(shapes, input, context.pageSize.organizations, "delegated");
      return { DelegatedAdministrators: page, NextToken };
    },
  },
};
