import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesGlob } from "./glob.js";

describe("matchesGlob", () => {
  it.each([
    ["legacy-ftp*", "legacy-ftp", true],
    ["legacy-ftp*", "legacy-ftp-eu-west-1", true],
    ["legacy-ftp*", "new-legacy-ftp", false],
    ["*-prod", "payments-prod", true],
    ["*-prod", "payments-prod-eu", false],
    ["*prod*", "prod", true],
    ["app-?", "app-1", true],
    ["app-?", "app-12", false],
    ["app-?", "app-", false],
    ["team/*", "team/a/b", true],
    ["Payments", "payments", false],
    ["a.b", "a.b", true],
    ["a.b", "axb", false],
    ["(x)+[y]", "(x)+[y]", true],
    ["^$", "^$", true],
    ["line*", "line1\nline2", true],
    ["*", "", true],
    ["?", "", false],
  ])("%j matches %j: %s", (glob, name, expected) => {
    expect(matchesGlob(glob, name)).toBe(expected);
  });

  it("treats a glob without wildcards as the literal name and nothing else", () => {
    const literal = fc.string().filter((text) => !text.includes("*") && !text.includes("?"));
    fc.assert(
      fc.property(literal, fc.string({ minLength: 1 }), (name, extra) => {
        expect(matchesGlob(name, name)).toBe(true);
        expect(matchesGlob(name, `${name}${extra}`)).toBe(false);
      }),
    );
  });

  it("matches any name that starts with the prefix of `prefix*`", () => {
    const prefix = fc.string().filter((text) => !text.includes("*") && !text.includes("?"));
    fc.assert(
      fc.property(prefix, fc.string(), (start, rest) => {
        expect(matchesGlob(`${start}*`, `${start}${rest}`)).toBe(true);
      }),
    );
  });
});
