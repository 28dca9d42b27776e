import { accessDenied, invalidInput, SandboxError } from "../errors.js";
import type {
  Account,
  AccountState,
  Organization,
  OrganizationalUnit,
  ServiceControlPolicy,
} from "../model.js";
import type { CallContext, JsonInput, JsonOutput } from "../operation.js";

export type { JsonInput, JsonOutput } from "../operation.js";

/** Organizations timestamps are epoch seconds on the JSON wire (aws-api.md §5.2). */
export function epochSeconds(epochMs: number): number {
  return epochMs / 1000;
}

function arnBase(org: Organization): string {
  return `arn:aws:organizations::${org.managementAccountId}`;
}

export function organizationArn(org: Organization): string {
  return `${arnBase(org)}:organization/${org.id}`;
}

export function accountArn(org: Organization, accountId: string): string {
  return `${arnBase(org)}:account/${org.id}/${accountId}`;
}

export function rootArn(org: Organization): string {
  return `${arnBase(org)}:root/${org.id}/${org.rootId}`;
}

export function ouArn(org: Organization, ouId: string): string {
  return `${arnBase(org)}:ou/${org.id}/${ouId}`;
}

export function policyArn(org: Organization, policy: ServiceControlPolicy): string {
  return policy.awsManaged
    ? `arn:aws:organizations::aws:policy/service_control_policy/${policy.id}`
    : `${arnBase(org)}:policy/${org.id}/service_control_policy/${policy.id}`;
}

/**
 * The deprecated `Status` has no CLOSED or PENDING_ACTIVATION value (model: "will be retired on
 * September 9, 2026 … use State"); a closed account showed as SUSPENDED during its 90 days.
 */
function legacyStatus(state: AccountState): string | undefined {
  if (state === "CLOSED") return "SUSPENDED";
  if (state === "PENDING_ACTIVATION") return undefined;
  return state;
}

/** `o-…/r-…/ou-…/…/<account>/`, the `Paths` member of the Account shape. */
function idPath(org: Organization, parentId: string): string {
  const ids: string[] = [];
  let current: string | undefined = parentId;
  while (current && current !== org.rootId) {
    ids.unshift(current);
    current = org.ousById.get(current)?.parentId;
  }
  return `${org.id}/${org.rootId}/${ids.map((id) => `${id}/`).join("")}`;
}

export function accountShape(org: Organization, account: Account): JsonOutput {
  return {
    Id: account.id,
    Arn: accountArn(org, account.id),
    Email: account.email,
    Name: account.name,
    Status: legacyStatus(account.state),
    State: account.state,
    Paths: [`${idPath(org, account.parentId)}${account.id}/`],
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: epochSeconds(account.joined),
  };
}

export function ouShape(org: Organization, ou: OrganizationalUnit): JsonOutput {
  return { Id: ou.id, Arn: ouArn(org, ou.id), Name: ou.name, Path: `${idPath(org, ou.parentId)}${ou.id}/` };
}

export function policySummary(org: Organization, policy: ServiceControlPolicy): JsonOutput {
  return {
    Id: policy.id,
    Arn: policyArn(org, policy),
    Name: policy.name,
    Description: policy.description,
    Type: "SERVICE_CONTROL_POLICY",
    AwsManaged: policy.awsManaged,
  };
}

/**
 * Read operations: "can be called only from the organization's management account or by a
 * member account that is a delegated administrator" (Organizations API reference, e.g. ListAccounts).
 */
export function requireOrgReader(context: CallContext): void {
  const { caller, org } = context;
  if (caller.accountId === org.managementAccountId) return;
  if (
    caller.kind !== "root-session" &&
    org.delegatedAdministrators.some((admin) => admin.accountId === caller.accountId)
  ) {
    return;
  }
  throw accessDenied(
    "organizations",
    "You don't have permissions to access this resource. This operation can be called only from the organization's management account or by a member account that is a delegated administrator.",
  );
}

export function requireManagement(context: CallContext): void {
  if (context.caller.accountId === context.org.managementAccountId) return;
  throw accessDenied(
    "organizations",
    "You don't have permissions to access this resource. This operation can be called only from the organization's management account.",
  );
}

export function requiredString(input: JsonInput, name: string): string {
  const value = input[name];
  if (typeof value !== "string" || value === "")
    throw invalidInput("INPUT_REQUIRED", `You must specify a value for ${name}.`);
  return value;
}

export function parentNotFound(): SandboxError {
  return new SandboxError(
    "ParentNotFoundException",
    "We can't find a root or OU with the ParentId that you specified.",
  );
}

export function childNotFound(): SandboxError {
  return new SandboxError(
    "ChildNotFoundException",
    "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
  );
}

export function targetNotFound(): SandboxError {
  return new SandboxError(
    "TargetNotFoundException",
    "We can't find a root, OU, account, or policy with the TargetId that you specified.",
  );
}

export function isParent(org: Organization, id: string): boolean {
  return id === org.rootId || org.ousById.has(id);
}
