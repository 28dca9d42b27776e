import { wildcardMatch } from "../wildcard.js";

export { wildcardMatch as globMatch } from "../wildcard.js";

import type { ScpStatement } from "./statements.js";

/**
 * IAM policy statement matching, reduced to what decides root-access tasks: `Action`/`NotAction`,
 * `Resource`/`NotResource` wildcards and the string/ARN/Null/Bool condition operators. For SCPs
 * only explicit `Deny` statements are evaluated (an organization without FullAWSAccess is out of
 * scope); identity-based policies add Allow (decide.ts). Shared by the sandbox, which enforces
 * it, and by plan/doctor, which predict it.
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

/** Whether a statement is an explicit Deny that applies to the request in `context`. */
export function denies(statement: ScpStatement, context: ScpContext): boolean {
  return statement.effect === "Deny" && matches(statement, context);
}

/**
 * Whether a statement applies to the request, whatever its effect: action names compare
 * case-insensitively, resources case-sensitively ("IAM JSON policy elements: Action/Resource").
 */
export function matches(statement: ScpStatement, context: ScpContext): boolean {
  if (statement.actions && !statement.actions.some((pattern) => wildcardMatch(pattern, context.action, true)))
    return false;
  if (statement.notActions?.some((pattern) => wildcardMatch(pattern, context.action, true))) return false;
  if (
    statement.resources &&
    !statement.resources.some((pattern) => wildcardMatch(pattern, context.resource, false))
  ) {
    return false;
  }
  if (statement.notResources?.some((pattern) => wildcardMatch(pattern, context.resource, false)))
    return false;
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
        return value === actual;
      // ArnEquals behaves as ArnLike: wildcards within each ARN component, never across one
      // (IAM User Guide, "Condition operators", ARN operators; iam.cloudcopilot.io operator pages).
      case "arnequals":
      case "arnlike":
        return arnMatch(value, actual);
      case "stringequalsignorecase":
        return value.toLowerCase() === actual.toLowerCase();
      case "bool":
        return value.toLowerCase() === actual.toLowerCase();
      default:
        return wildcardMatch(value, actual, false);
    }
  });
  return negated ? !matched : matched;
}

function arnMatch(pattern: string, value: string): boolean {
  if (pattern === "*") return true;
  const patternParts = arnSegments(pattern);
  const valueParts = arnSegments(value);
  if (!patternParts || !valueParts) return false;
  return patternParts.every((part, index) => wildcardMatch(part, valueParts[index] ?? "", false));
}

/** `arn:partition:service:region:account:resource`; the resource part may itself contain colons. */
function arnSegments(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

export type AttachedPolicy = { id: string; name: string; statements: readonly ScpStatement[] };
export type Denial = { policy: AttachedPolicy; statement: ScpStatement; statementIndex: number };

/**
 * The first Deny among the policies attached along `targets` (the account, then its OUs up to
 * the root), or undefined. SCPs never apply to the management account; callers exclude it.
 */
export function findDenial(
  targets: readonly string[],
  attached: (target: string) => readonly AttachedPolicy[],
  context: ScpContext,
): Denial | undefined {
  for (const target of targets) {
    for (const policy of attached(target)) {
      const statementIndex = policy.statements.findIndex((statement) => denies(statement, context));
      const statement = policy.statements[statementIndex];
      if (statement) return { policy, statement, statementIndex };
    }
  }
  return undefined;
}
