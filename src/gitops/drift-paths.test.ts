import { describe, expect, it } from "vitest";
import { RootwardError } from "../errors.js";
import { driftPaths, isOrganizationName } from "./drift-paths.js";

describe("driftPaths", () => {
  it("keeps the historical names without an organization name, and gives each named one its own", () => {
    expect(driftPaths()).toEqual({
      branch: "rootward/drift",
      report: "drift/REPORT.md",
      plan: "drift/plan.json",
    });
    expect(driftPaths("prod")).toEqual({
      organization: "prod",
      branch: "rootward/drift-prod",
      report: "drift/prod/REPORT.md",
      plan: "drift/prod/plan.json",
    });
  });

  // Names become a branch (git-check-ref-format), paths under drift/ and artifact names.
  it.each([
    ["prod", true],
    ["Prod-EU_2.b", true],
    ["a".repeat(64), true],
    ["a".repeat(65), false],
    ["", false],
    ["-prod", false],
    [".prod", false],
    ["../main", false],
    ["a..b", false],
    ["prod.", false],
    ["prod.lock", false],
    ["prod/eu", false],
    ["prod eu", false],
    ["prod\nx", false],
    ["prod@{1}", false],
  ])("%j is usable: %s", (name, usable) => {
    expect(isOrganizationName(name)).toBe(usable);
    if (usable) expect(driftPaths(name).branch).toBe(`rootward/drift-${name}`);
    else expect(() => driftPaths(name)).toThrow(RootwardError);
  });
});
