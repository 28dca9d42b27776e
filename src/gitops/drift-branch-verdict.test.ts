import { describe, expect, it } from "vitest";
import { driftPlan } from "../../test/support/gitops-plans.js";
import { renderPlanJson } from "../report/plan-json.js";
import type { BranchCommit, DriftBranchContents } from "./drift-branch.js";
import {
  type BranchExpectation,
  driftCommitMessage,
  judgeDriftBranch,
  problemText,
} from "./drift-branch-verdict.js";
import { driftPaths } from "./drift-paths.js";
import { driftReportFile } from "./drift-report.js";

const plan = driftPlan("drift");
const RUN = "https://github.com/acme/root-access/actions/runs/77";
const PREFIX = "https://github.com/acme/root-access/actions/runs/";
const paths = driftPaths();
const commit: BranchCommit = { sha: "c".repeat(40), parents: ["b".repeat(40)], author: "bot", subject: "s" };

/** What rootward itself pushes for `plan` from run 77. */
function ours(overrides: Partial<Extract<DriftBranchContents, { exists: true }>> = {}): DriftBranchContents {
  return {
    exists: true,
    tip: commit.sha,
    commits: [commit],
    changedFiles: ["drift/REPORT.md", "drift/plan.json"],
    message: `${driftCommitMessage(plan, RUN, paths)}\n`,
    report: { mode: "100644", content: driftReportFile(plan, { runUrl: RUN, paths }) },
    plan: { mode: "100644", content: renderPlanJson(plan) },
    ...overrides,
  };
}

const expected = { organizationId: plan.organizationId, paths, runUrlPrefix: PREFIX };
const exactly = { ...expected, fingerprint: plan.fingerprint, desiredDigest: plan.desiredStateDigest };

