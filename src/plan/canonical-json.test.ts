import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareText } from "../order.js";
import { canonicalJson } from "./canonical-json.js";
import { canonicalJsonChunks } from "./canonical-json-chunks.js";

/** The definition canonicalJson must keep byte for byte: plan fingerprints are computed from it. */
function reference(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(entries.map(([key, entry]) => [key, sortKeys(entry)]));
}

const keys = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "0",
    "1",
    "9",
    "10",
    "01",
    "-1",
    "1.5",
    "4294967294",
    "4294967295",
    "__proto__",
    "é",
    "\u{1F600}",
  ),
);
const leaf = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, "\u2028", "\ud800", '"\\\n'),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(keys, tie("value"), { maxKeys: 6 }),
})).value;

function withHole(): unknown[] {
  const list: unknown[] = [1, 2, 3];
  delete list[1];
  return list;
}

describe("canonicalJson", () => {
  it("writes exactly what JSON.stringify of a key-sorted copy writes, with and without indentation", () => {
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 0, 2, 4, 12), (value, indent) => {
        expect(canonicalJson(value, indent)).toBe(reference(value, indent));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["a Date (no own keys)", { at: new Date(0) }],
    [
      "a function and a symbol in an object and in an array",
      { f: () => 1, s: Symbol("s"), list: [() => 1, Symbol("t")] },
    ],
    ["an array with a hole", { list: withHole() }],
    ["an own __proto__ key", JSON.parse('{"__proto__": {"b": 1}, "a": 2}')],
    ["undefined at the top", undefined],
  ])("matches the definition for %s", (_label, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value, 2)).toBe(reference(value, 2));
    expect([...canonicalJsonChunks(value)].join("")).toBe(reference(value) ?? "");
    expect([...canonicalJsonChunks(value, 2)].join("")).toBe(reference(value, 2) ?? "");
  });

  it("in pieces, joins to exactly the same text", () => {
    fc.assert(
      fc.property(json, fc.constantFrom(undefined, 0, 2, 4, 12), (value, indent) => {
        expect([...canonicalJsonChunks(value, indent)].join("")).toBe(canonicalJson(value, indent) ?? "");
      }),
      { numRuns: 2000 },
    );
  });

  it("in pieces of about a million characters", () => {
    const accounts = Array.from({ length: 30_000 }, (_, index) => ({
      name: `account — ${index}`,
      id: String(100_000_000_000 + index),
      tags: { b: "2", a: "1", "10": "x", "9": "y" },
    }));
    const value = { version: 1, accounts, empty: [], nested: { list: [[1, 2], [], [{ z: 1, a: [] }]] } };
    const chunks = [...canonicalJsonChunks(value, 2)];
    expect(chunks.join("")).toBe(canonicalJson(value, 2));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.length).toBeGreaterThanOrEqual(1 << 20);
      expect(chunk.length).toBeLessThan((1 << 20) + 1000);
    }
  });
});
