import { describe, expect, it } from "vitest";
import type { ApplyResult } from "../../src/apply/apply-plan.js";
import type { DoctorReport } from "../../src/doctor/model.js";
import { driftPaths } from "../../src/gitops/drift-paths.js";
import { driftReportFile } from "../../src/gitops/drift-report.js";

const DRIFT_PLAN_PATH = driftPaths().plan;

import { renderApplyMarkdown } from "../../src/report/apply-report.js";
import { renderDoctorMarkdown } from "../../src/report/doctor-report.js";
import {
  REPORT_MARKDOWN_CHARS,
  STEP_SUMMARY_BYTES,
  SUMMARY_MARKDOWN_CHARS,
} from "../../src/report/markdown-limits.js";
import { renderPlanMarkdown } from "../../src/report/plan-markdown.js";
import { hugePlan, richPlan } from "../support/gitops-plans.js";

/**
 * Every markdown a workflow appends to `$GITHUB_STEP_SUMMARY` (plan, apply, doctor, and
 * `drift/REPORT.md` in the apply workflow) stays below GitHub's 1 MiB per step, counted in UTF-8
 * bytes as GitHub counts it, with the long parts cut and a pointer to where everything is.
 */
function bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

const big = hugePlan(4_000);

describe("job summary sizes", () => {
  it("drift/REPORT.md of 4,000 drifting accounts collapses below the cap and points to drift/plan.json", () => {
    const uncapped = renderPlanMarkdown(big, { maxLength: Number.MAX_SAFE_INTEGER });
    const report = driftReportFile(big, { runUrl: "https://github.example/run/1", paths: driftPaths() });

    expect(bytes(uncapped)).toBeGreaterThan(STEP_SUMMARY_BYTES);
    expect(report.length).toBeLessThanOrEqual(REPORT_MARKDOWN_CHARS);
    expect(bytes(`Applying the reviewed drift/plan.json.\n\n${report}`)).toBeLessThan(STEP_SUMMARY_BYTES);
    expect(report).toContain("more accounts to change");
    expect(report).toContain(`\`${DRIFT_PLAN_PATH}\` on this branch`);
    expect(report).toContain(
      `this file stops here to fit a job summary; \`${DRIFT_PLAN_PATH}\` lists every action`,
    );
  });

  it("drift/REPORT.md of a small plan is whole", () => {
    const report = driftReportFile(richPlan(), { paths: driftPaths() });

    expect(report).toContain("<details>");
    expect(report).not.toContain("too long to show in full");
    expect(report).not.toContain("this file stops here");
  });

  it("plan markdown of 10,000 accounts stays within the summary budget", () => {
    const markdown = renderPlanMarkdown(hugePlan(10_000));

    expect(markdown.length).toBeLessThanOrEqual(SUMMARY_MARKDOWN_CHARS);
    expect(markdown).toContain("The plan is too long to show in full here.");
  });

  it("apply markdown of 20,000 accounts stays within the budget, twice over in one step", () => {
    const result: ApplyResult = {
      organizationId: "o-test123456",
      planFingerprint: "f".repeat(64),
      organizationActions: [],
      interrupted: false,
      journalPath: "journal.jsonl",
      accounts: Array.from({ length: 20_000 }, (_, index) => ({
        accountId: String(100000000000 + index),
        name: `workload-${index} ✅ with a long name to fill the row`,
        outcome: "failed" as const,
        reason: "AccessDenied: explicit deny in a service control policy",
        actions: [],
      })),
    };

    const markdown = renderApplyMarkdown(result);

    expect(markdown.length).toBeLessThanOrEqual(SUMMARY_MARKDOWN_CHARS);
    expect(bytes(`${markdown}${markdown}`)).toBeLessThan(STEP_SUMMARY_BYTES);
    expect(markdown).toMatch(
      /\n…and \d+ more accounts: the journal `journal\.jsonl` records every action\.\n/,
    );
    expect(markdown).toMatch(/20000 accounts touched\. Journal: `journal\.jsonl`\n$/);
  });

  it("apply markdown of a few accounts is whole and unchanged in form", () => {
    const result: ApplyResult = {
      organizationId: "o-test123456",
      planFingerprint: "f".repeat(64),
      organizationActions: [],
      interrupted: false,
      journalPath: "journal.jsonl",
      accounts: [{ accountId: "111111111111", name: "billing", outcome: "applied", actions: [] }],
    };

    expect(renderApplyMarkdown(result)).toBe(
      [
        "### rootward apply for `o-test123456`",
        "",
        "Apply: 0/0 account actions done, 0/0 organization actions done, 1 accounts applied, 0 stale, 0 failed.",
        "",
        "| Account | Name | Outcome | Actions done | Reason |",
        "| --- | --- | --- | ---: | --- |",
        "| `111111111111` | billing | applied | 0/0 |  |",
        "",
        "1 account touched. Journal: `journal.jsonl`",
        "",
      ].join("\n"),
    );
  });

  it("doctor markdown of 3,000 SCP statements, each reaching 200 targets, stays within the budget", () => {
    const report: DoctorReport = {
      checks: [{ id: "credentials", title: "AWS credentials", status: "ok", detail: "caller ok" }],
      scp: Array.from({ length: 3_000 }, (_, index) => ({
        policyId: `p-${String(index).padStart(8, "0")}`,
        policyName: `DenyRoot${index}`,
        statement: `statement ${index}`,
        effect: "denies" as const,
        tasks: ["delete" as const],
        actions: ["iam:DeleteAccessKey"],
        affected: Array.from({ length: 200 }, (_, target) => String(100000000000 + target)),
      })),
    };

    const markdown = renderDoctorMarkdown(report);

    expect(markdown.length).toBeLessThanOrEqual(SUMMARY_MARKDOWN_CHARS);
    expect(markdown).toContain("| ✅ ok | AWS credentials | caller ok |  |");
    expect(markdown).toContain("and 180 more");
    expect(markdown).toMatch(/…and \d+ more statements: run `rootward doctor` for all of them\./);
    expect(markdown).toMatch(/1 ok, 0 warnings, 0 failures, 0 skipped\n$/);
  });
});
