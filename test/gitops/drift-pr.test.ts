import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { driftCommand } from "../../src/cli/commands/drift.js";
import { connector } from "../../src/gitops/connect.js";
import { parseMarker } from "../../src/gitops/marker.js";
import type { Plan } from "../../src/plan/model.js";
import { plan as makePlan } from "../../src/plan/plan.js";
import { renderPlanJson } from "../../src/report/plan-json.js";
import { desiredFrom, NOW, snapshot } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { createGitRepos, type GitRepos } from "../support/git-repos.js";
import { type FakeGitHub, startFakeGitHubFor } from "../support/github-fake.js";
import { DESIRED_FILES, driftPlan } from "../support/gitops-plans.js";

const TOKEN = "ghs_drift_token";
const connect = connector({ userAgent: "rootward-test", throttle: false, retries: 0 });

let repos: GitRepos;
let github: FakeGitHub;

beforeEach(async () => {
  repos = createGitRepos();
  repos.commitToMain(DESIRED_FILES, "Desired state");
  github = await startFakeGitHubFor(repos, TOKEN);
});

afterEach(async () => {
  await github.close();
  repos.remove();
});

async function drift(plan: Plan, extraEnv: Record<string, string> = {}, omit: string[] = []) {
  // The plan file sits outside the checkout, as a workflow's would be ignored by git anyway.
  const planFile = join(repos.root, "plan.json");
  writeFileSync(planFile, renderPlanJson(plan));
  const captured = captureIo(repos.work, NOW);
  const code = await driftCommand(
    { plan: planFile, desiredState: "desired-state", remote: "origin" },
    {
      ...captured.io,
      env: {
        ...Object.fromEntries(Object.entries(repos.env).filter(([name]) => !omit.includes(name))),
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: "acme/root-access",
        GITHUB_API_URL: github.apiUrl,
        ...extraEnv,
      },
    },
    connect,
  );
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function openPulls() {
  return github.pulls.filter((pull) => pull.state === "open");
}

describe("rootward drift (real octokit, real git against a bare origin)", () => {
  it("creates, leaves alone, updates in place, closes on convergence, and respects a person's close", async () => {
    const mainBefore = repos.git(repos.bare, "rev-parse", "refs/heads/main");

    // 1. Drift: one pull request, one commit on rootward/drift on top of main.
    const first = await drift(driftPlan("drift"));
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/drift pull request #1 \(.*\/pull\/1\) created/);
    const [pull] = github.pulls;
    expect(pull?.title).toBe("rootward: drift in 2 accounts (3 to delete, 0 to create)");
    expect(pull?.base).toBe("main");
    expect(pull?.labels).toEqual(["rootward:drift", "rootward:deletes-credentials"]);
    expect(github.labels.get("rootward:deletes-credentials")?.color).toBe("b60205");
    expect(parseMarker(pull?.body, "drift")?.fields).toEqual({
      fingerprint: driftPlan("drift").fingerprint,
      desired: driftPlan("drift").desiredStateDigest,
    });
    expect(pull?.body).toContain("  - name: keep-root-222222222222");
    expect(pull?.body).toContain("    accessKeys: allowed");
    expect(JSON.parse(repos.show("rootward/drift", "drift/plan.json")).fingerprint).toBe(
      driftPlan("drift").fingerprint,
    );
    expect(repos.show("rootward/drift", "drift/REPORT.md")).toContain("## rootward drift report");
    expect(repos.git(repos.bare, "rev-parse", "rootward/drift^")).toBe(mainBefore);
    expect(repos.git(repos.bare, "rev-parse", "refs/heads/main")).toBe(mainBefore);
    expect(repos.git(repos.work, "status", "--porcelain")).toBe("");
    expect(repos.git(repos.work, "worktree", "list").split("\n")).toHaveLength(1);

    // 2. Same drift an hour later: nothing written anywhere.
    const commit = repos.git(repos.bare, "rev-parse", "refs/heads/rootward/drift");
    const writes = github.writes().length;
    const later = new Date(NOW.getTime() + 3_600_000);
    const second = await drift(driftPlan("drift", later));
    expect(second.stdout).toContain("#1");
    expect(second.stdout).toContain("unchanged: pull request #1 is up to date");
    expect(github.writes().length).toBe(writes);
    expect(repos.git(repos.bare, "rev-parse", "refs/heads/rootward/drift")).toBe(commit);

    // 3. The drift changes: the same pull request, a new commit, a person's label kept.
    if (pull) pull.labels.push("needs-security-review");
    const third = await drift(driftPlan("changed"));
    expect(third.stdout).toContain("#1");
    expect(third.stdout).toContain("updated");
    expect(github.pulls).toHaveLength(1);
    expect(pull?.title).toBe("rootward: drift in 2 accounts (2 to delete, 0 to create)");
    expect(pull?.labels).toEqual(["needs-security-review", "rootward:drift", "rootward:deletes-credentials"]);
    expect(repos.git(repos.bare, "rev-parse", "refs/heads/rootward/drift")).not.toBe(commit);
    expect(JSON.parse(repos.show("rootward/drift", "drift/plan.json")).fingerprint).toBe(
      driftPlan("changed").fingerprint,
    );
    expect(repos.git(repos.bare, "rev-list", "--count", "main..rootward/drift")).toBe("1");

    // 4. Converged: closed with a comment, branch deleted, marked as closed by rootward.
    const fourth = await drift(driftPlan("converged"));
    expect(fourth.stdout).toContain("closed");
    expect(pull?.state).toBe("closed");
    expect(repos.branchExists("rootward/drift")).toBe(false);
    expect(github.comments.filter((entry) => entry.issue === 1).map((entry) => entry.body)).toEqual([
      expect.stringContaining("matches the desired state again"),
    ]);
    expect(parseMarker(pull?.body, "drift")?.fields.closed).toBe("converged");
    expect((await drift(driftPlan("converged"))).stdout).toContain("unchanged: the organization matches");

    // 5. Drift comes back: a new pull request (rootward's own close never blocks).
    expect((await drift(driftPlan("drift"))).stdout).toContain("#2");
    expect(openPulls().map((entry) => entry.number)).toEqual([2]);

    // 6. A person closes it: the same drift never reopens it or opens another.
    github.closePull(2);
    const writesBeforeRespect = github.writes().length;
    const respected = await drift(driftPlan("drift"));
    expect(respected.stdout).toContain("was closed by a person; not reopening until the drift changes");
    expect(github.writes().length).toBe(writesBeforeRespect);
    expect(openPulls()).toEqual([]);

    // 7. ...until the drift changes.
    expect((await drift(driftPlan("changed"))).stdout).toContain("#3");
    expect(openPulls().map((entry) => entry.number)).toEqual([3]);
    expect(github.unexpected).toEqual([]);
  });

  it("rebuilds the branch on the latest main, and reports to the job summary and step outputs", async () => {
    await drift(driftPlan("drift"));
    const newMain = repos.commitToMain({ "docs/NOTES.md": "notes\n" }, "Unrelated change");
    const summary = join(repos.root, "summary.md");
    const output = join(repos.root, "output.txt");
    writeFileSync(summary, "");
    writeFileSync(output, "");
    const result = await drift(driftPlan("changed"), { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output });
    expect(result.code).toBe(0);
    expect(repos.git(repos.bare, "rev-parse", "rootward/drift^")).toBe(newMain);
    expect(readFileSync(summary, "utf8")).toMatch(/rootward: drift pull request #1 .* updated\./);
    expect(readFileSync(output, "utf8")).toBe("changes=true\nremediation=pull-request\npull-request=1\n");
  });

  it("commits as github-actions[bot] when git has no identity, as on a fresh runner", async () => {
    const identity = ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"];
    expect((await drift(driftPlan("drift"), {}, identity)).code).toBe(0);
    expect(repos.git(repos.bare, "log", "-1", "--format=%an <%ae> / %cn", "rootward/drift")).toBe(
      "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com> / github-actions[bot]",
    );
    expect((await drift(driftPlan("changed"))).code).toBe(0);
    expect(repos.git(repos.bare, "log", "-1", "--format=%an / %cn", "rootward/drift")).toBe(
      "Test Author / Test Committer",
    );
  });

  it("with remediation mode auto, opens nothing and tells the workflow to apply", async () => {
    const auto = `${DESIRED_FILES["desired-state/policy.yaml"]}remediation:\n  mode: auto\n`;
    repos.commitToMain({ "desired-state/policy.yaml": auto }, "Auto remediation");
    const desired = desiredFrom({ "desired-state/policy.yaml": auto }, NOW, "desired-state");
    const drifted = driftPlan("drift");
    const autoPlan = makePlan(
      desired,
      snapshot(
        drifted.accounts
          .filter((entry) => entry.live)
          .map((entry) => ({
            id: entry.accountId,
            name: entry.name,
            ouPath: entry.ouPath,
            ouIds: ["r-root", "ou-root-workload"],
            tags: {},
            state: "ACTIVE",
            status: "audited" as const,
            rootCredentials: entry.live,
          })),
      ),
      NOW,
    );
    const output = join(repos.root, "output.txt");
    writeFileSync(output, "");
    const result = await drift(autoPlan, { GITHUB_OUTPUT: output });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("remediation mode is auto");
    expect(readFileSync(output, "utf8")).toBe("changes=true\nremediation=auto\n");
    expect(github.requests).toEqual([]);
  });

  it("refuses a plan made from other desired-state files (apply would refuse it after the merge)", async () => {
    repos.commitToMain(
      { "desired-state/policy.yaml": `${DESIRED_FILES["desired-state/policy.yaml"]}# edited\n` },
      "Edit",
    );
    repos.git(repos.work, "checkout", "--quiet", "main");
    await expect(drift(driftPlan("drift"))).rejects.toThrow(/was not made from the desired-state files/);
    expect(github.requests).toEqual([]);
  });
});
