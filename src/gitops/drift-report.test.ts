import { describe, expect, it } from "vitest";
import { richPlan } from "../../test/support/gitops-plans.js";
import { driftPaths } from "./drift-paths.js";
import { driftLabels, driftTitle } from "./drift-report.js";

describe("drift title and labels with unlock requests", () => {
  it("count unlocks apart from root-credential deletes", () => {
    const plan = richPlan();

    expect(driftTitle(plan, driftPaths())).toBe(
      "rootward: drift in 3 accounts (7 to delete, 1 to create, 2 to unlock, 1 organization change)",
    );
    expect(driftLabels(plan).map((label) => label.name)).toEqual([
      "rootward:drift",
      "rootward:deletes-credentials",
      "rootward:creates-credentials",
      "rootward:unlocks-policies",
      "rootward:organization-settings",
      "rootward:severity-high",
    ]);
  });
});
