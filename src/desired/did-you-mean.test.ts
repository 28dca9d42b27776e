import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { didYouMean } from "./did-you-mean.js";

/** Levenshtein distance written out plainly, as an oracle independent of the implementation. */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      row[j] = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return rows[a.length]?.[b.length] as number;
}

const policyKeys = ["apiVersion", "kind", "organization", "features", "baseline", "exceptions", "unmanaged"];
const exceptionKeys = [
  "name",
  "accounts",
  "names",
  "ous",
  "tags",
  "password",
  "mfa",
  "reason",
  "owner",
  "expires",
];
const kinds = ["RootAccessPolicy", "RootAccessExceptions"];

describe("didYouMean", () => {
  it.each([
    ["exception", policyKeys, "exceptions"],
    ["baselin", policyKeys, "baseline"],
    ["apiversion", policyKeys, "apiVersion"],
    ["Kind", policyKeys, "kind"],
    ["expiry", exceptionKeys, "expires"],
    ["acounts", exceptionKeys, "accounts"],
    ["ou", exceptionKeys, "ous"],
    ["rootaccesspolicy", kinds, "RootAccessPolicy"],
    ["RootAccessException", kinds, "RootAccessExceptions"],
    ["RootAccesPolicy", kinds, "RootAccessPolicy"],
  ])("suggests %j → %j", (word, candidates, expected) => {
    expect(didYouMean(word, candidates)).toBe(expected);
  });

  it.each([
    ["approvedBy", exceptionKeys],
    ["Policy", kinds],
    ["xyz", policyKeys],
    ["anything", []],
  ])("suggests nothing for %j", (word, candidates) => {
    expect(didYouMean(word, candidates)).toBeUndefined();
  });

  it("never suggests a word farther than its tolerance, and always finds an exact match", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }),
        (word, candidates) => {
          const suggestion = didYouMean(word, candidates);
          const tolerance = Math.max(2, Math.floor(word.length / 3));
          if (suggestion !== undefined) {
            expect(candidates).toContain(suggestion);
            expect(distance(word.toLowerCase(), suggestion.toLowerCase())).toBeLessThanOrEqual(tolerance);
            const closest = Math.min(...candidates.map((c) => distance(word.toLowerCase(), c.toLowerCase())));
            expect(distance(word.toLowerCase(), suggestion.toLowerCase())).toBe(closest);
          } else {
            for (const candidate of candidates) {
              expect(distance(word.toLowerCase(), candidate.toLowerCase())).toBeGreaterThan(tolerance);
            }
          }
        },
      ),
    );
  });
});
