import { describe, expect, it } from "vitest";
import { hugePlan, richPlan } from "../../test/support/gitops-plans.js";
import { renderPlanJson, renderPlanJsonChunks } from "./plan-json.js";

describe("renderPlanJsonChunks", () => {
  it.each([
    ["the rich plan", richPlan],
    ["a plan of 5,000 drifting accounts", () => hugePlan(5_000)],
  ])("joins to exactly renderPlanJson for %s", (_label, make) => {
    const plan = make();
    const chunks = [...renderPlanJsonChunks(plan)];
    expect(chunks.join("")).toBe(renderPlanJson(plan));
    expect(chunks.at(-1)).toBe("\n");
  });

  it("splits a large plan into several pieces", () => {
    expect([...renderPlanJsonChunks(hugePlan(5_000))].length).toBeGreaterThan(3);
  });
});
