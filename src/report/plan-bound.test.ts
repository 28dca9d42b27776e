import { describe, expect, it } from "vitest";
import { richPlan } from "../../test/support/gitops-plans.js";
import { boundPlan } from "../plan/bound-plan.js";
import type { AccountAction, Plan } from "../plan/model.js";
import { boundMarkdown, boundTextLines } from "./plan-bound.js";
import { renderPlanMarkdown } from "./plan-markdown.js";
import { renderPlanText } from "./plan-text.js";

const fresh = richPlan();

function ghostKeys(count: number): AccountAction[] {
  return Array.from({ length: count }, (_, index) => ({
    operation: "DeleteAccessKey",
    accountId: "222222222222",
    taskPolicy: "IAMDeleteRootUserCredentials",
    accessKeyId: `AKIAGHOST${String(index).padStart(11, "0")}`,
  }));
}

describe("bounded plan renderings", () => {
  it("say nothing for a plan that was not bounded", () => {
    expect(boundTextLines(fresh, String)).toEqual([]);
    expect(boundMarkdown(fresh)).toBe("");
  });

  it.each([
    ["everything reviewed still holds", fresh.actions, 0, 0],
    ["reviewed actions that no longer hold", [...fresh.actions, ...ghostKeys(3)], 3, 0],
    ["fresh actions nobody reviewed", fresh.actions.slice(2), 0, 2],
    ["more than the markdown shows", [...fresh.actions, ...ghostKeys(60)], 60, 0],
  ])("%s", (_name, reviewedActions, excluded, notReviewed) => {
    const bounded = boundPlan(fresh, { ...fresh, actions: reviewedActions }, "drift/plan.json");
    const text = renderPlanText(bounded, { color: false });
    const markdown = renderPlanMarkdown(bounded);
    expect(text).toContain(`Bounded by drift/plan.json (plan ${fresh.fingerprint.slice(0, 12)})`);
    expect(markdown).toContain("#### Bounded by the reviewed drift plan");
    expect(text.includes("not justified now")).toBe(excluded > 0);
    expect(markdown.includes("not justified now")).toBe(excluded > 0);
    expect(text.includes("not in the reviewed drift plan")).toBe(notReviewed > 0);
    // Text lists every one, markdown at most 50 per list and says how many more.
    expect(text.match(/ × /g) ?? []).toHaveLength(excluded + notReviewed);
    expect(markdown.match(/^- ✖️ /gm) ?? []).toHaveLength(Math.min(excluded, 50) + Math.min(notReviewed, 50));
    if (excluded > 50)
      expect(markdown).toContain(`- …and ${excluded - 50} more (the plan JSON lists them all)`);
    // Access key ids are masked in markdown as everywhere else.
    if (excluded > 0) expect(markdown).toContain("delete access key AKIA…0000");
  });

  it("a bounded plan with nothing left to run does not claim the organization matches", () => {
    const bounded: Plan = boundPlan(fresh, { ...fresh, actions: ghostKeys(1) }, "drift/plan.json");
    expect(bounded.actions).toEqual([]);
    const text = renderPlanText(bounded, { color: false });
    expect(text).not.toContain("The organization matches the desired state");
    expect(text).toContain(
      `No changes within the reviewed plan; ${fresh.actions.length} justified actions outside it wait for the next drift run.`,
    );
    expect(renderPlanMarkdown(bounded)).toContain("> [!NOTE]\n> No changes within the reviewed plan;");
  });

  it("escapes the reviewed plan's file name in markdown", () => {
    const bounded = boundPlan(fresh, fresh, "drift/<b>plan</b>|x.json");
    expect(boundMarkdown(bounded)).toContain("drift/&lt;b&gt;plan&lt;/b&gt;&#124;x.json");
  });
});
