import type { EventPattern, PatternValue } from "./event-rules.js";

/**
 * EventBridge event-pattern matching for the subset rootward's rules use: exact values, `prefix`
 * and `exists`, nested objects, arrays in the event matching when any element does
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html,
 * eb-create-pattern-operators.html). It lets the tests check the rules against recorded events
 * without AWS; a pattern outside the subset is an error, never a silent non-match.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  const fields = isObject(event) ? event : {};
  return Object.entries(pattern).every(([key, expected]) => {
    const present = Object.hasOwn(fields, key);
    const value = present ? fields[key] : undefined;
    if (Array.isArray(expected)) return matchesAny(expected, present, value);
    // A nested pattern on a missing object still matches when it asks only for absent fields.
    return matchesPattern(expected as EventPattern, value);
  });
}

function matchesAny(expected: readonly PatternValue[], present: boolean, value: unknown): boolean {
  return expected.some((condition) => matchesOne(condition, present, value));
}

function matchesOne(condition: PatternValue, present: boolean, value: unknown): boolean {
  if (isObject(condition)) {
    if ("exists" in condition) return condition.exists === (present && !isObject(value));
    if ("prefix" in condition)
      return leaves(value).some((leaf) => typeof leaf === "string" && leaf.startsWith(condition.prefix));
    throw new Error(`unsupported pattern operator: ${JSON.stringify(condition)}`);
  }
  if (!present) return false;
  return leaves(value).some((leaf) => leaf === condition);
}

/** An event array matches when any of its elements does. */
function leaves(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
