import { describe, expect, it } from "vitest";
import type { EventPattern } from "./event-rules.js";
import { matchesPattern } from "./pattern-match.js";

const cases: { name: string; pattern: EventPattern; event: unknown; matches: boolean }[] = [
  { name: "exact string", pattern: { source: ["aws.iam"] }, event: { source: "aws.iam" }, matches: true },
  {
    name: "exact string, other value",
    pattern: { source: ["aws.iam"] },
    event: { source: "aws.s3" },
    matches: false,
  },
  {
    name: "any of the values",
    pattern: { source: ["aws.s3", "aws.iam"] },
    event: { source: "aws.iam" },
    matches: true,
  },
  { name: "missing field", pattern: { source: ["aws.iam"] }, event: {}, matches: false },
  { name: "case matters", pattern: { source: ["aws.iam"] }, event: { source: "AWS.IAM" }, matches: false },
  { name: "number is not its string", pattern: { n: [1] }, event: { n: "1" }, matches: false },
  { name: "null matches null", pattern: { n: [null] }, event: { n: null }, matches: true },
  { name: "null does not match a missing field", pattern: { n: [null] }, event: {}, matches: false },
  { name: "boolean", pattern: { b: [false] }, event: { b: false }, matches: true },
  {
    name: "nested objects",
    pattern: { detail: { userIdentity: { type: ["Root"] } } },
    event: { detail: { userIdentity: { type: "Root" } } },
    matches: true,
  },
  {
    name: "nested, other value",
    pattern: { detail: { userIdentity: { type: ["Root"] } } },
    event: { detail: { userIdentity: { type: "IAMUser" } } },
    matches: false,
  },
  {
    name: "nested pattern, event field not an object",
    pattern: { detail: { a: ["x"] } },
    event: { detail: "x" },
    matches: false,
  },
  {
    name: "every field must match",
    pattern: { a: ["1"], b: ["2"] },
    event: { a: "1", b: "3" },
    matches: false,
  },
  {
    name: "array in the event: any element",
    pattern: { tags: ["b"] },
    event: { tags: ["a", "b"] },
    matches: true,
  },
  { name: "array in the event: none", pattern: { tags: ["c"] }, event: { tags: ["a", "b"] }, matches: false },
  { name: "prefix", pattern: { id: [{ prefix: "1" }] }, event: { id: "111122223333" }, matches: true },
  {
    name: "prefix, no match",
    pattern: { id: [{ prefix: "1" }] },
    event: { id: "ou-abcd-12345678" },
    matches: false,
  },
  { name: "prefix on a number", pattern: { id: [{ prefix: "1" }] }, event: { id: 1 }, matches: false },
  { name: "exists true", pattern: { e: [{ exists: true }] }, event: { e: "x" }, matches: true },
  { name: "exists true, missing", pattern: { e: [{ exists: true }] }, event: {}, matches: false },
  {
    name: "exists true on an object is false (leaf only)",
    pattern: { e: [{ exists: true }] },
    event: { e: { a: 1 } },
    matches: false,
  },
  { name: "exists false, missing", pattern: { e: [{ exists: false }] }, event: {}, matches: true },
  {
    name: "exists false, present",
    pattern: { e: [{ exists: false }] },
    event: { e: "AccessDenied" },
    matches: false,
  },
  {
    name: "exists false, present as null",
    pattern: { e: [{ exists: false }] },
    event: { e: null },
    matches: false,
  },
  {
    name: "exists false under a missing parent",
    pattern: { detail: { errorCode: [{ exists: false }] } },
    event: {},
    matches: true,
  },
];

describe("matchesPattern (EventBridge subset)", () => {
  it.each(cases)("$name", ({ pattern, event, matches }) => {
    expect(matchesPattern(pattern, event)).toBe(matches);
  });

  it("refuses operators outside the subset instead of not matching", () => {
    const pattern = { n: [{ numeric: [">", 1] }] } as unknown as EventPattern;
    expect(() => matchesPattern(pattern, { n: 2 })).toThrow(/unsupported pattern operator/);
  });
});
