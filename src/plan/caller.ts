import type { FeatureComparison, FeatureName, OrganizationAction } from "./model.js";
import { IAM_SERVICE_PRINCIPAL, type OrganizationOperation, OrganizationOperations } from "./operations.js";

/** Who made the calls: `sts:GetCallerIdentity`'s Account and Arn (it needs no permission). */
export type Caller = { accountId: string; arn: string };

/**
 * What the caller's account is to the organization. `other-account` is in practice the IAM
 * delegated administrator (a plain member cannot read the features at all); `unknown` is an
 * audit snapshot written before rootward recorded the caller.
 */
export type CallerStanding =
  | { kind: "management-account"; caller: Caller }
  | { kind: "other-account"; caller: Caller; managementAccountId: string }
  | { kind: "unknown" };

export function callerStanding(caller: Caller | undefined, managementAccountId: string): CallerStanding {
  if (!caller?.accountId) return { kind: "unknown" };
  return caller.accountId === managementAccountId
    ? { kind: "management-account", caller }
    : { kind: "other-account", caller, managementAccountId };
}

/**
 * The organization operations only the management account may call:
 * - `EnableOrganizationsRootCredentialsManagement` / `EnableOrganizationsRootSessions` list
 *   `CallerIsNotManagementAccountException` (IAM API reference; aws-api.md §1.1), while
 *   `ListOrganizationsFeatures` and the two Disable… calls accept the IAM delegated administrator;
 * - `EnableAWSServiceAccess` / `DisableAWSServiceAccess`: "This operation can be called only from
 *   the organization's management account" (Organizations API reference).
 */
export const MANAGEMENT_ACCOUNT_ONLY: readonly OrganizationOperation[] = [
  "EnableAWSServiceAccess",
  "EnableOrganizationsRootCredentialsManagement",
  "EnableOrganizationsRootSessions",
  "DisableAWSServiceAccess",
];

/** The AWS CLI command an administrator of the management account runs instead of rootward. */
export function manualCommand(operation: OrganizationOperation): string {
  switch (operation) {
    case "EnableAWSServiceAccess":
      return `aws organizations enable-aws-service-access --service-principal ${IAM_SERVICE_PRINCIPAL}`;
    case "DisableAWSServiceAccess":
      return `aws organizations disable-aws-service-access --service-principal ${IAM_SERVICE_PRINCIPAL}`;
    case "EnableOrganizationsRootCredentialsManagement":
      return "aws iam enable-organizations-root-credentials-management";
    case "EnableOrganizationsRootSessions":
      return "aws iam enable-organizations-root-sessions";
    case "DisableOrganizationsRootCredentialsManagement":
      return "aws iam disable-organizations-root-credentials-management";
    case "DisableOrganizationsRootSessions":
      return "aws iam disable-organizations-root-sessions";
  }
}

/** Why rootward does not make this organization call as this caller. */
export type Withholding = { why: "never-rootward" | "management-account-only"; reason: string };

/**
 * Whether rootward may make `action` as the caller: undefined when it may. Disabling IAM trusted
 * access is never rootward's (no role `rootward iam-policy` prints is allowed it: switching it
 * off is left to a person); the other management-only calls are withheld from any other
 * account. An unknown caller withholds nothing more: apply reads the caller live and refuses
 * there (src/apply/justify.ts).
 */
export function withholding(action: OrganizationAction, standing: CallerStanding): Withholding | undefined {
  if (action.operation === "DisableAWSServiceAccess") {
    return {
      why: "never-rootward",
      reason: `rootward never calls ${action.operation}: switching IAM trusted access off is left to a person`,
    };
  }
  if (standing.kind !== "other-account" || !MANAGEMENT_ACCOUNT_ONLY.includes(action.operation)) return;
  return {
    why: "management-account-only",
    reason: `only the management account (${standing.managementAccountId}) may call ${action.operation}, and the caller ${standing.caller.arn} is in account ${standing.caller.accountId}`,
  };
}

const FEATURE_OF: Record<OrganizationOperation, FeatureName> = {
  EnableAWSServiceAccess: "trustedAccess",
  DisableAWSServiceAccess: "trustedAccess",
  EnableOrganizationsRootCredentialsManagement: "rootCredentialsManagement",
  DisableOrganizationsRootCredentialsManagement: "rootCredentialsManagement",
  EnableOrganizationsRootSessions: "rootSessions",
  DisableOrganizationsRootSessions: "rootSessions",
};

export function featureOfOperation(operation: OrganizationOperation): FeatureName {
  return FEATURE_OF[operation];
}

/**
 * Each feature as it will be once the scheduled organization actions have run: the live value,
 * switched by an action of the plan. A change the desired state asks for but the plan withholds
 * stays at its live value.
 */
export function featuresAfter(
  features: FeatureComparison,
  actions: readonly { operation: string }[],
): Record<FeatureName, boolean> {
  const after: Record<FeatureName, boolean> = {
    trustedAccess: features.trustedAccess.live,
    rootCredentialsManagement: features.rootCredentialsManagement.live,
    rootSessions: features.rootSessions.live,
  };
  for (const { operation } of actions) {
    if (!isOrganizationOperation(operation)) continue;
    after[FEATURE_OF[operation]] = operation.startsWith("Enable");
  }
  return after;
}

function isOrganizationOperation(operation: string): operation is OrganizationOperation {
  return (OrganizationOperations as readonly string[]).includes(operation);
}
