import { readFileSync } from "node:fs";
import { join } from "node:path";
import { satisfies } from "semver";
import { describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..");
type Lock = { packages: Record<string, { engines?: { node?: string } }> };
/** The oldest Node rootward supports (package.json engines); npm ci there must not say EBADENGINE. */
const OLDEST = "20.19.0";

/** npm's own reading of an engines range (npm checks engines with semver). */
function allows(range: string, node: string): boolean {
  return satisfies(node, range);
}

describe("every locked package supports the oldest Node rootward supports", () => {
  it(`no EBADENGINE on npm ci with Node ${OLDEST}`, () => {
    const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as Lock;

    const refused = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines?.node !== undefined && !allows(entry.engines.node, OLDEST))
      .map(([name, entry]) => `${name} ${entry.engines?.node}`);

    expect(refused).toEqual([]);
  });

  it.each([
    [">=22", false],
    [">=20", true],
    ["^20.19.0 || >=22.12.0", true],
    ["^20.20.0 || >=22", false],
    ["18 || 20 || >=22", true],
    [">=0.6.11 <=0.7.0 || >=0.7.3", true],
  ])("reads %s", (range, ok) => {
    expect(allows(range, OLDEST)).toBe(ok);
  });
});
