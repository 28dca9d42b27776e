import {
  type AccountKind,
  DEFAULT_ENVIRONMENT,
  DEFAULT_OIDC_HOST,
  type PolicyDocument,
  type RoleName,
  rolePolicies,
} from "../../src/gitops/iam-policy.js";

/**
 * Exactly what `rootward iam-policy ROLE --repository acme/root-access --account-id ACCOUNT
 * --document permissions` prints, read back as JSON: the role a CI job assumes, for the sandbox to
 * enforce the way AWS evaluates it.
 */
export function printedPermissions(
  role: RoleName,
  account: { accountId?: string; accountKind?: AccountKind } = {},
): PolicyDocument {
  const printed = rolePolicies(role, {
    owner: "acme",
    repo: "root-access",
    accountId: account.accountId ?? "999999999999",
    ...(account.accountKind ? { accountKind: account.accountKind } : {}),
    branch: "main",
    environment: DEFAULT_ENVIRONMENT,
    oidcHost: DEFAULT_OIDC_HOST,
  }).permissionsPolicy;
  return JSON.parse(`${JSON.stringify(printed, null, 2)}\n`) as PolicyDocument;
}