describe("judgeDriftBranch", () => {
  it("accepts rootward's own commit, with or without a run link", () => {
    expect(judgeDriftBranch(ours(), exactly).kind).toBe("own");
    const local = ours({
      message: driftCommitMessage(plan, undefined, paths),
      report: { mode: "100644", content: driftReportFile(plan, { paths }) },
    });
    expect(judgeDriftBranch(local, { organizationId: plan.organizationId, paths }).kind).toBe("own");
    // The base may already hold identical files (a just-merged drift pull request): an empty diff.
    expect(judgeDriftBranch(ours({ changedFiles: [] }), exactly).kind).toBe("own");
    expect(judgeDriftBranch({ exists: false }, exactly).kind).toBe("missing");
  });

  it("accepts a named organization's own commit, whose title and report name the organization", () => {
    const prod = driftPaths("prod");
    const named = ours({
      changedFiles: [prod.report, prod.plan],
      message: driftCommitMessage(plan, RUN, prod),
      report: { mode: "100644", content: driftReportFile(plan, { runUrl: RUN, paths: prod }) },
    });
    expect(judgeDriftBranch(named, { ...exactly, paths: prod }).kind).toBe("own");
    expect(named.exists && named.message).toMatch(/^rootward: drift in .* of prod \(/);
    // The same commit judged as the one-organization branch: another title and report.
    expect(judgeDriftBranch(named, exactly).kind).toBe("foreign");
  });

  const other = driftPlan("changed");
  it.each<[string, DriftBranchContents, BranchExpectation, string[]]>([
    [
      "a merge commit",
      ours({ commits: [{ ...commit, parents: ["a".repeat(40), "b".repeat(40)] }] }),
      exactly,
      ["its commit is a merge commit"],
    ],
    [
      "more commits than it names",
      ours({ commits: Array.from({ length: 21 }, () => commit) }),
      exactly,
      ["it holds more than 20 commits on top of the base branch, not one"],
    ],
    [
      "another drift than the pull request's",
      ours({
        message: driftCommitMessage(other, RUN, paths),
        plan: { mode: "100644", content: renderPlanJson(other) },
        report: { mode: "100644", content: driftReportFile(other, { runUrl: RUN, paths }) },
      }),
      exactly,
      ["drift/plan.json is not the plan of the drift pull request (another fingerprint)"],
    ],
    [
      "another drift is fine when rootward rewrites the branch anyway",
      ours({
        message: driftCommitMessage(other, RUN, paths),
        plan: { mode: "100644", content: renderPlanJson(other) },
        report: { mode: "100644", content: driftReportFile(other, { runUrl: RUN, paths }) },
      }),
      expected,
      [],
    ],
    [
      "a plan of another organization",
      ours(),
      { ...exactly, organizationId: "o-other1234567" },
      ["drift/plan.json is for another organization: o-test123456"],
    ],
    [
      "a plan made from other desired-state files",
      ours(),
      { ...exactly, desiredDigest: "0".repeat(64) },
      ["drift/plan.json was made from other desired-state files"],
    ],
    [
      "a run link to another repository",
      ours({
        message: driftCommitMessage(plan, "https://evil.example/acme/root-access/actions/runs/77", paths),
        report: {
          mode: "100644",
          content: driftReportFile(plan, {
            runUrl: "https://evil.example/acme/root-access/actions/runs/77",
            paths,
          }),
        },
      }),
      exactly,
      [
        "its commit message links a run of another repository: https://evil.example/acme/root-access/actions/runs/77",
      ],
    ],
    [
      "a run link that is not a run",
      ours({ message: driftCommitMessage(plan, `${PREFIX}77/../../../settings`, paths) }),
      exactly,
      [`its commit message links a run of another repository: ${PREFIX}77/../../../settings`],
    ],
    [
      "a run link where rootward runs outside Actions",
      ours(),
      { ...exactly, runUrlPrefix: undefined },
      [`its commit message links a run of another repository: ${RUN}`],
    ],
    [
      "an extra key in the plan",
      ours({
        plan: { mode: "100644", content: renderPlanJson({ ...plan, note: "approved" } as typeof plan) },
      }),
      exactly,
      ["drift/plan.json is not written the way rootward writes plans"],
    ],
    [
      "the plan reformatted",
      ours({ plan: { mode: "100644", content: JSON.stringify(plan) } }),
      exactly,
      ["drift/plan.json is not written the way rootward writes plans"],
    ],
    [
      "a report without its plan",
      ours({ plan: undefined, changedFiles: ["drift/REPORT.md"] }),
      exactly,
      ["drift/plan.json is missing"],
    ],
    [
      "an executable report",
      ours({ report: { mode: "100755", content: driftReportFile(plan, { runUrl: RUN, paths }) } }),
      exactly,
      ["drift/REPORT.md is not a regular file: mode 100755"],
    ],
    [
      "a file name with a newline",
      ours({ changedFiles: ["drift/plan.json", "a\n::error::x"] }),
      exactly,
      ["its commit changes files other than drift/REPORT.md and drift/plan.json: a ::error::x"],
    ],
    [
      "the files of a named organization on the one-organization branch",
      ours({
        changedFiles: ["drift/prod/REPORT.md", "drift/prod/plan.json"],
        plan: undefined,
        report: undefined,
      }),
      exactly,
      [
        "its commit changes files other than drift/REPORT.md and drift/plan.json: drift/prod/REPORT.md, drift/prod/plan.json",
        "drift/plan.json is missing",
        "drift/REPORT.md is missing",
      ],
    ],
    [
      "another organization's drift files on this organization's branch",
      ours(),
      { ...exactly, paths: driftPaths("prod") },
      [
        "its commit changes files other than drift/prod/REPORT.md and drift/prod/plan.json: drift/REPORT.md, drift/plan.json",
        // The title and the report name the organization they are for.
        "its commit message is not the one rootward writes",
        "drift/prod/REPORT.md is not the report rootward renders from drift/prod/plan.json",
      ],
    ],
  ])("%s", (_name, branch, expectation, problems) => {
    const verdict = judgeDriftBranch(branch, expectation);
    if (problems.length === 0) expect(verdict.kind).toBe("own");
    else
      expect(verdict.kind === "foreign" ? verdict.problems.map(problemText) : verdict.kind).toEqual(problems);
  });
});
