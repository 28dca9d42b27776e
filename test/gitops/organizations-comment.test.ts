import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readOrganizationPlans } from "../../src/cli/commands/pr-comment.js";
import { organizationsComment } from "../../src/gitops/organizations-comment.js";
import { planComment } from "../../src/gitops/plan-comment.js";
import { GITHUB_COMMENT_LIMIT } from "../../src/report/markdown-limits.js";
import { renderPlanJson } from "../../src/report/plan-json.js";
import { hugePlan, richPlan } from "../support/gitops-plans.js";
import { tempDirs } from "../support/sandbox-cli.js";

const context = {
  toolVersion: "0.0.0-test",
  identity: { login: "github-actions[bot]", source: "github-token" as const },
};
const tempDir = tempDirs();

describe("one plan comment for several organizations", () => {
  it("is the single-plan comment when there is one organization", () => {
    const plan = richPlan();
    expect(organizationsComment([{ name: "default", plan }], context)).toEqual(planComment(plan, context));
  });

  it("has a section per organization in the given order, and names an organization without a plan", () => {
    const comment = organizationsComment([{ name: "prod", plan: richPlan() }, { name: "sandbox" }], context);
    const sections = comment.body.split(/^## Organization /m).slice(1);
    expect(sections.map((section) => section.split("\n", 1)[0])).toEqual(["`prod`", "`sandbox`"]);
    expect(sections[1]).toContain("No plan: the plan job of this organization did not finish");
    expect(comment.body).toContain("1 plan, 1 missing");
  });

  it("stays under GitHub's comment limit with several huge plans, each section collapsed within its share", () => {
    const organizations = ["a", "b", "c"].map((name) => ({ name, plan: hugePlan(3_000) }));
    const comment = organizationsComment(organizations, context);
    expect(comment.body.length + 200).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(comment.body.match(/^## Organization /gm)).toHaveLength(3);
  });

  it("changes its marker when any organization's plan changes, and only then", () => {
    const plan = richPlan();
    const first = organizationsComment(
      [
        { name: "a", plan },
        { name: "b", plan },
      ],
      context,
    );
    const same = organizationsComment(
      [
        { name: "a", plan },
        { name: "b", plan },
      ],
      { ...context, runUrl: "https://x" },
    );
    const other = organizationsComment(
      [
        { name: "a", plan },
        { name: "b", plan: hugePlan(2) },
      ],
      context,
    );
    expect(same.marker).toEqual(first.marker);
    expect(other.marker).not.toEqual(first.marker);
  });

  it("reads plan-NAME/plan.json in the order of --organizations and refuses names that are not plain", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "plan-prod"));
    writeFileSync(join(dir, "plan-prod", "plan.json"), renderPlanJson(richPlan()));
    const read = await readOrganizationPlans(
      { plans: dir, organizations: JSON.stringify([{ name: "sandbox" }, { name: "prod" }]) },
      dir,
    );
    expect(read.map((entry) => [entry.name, entry.plan !== undefined])).toEqual([
      ["sandbox", false],
      ["prod", true],
    ]);
    await expect(
      readOrganizationPlans({ plans: dir, organizations: JSON.stringify([{ name: "../etc" }]) }, dir),
    ).rejects.toThrow("--organizations must be a JSON list");
    const all = await readOrganizationPlans({ plans: dir }, dir);
    expect(all.map((entry) => entry.name)).toEqual(["prod"]);
  });
});
