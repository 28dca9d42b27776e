import { RootwardError } from "../errors.js";
import { parseIdentityPolicy, type ScpStatement } from "../scp/statements.js";
import { secretAccessKey, sessionKeyId, sessionToken } from "./credential-ids.js";
import type { Organization } from "./model.js";
import { createRandom, deriveSeed } from "./random.js";

/** The accounts of the static keys, usable by name instead of an account id. */
export const CALLER_ACCOUNT_ALIASES = ["management", "delegated-admin", "member"] as const;

/**
 * An extra caller: a role session (as GitHub OIDC gives a CI job) in one account, with the
 * identity-based policies of its role. Without `policies` it may call everything the static keys
 * may; with them every call is evaluated against them (identity-policy.ts).
 */
export type CallerSpec = {
  /** How tests, `env(name)` and the call log name it; also the default role name. */
  name: string;
  /** A 12-digit account id, or `management` (default), `delegated-admin`, `member`. */
  accountId?: string;
  /** The role in the ARN (`…:assumed-role/<roleName>/<sessionName>`); default `name`. */
  roleName?: string;
  /** Default `sandbox`. */
  sessionName?: string;
  /** Policy documents as `rootward iam-policy … --document permissions` prints them (objects or JSON text). */
  policies?: readonly unknown[];
};

export type CallerIdentity = {
  name: string;
  account: string;
  roleName: string;
  sessionName: string;
  /** Parsed statements per policy; undefined: unrestricted. */
  policies: readonly (readonly ScpStatement[])[] | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
};

export type CallerIssue = { path: (string | number)[]; message: string };

// IAM role names and session names: `[\w+=,.@-]`, 1–64 and 2–64 characters (IAM/STS API reference).
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Everything wrong with one caller, each located relative to the caller. */
export function callerIssues(spec: CallerSpec): CallerIssue[] {
  const issues: CallerIssue[] = [];
  if (!ROLE_NAME.test(spec.name))
    issues.push({ path: ["name"], message: "must be 1–64 characters of letters, digits and +=,.@_-" });
  if (
    spec.accountId !== undefined &&
    !/^\d{12}$/.test(spec.accountId) &&
    !(CALLER_ACCOUNT_ALIASES as readonly string[]).includes(spec.accountId)
  ) {
    issues.push({
      path: ["accountId"],
      message: `must be a 12-digit account id or one of ${CALLER_ACCOUNT_ALIASES.join(", ")}`,
    });
  }
  if (spec.roleName !== undefined && !ROLE_NAME.test(spec.roleName))
    issues.push({ path: ["roleName"], message: "must be 1–64 characters of letters, digits and +=,.@_-" });
  if (spec.sessionName !== undefined && !SESSION_NAME.test(spec.sessionName))
    issues.push({ path: ["sessionName"], message: "must be 2–64 characters of letters, digits and +=,.@_-" });
  spec.policies?.forEach((policy, index) => {
    try {
      parseIdentityPolicy(decoded(policy));
    } catch (error) {
      issues.push({ path: ["policies", index], message: (error as Error).message });
    }
  });
  return issues;
}

/**
 * Validates the callers of one sandbox (fixture ones first, then options) and issues their keys:
 * `ASIA` key ids with a secret and a session token, like the role session of a CI job, derived
 * from the seed and the name so a restarted sandbox prints the same lines.
 */
export function createCallers(
  specs: readonly CallerSpec[],
  org: Organization,
  seed: number,
  reserved: readonly string[],
): CallerIdentity[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const where = `caller ${spec.name || "(no name)"}`;
    for (const issue of callerIssues(spec))
      problems.push(`${where}: ${issue.path.join(".")}: ${issue.message}`);
    if (reserved.includes(spec.name)) problems.push(`${where}: the name is taken by a static key`);
    if (seen.has(spec.name)) problems.push(`${where}: the name is used twice`);
    seen.add(spec.name);
    if (callerAccountOf(org, spec.accountId ?? "management") === undefined)
      problems.push(`${where}: this organization has no ${spec.accountId} account`);
  }
  if (problems.length > 0) {
    throw new RootwardError("SANDBOX_CALLER_INVALID", `invalid sandbox caller:\n  ${problems.join("\n  ")}`, {
      hint: "give each caller a unique name, an account (12 digits, management, delegated-admin or member) and IAM policy documents; see src/sandbox/README.md",
    });
  }
  return specs.map((spec) => {
    const random = createRandom(deriveSeed(deriveSeed(seed, "caller"), spec.name));
    return {
      name: spec.name,
      account: spec.accountId ?? "management",
      roleName: spec.roleName ?? spec.name,
      sessionName: spec.sessionName ?? "sandbox",
      policies: spec.policies?.map((policy) => parseIdentityPolicy(decoded(policy))),
      accessKeyId: sessionKeyId(random),
      secretAccessKey: secretAccessKey(random),
      sessionToken: sessionToken(random),
    };
  });
}

/** The account a caller acts in, resolved against the current organization (aliases follow the fixture). */
export function callerAccountOf(org: Organization, account: string): string | undefined {
  switch (account) {
    case "management":
      return org.managementAccountId;
    case "delegated-admin":
      return (
        org.delegatedAdministrators.find((admin) => admin.servicePrincipal === "iam.amazonaws.com") ??
        org.delegatedAdministrators[0]
      )?.accountId;
    case "member":
      return org.memberCallerAccountId;
    default:
      return account;
  }
}

/** The session ARN GetCallerIdentity returns and AccessDenied messages name. */
export function callerSessionArn(caller: CallerIdentity, accountId: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${caller.roleName}/${caller.sessionName}`;
}

/**
 * `aws:PrincipalArn` of a role session is the role's ARN, not the session's (IAM User Guide,
 * "AWS global condition context keys", aws:PrincipalArn).
 */
export function callerRoleArn(caller: CallerIdentity, accountId: string): string {
  return `arn:aws:iam::${accountId}:role/${caller.roleName}`;
}

function decoded(policy: unknown): unknown {
  if (typeof policy !== "string") return policy;
  try {
    return JSON.parse(policy);
  } catch (error) {
    throw new Error(`policy is not JSON: ${(error as Error).message}`);
  }
}
