import { SandboxError } from "../errors.js";
import { isIamDelegatedAdmin } from "../identity.js";
import type { Feature } from "../model.js";
import type { CallContext, Operation, OperationTable } from "../operation.js";
import type { XmlObject } from "../xml.js";

/**
 * The five IAM organization-feature operations (aws-api.md §1). Their exceptions have no
 * awsQueryError trait, so the wire code is the shape name with the `Exception` suffix.
 */
function requireFeatureAdmin(context: CallContext, enabling: boolean): void {
  const { org, caller } = context;
  const isManagement = caller.accountId === org.managementAccountId;
  if (!isManagement && !isIamDelegatedAdmin(org, caller.accountId)) {
    throw new SandboxError(
      "AccountNotManagementOrDelegatedAdministratorException",
      "The request was rejected because the account making the request is not the management account or delegated administrator account for centralized root access.",
    );
  }
  if (org.featureSet !== "ALL") {
    throw new SandboxError(
      "OrganizationNotInAllFeaturesModeException",
      "The request was rejected because your organization does not have All features enabled.",
    );
  }
  if (!org.trustedServices.has("iam.amazonaws.com")) {
    throw new SandboxError(
      "ServiceAccessNotEnabledException",
      "The request was rejected because trusted access is not enabled for IAM in AWS Organizations.",
    );
  }
  if (enabling && !isManagement) {
    throw new SandboxError(
      "CallerIsNotManagementAccountException",
      "The request was rejected because the account making the request is not the management account for the organization.",
    );
  }
}

function featuresResult(operation: string, context: CallContext): XmlObject {
  const order: Feature[] = ["RootCredentialsManagement", "RootSessions"];
  return {
    [`${operation}Result`]: {
      OrganizationId: context.org.id,
      EnabledFeatures: order.filter((feature) => context.org.features.has(feature)),
    },
  };
}

function change(operation: string, feature: Feature, enable: boolean): Operation<URLSearchParams, XmlObject> {
  return {
    action: `iam:${operation}`,
    handle(_input, context) {
      requireFeatureAdmin(context, enable);
      if (enable) context.org.features.add(feature);
      else context.org.features.delete(feature);
      return featuresResult(operation, context);
    },
  };
}

export const IAM_FEATURE_OPERATIONS: OperationTable<URLSearchParams, XmlObject> = {
  ListOrganizationsFeatures: {
    action: "iam:ListOrganizationsFeatures",
    handle(_input, context) {
      requireFeatureAdmin(context, false);
      return featuresResult("ListOrganizationsFeatures", context);
    },
  },
  EnableOrganizationsRootCredentialsManagement: change(
    "EnableOrganizationsRootCredentialsManagement",
    "RootCredentialsManagement",
    true,
  ),
  DisableOrganizationsRootCredentialsManagement: change(
    "DisableOrganizationsRootCredentialsManagement",
    "RootCredentialsManagement",
    false,
  ),
  EnableOrganizationsRootSessions: change("EnableOrganizationsRootSessions", "RootSessions", true),
  DisableOrganizationsRootSessions: change("DisableOrganizationsRootSessions", "RootSessions", false),
};
