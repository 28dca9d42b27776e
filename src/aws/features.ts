import {
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
} from "@aws-sdk/client-iam";
import { DisableAWSServiceAccessCommand, EnableAWSServiceAccessCommand } from "@aws-sdk/client-organizations";
import type { OrganizationAction } from "../plan/model.js";
import { IAM_SERVICE_PRINCIPAL } from "../plan/operations.js";
import type { AwsClients } from "./clients.js";

/** Runs an organization-level action with the caller's own (management) credentials. */
export async function executeOrganizationAction(
  clients: AwsClients,
  action: OrganizationAction,
): Promise<void> {
  // Apply only runs organization actions the desired state justifies, which always name IAM;
  // anything else here is a bug, so it fails instead of defaulting.
  const servicePrincipal = action.servicePrincipal;
  if (
    (action.operation === "EnableAWSServiceAccess" || action.operation === "DisableAWSServiceAccess") &&
    servicePrincipal !== IAM_SERVICE_PRINCIPAL
  ) {
    throw new Error(
      `${action.operation} for ${servicePrincipal ?? "no service principal"} is not a rootward action`,
    );
  }
  switch (action.operation) {
    case "EnableAWSServiceAccess":
      await clients.organizations.send(
        new EnableAWSServiceAccessCommand({ ServicePrincipal: servicePrincipal }),
      );
      return;
    case "DisableAWSServiceAccess":
      await clients.organizations.send(
        new DisableAWSServiceAccessCommand({ ServicePrincipal: servicePrincipal }),
      );
      return;
    case "EnableOrganizationsRootCredentialsManagement":
      await clients.iam.send(new EnableOrganizationsRootCredentialsManagementCommand({}));
      return;
    case "DisableOrganizationsRootCredentialsManagement":
      await clients.iam.send(new DisableOrganizationsRootCredentialsManagementCommand({}));
      return;
    case "EnableOrganizationsRootSessions":
      await clients.iam.send(new EnableOrganizationsRootSessionsCommand({}));
      return;
    case "DisableOrganizationsRootSessions":
      await clients.iam.send(new DisableOrganizationsRootSessionsCommand({}));
      return;
  }
}
