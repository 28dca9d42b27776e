import { matches, type ScpContext } from "./evaluate.js";
import type { ScpStatement } from "./statements.js";

/** Where a statement sits: the policy's index in the list given, and the statement's in the policy. */
export type StatementRef = { policyIndex: number; statementIndex: number };

export type PolicyDecision =
  | ({ decision: "allow" } & StatementRef)
  | ({ decision: "explicit-deny" } & StatementRef)
  | { decision: "implicit-deny" };

/**
 * The identity-based part of IAM's evaluation: "an explicit deny in any policy overrides an
 * allow", and a request that no statement allows is implicitly denied (IAM User Guide, "Policy
 * evaluation logic"). Statements of all the principal's policies are pooled; which policy holds
 * the deciding statement is returned for messages and logs.
 */
export function decide(policies: readonly (readonly ScpStatement[])[], context: ScpContext): PolicyDecision {
  let allowed: StatementRef | undefined;
  for (const [policyIndex, statements] of policies.entries()) {
    for (const [statementIndex, statement] of statements.entries()) {
      if (!matches(statement, context)) continue;
      if (statement.effect === "Deny") return { decision: "explicit-deny", policyIndex, statementIndex };
      allowed ??= { policyIndex, statementIndex };
    }
  }
  return allowed ? { decision: "allow", ...allowed } : { decision: "implicit-deny" };
}
