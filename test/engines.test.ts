import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..");
type Lock = { packages: Record<string, { engines?: { node?: string } }> };
type Version = [number, number, number];

function version(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text.split(".").map(Number);
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The forms npm packages' engines.node use here: `>=X[.Y[.Z]]` and `^X[.Y[.Z]]`, joined by `||`. */
function allows(range: string, node: Version): boolean {
  return range.split("||").some((alternative) => {
    const match = alternative.trim().match(/^(>=|\^)\s*(\d+(?:\.\d+){0,2})$/);
    if (!match) throw new Error(`engines range the test cannot read: ${range}`);
    const bound = version(match[2] ?? "");
    if (compare(node, bound) < 0) return false;
    return match[1] === ">=" || node[0] === bound[0];
  });
}

describe("every locked package supports the oldest Node rootward supports", () => {
  it("no EBADENGINE on npm ci with Node 20.19", () => {
    const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as Lock;
    const oldest = version("20.19.0");

    const refused = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines?.node !== undefined && !allows(entry.engines.node, oldest))
      .map(([name, entry]) => `${name} ${entry.engines?.node}`);

    expect(refused).toEqual([]);
  });

  it.each([
    [">=22", false],
    [">=20", true],
    ["^20.19.0 || >=22.12.0", true],
    ["^20.20.0 || >=22", false],
    ["^18 || >=19", true],
  ])("reads %s", (range, ok) => {
    expect(allows(range, version("20.19.0"))).toBe(ok);
  });
});
