import type { Organization, ScpStatement, ServiceControlPolicy } from "./model.js";

/**
 * SCP evaluation, reduced to what decides root-access tasks: explicit `Deny` statements on the
 * account, its OUs and the root, with `Action`/`NotAction`, `Resource`/`NotResource` wildcards
 * and the string/ARN/Null/Bool condition operators. Allow statements are not evaluated (the
 * sandbox treats every action as allowed by FullAWSAccess). SCPs never apply to the management
 * account (aws-samples/service-control-policy-examples, Privileged-access-controls/README.md).
 */

/** Condition context of one request; keys in lower case (IAM condition keys are case-insensitive). */
export type ScpContext = {
  action: string;
  resource: string;
  keys: Readonly<Record<string, string | undefined>>;
};

const BASE_OPERATORS = new Set([
  "stringequals",
  "stringnotequals",
  "stringequalsignorecase",
  "stringnotequalsignorecase",
  "stringlike",
  "stringnotlike",
  "arnequals",
  "arnlike",
  "arnnotequals",
  "arnnotlike",
  "bool",
  "null",
]);

export function isSupportedOperator(operator: string): boolean {
  const lower = operator.toLowerCase();
  const base = lower.endsWith("ifexists") ? lower.slice(0, -"ifexists".length) : lower;
  return BASE_OPERATORS.has(base) && !(base === "null" && base !== lower);
}

export function scpDenial(
  org: Organization,
  accountId: string,
  context: ScpContext,
): ServiceControlPolicy | undefined {
  if (accountId === org.managementAccountId) return undefined;
  const account = org.accountsById.get(accountId);
  if (!account) return undefined;
  let target: string | undefined = account.id;
  let parent: string | undefined = account.parentId;
  while (target !== undefined) {
    for (const policyId of org.attachments.get(target) ?? []) {
      const policy = org.policies.get(policyId);
      if (policy?.statements.some((statement) => denies(statement, context))) return policy;
    }
    target = parent;
    parent = parent === undefined ? undefined : org.ousById.get(parent)?.parentId;
  }
  return undefined;
}

function denies(statement: ScpStatement, context: ScpContext): boolean {
  if (statement.effect !== "Deny") return false;
  if (statement.actions && !statement.actions.some((pattern) => globMatch(pattern, context.action, true)))
    return false;
  if (statement.notActions?.some((pattern) => globMatch(pattern, context.action, true))) return false;
  if (
    statement.resources &&
    !statement.resources.some((pattern) => globMatch(pattern, context.resource, false))
  ) {
    return false;
  }
  if (statement.notResources?.some((pattern) => globMatch(pattern, context.resource, false))) return false;
  for (const [operator, entries] of Object.entries(statement.conditions)) {
    for (const [key, values] of Object.entries(entries)) {
      if (!conditionHolds(operator, context.keys[key.toLowerCase()], values)) return false;
    }
  }
  return true;
}

/** IAM condition semantics: values of one key are OR'd; negated operators hold when the key is absent. */
function conditionHolds(operator: string, actual: string | undefined, values: string[]): boolean {
  let base = operator.toLowerCase();
  const ifExists = base.endsWith("ifexists");
  if (ifExists) base = base.slice(0, -"ifexists".length);
  if (base === "null") {
    const wantsAbsent = values.some((value) => value.toLowerCase() === "true");
    return wantsAbsent ? actual === undefined : actual !== undefined;
  }
  const negated = base.includes("not");
  if (actual === undefined) return ifExists || negated;
  const positive = base.replace("not", "");
  const matched = values.some((value) => {
    switch (positive) {
      case "stringequals":
      case "arnequals":
        return value === actual;
      case "stringequalsignorecase":
        return value.toLowerCase() === actual.toLowerCase();
      case "bool":
        return value.toLowerCase() === actual.toLowerCase();
      default:
        return globMatch(value, actual, false);
    }
  });
  return negated ? !matched : matched;
}

const patternCache = new Map<string, RegExp>();

/** IAM wildcards: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === "*") return true;
  const cacheKey = `${ignoreCase ? "i" : "c"}${pattern}`;
  let regex = patternCache.get(cacheKey);
  if (!regex) {
    const source = pattern
      .split("")
      .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${source}$`, ignoreCase ? "is" : "s");
    patternCache.set(cacheKey, regex);
  }
  return regex.test(value);
}
