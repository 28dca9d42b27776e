import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { driftCommand } from "../../src/cli/commands/drift.js";
import { prCommentCommand } from "../../src/cli/commands/pr-comment.js";
import { runCli } from "../../src/cli/program.js";
import { connector } from "../../src/gitops/connect.js";
import { parseMarker } from "../../src/gitops/marker.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { captureIo } from "../support/capture-io.js";
import { copyExampleDesiredState, createGitRepos, type GitRepos } from "../support/git-repos.js";
import { type FakeGitHub, startFakeGitHubFor } from "../support/github-fake.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const TOKEN = "ghs_e2e_token";
const connect = connector({ userAgent: "rootward-test", throttle: false, retries: 0 });

let sandbox: Sandbox;
let repos: GitRepos;
let github: FakeGitHub;

beforeEach(async () => {
  sandbox = await startSandbox();
  repos = createGitRepos();
  // The template repository's own desired state describes the sandbox's example organization.
  copyExampleDesiredState(repos);
  repos.commitToMain({}, "Desired state");
  github = await startFakeGitHubFor(repos, TOKEN);
});

afterEach(async () => {
  await github.close();
  await sandbox.stop();
  repos.remove();
});

function io(extraEnv: Record<string, string> = {}) {
  const captured = captureIo(repos.work, NOW);
  return {
    captured,
    io: {
      ...captured.io,
      env: {
        ...repos.env,
        ...sandbox.env(),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: "acme/root-access",
        GITHUB_API_URL: github.apiUrl,
        ...extraEnv,
      },
    },
  };
}

describe("plan → pr-comment → drift against the sandbox and a local GitHub", () => {
  it("twice leaves exactly one plan comment and one drift pull request with the current report", async () => {
    const pr = github.seedPull("change-exceptions");
    const planFile = join(repos.root, "plan.json");
    for (let run = 1; run <= 2; run++) {
      const planning = io();
      const planned = await runCli(["plan", "--out", planFile, "--quiet", "--format", "json"], planning.io);
      expect(planned, planning.captured.stderr()).toBe(0);
      const commenting = io();
      expect(await prCommentCommand({ plan: planFile, pr }, commenting.io, connect)).toBe(0);
      expect(commenting.captured.stdout()).toContain(run === 1 ? "created" : "unchanged");
      const drifting = io();
      const driftCode = await driftCommand(
        { plan: planFile, desiredState: "desired-state", remote: "origin" },
        drifting.io,
        connect,
      );
      expect(driftCode, drifting.captured.stderr()).toBe(0);
      expect(drifting.captured.stdout()).toContain(run === 1 ? "created" : "unchanged");
    }
    const plan = JSON.parse(readFileSync(planFile, "utf8")) as { fingerprint: string; actions: unknown[] };
    expect(plan.actions.length).toBeGreaterThan(0);

    const comments = github.comments.filter((comment) => parseMarker(comment.body, "plan"));
    expect(comments).toHaveLength(1);
    expect(parseMarker(comments[0]?.body, "plan")?.fields.fingerprint).toBe(plan.fingerprint);
    expect(comments[0]?.body).toContain("### rootward plan for `o-acme1234567`");

    const drift = github.pulls.filter((pull) => pull.head === "rootward/drift");
    expect(drift).toHaveLength(1);
    expect(drift[0]?.state).toBe("open");
    expect(parseMarker(drift[0]?.body, "drift")?.fields.fingerprint).toBe(plan.fingerprint);
    expect(JSON.parse(repos.show("rootward/drift", "drift/plan.json")).fingerprint).toBe(plan.fingerprint);
    expect(repos.show("rootward/drift", "drift/REPORT.md")).toContain(
      "### rootward plan for `o-acme1234567`",
    );
    expect(github.unexpected).toEqual([]);
  });

  it("merging the drift pull request applies a fresh plan bounded by drift/plan.json; the result lands on that pull request", async () => {
    const planFile = join(repos.root, "plan.json");
    const first = io();
    expect(await runCli(["plan", "--out", planFile, "--quiet", "--format", "json"], first.io)).toBe(0);
    expect(
      await driftCommand(
        { plan: planFile, desiredState: "desired-state", remote: "origin" },
        io().io,
        connect,
      ),
    ).toBe(0);
    const [pull] = github.pulls;
    if (!pull) throw new Error("no drift pull request");

    // A person merges it (fast-forward), and the apply workflow runs on main.
    const merged = repos.git(repos.bare, "rev-parse", "refs/heads/rootward/drift");
    repos.git(repos.bare, "update-ref", "refs/heads/main", merged);
    github.mergePull(pull.number, merged);
    repos.git(repos.work, "pull", "--quiet", "--ff-only", "origin", "main");
    // apply.yml job 1: a fresh plan bounded by the merged drift/plan.json, shown from the artifact.
    const applyPlan = join(repos.root, "apply-plan.json");
    const bounding = io();
    expect(
      await runCli(
        ["plan", "--quiet", "--bounded-by", "drift/plan.json", "--out", applyPlan, "--format", "json"],
        bounding.io,
      ),
      bounding.captured.stderr(),
    ).toBe(0);
    const bounded = JSON.parse(readFileSync(applyPlan, "utf8")) as {
      actions: unknown[];
      bound: { excluded: unknown[]; notReviewed: unknown[] };
    };
    const reviewed = JSON.parse(readFileSync(join(repos.work, "drift/plan.json"), "utf8")) as {
      actions: unknown[];
    };
    expect(bounded.actions).toEqual(reviewed.actions);
    expect(bounded.bound).toMatchObject({ excluded: [], notReviewed: [] });
    const showing = io();
    expect(await runCli(["show", applyPlan, "--format", "markdown"], showing.io)).toBe(0);
    expect(showing.captured.stdout()).toContain("#### Bounded by the reviewed drift plan");

    // Job 2: exactly that artifact.
    const applying = io();
    const report = join(repos.root, "apply.md");
    const applied = await runCli(
      [
        "apply",
        applyPlan,
        "--auto-approve",
        "--quiet",
        "--max-actions",
        "500",
        "--journal",
        join(repos.root, "journal.jsonl"),
        "--format",
        "markdown",
      ],
      applying.io,
    );
    expect(applying.captured.stderr()).toBe("");
    writeFileSync(report, applying.captured.stdout());
    const posting = io({ GITHUB_EVENT_NAME: "push", GITHUB_SHA: merged });
    expect(await prCommentCommand({ plan: applyPlan, applyReport: report }, posting.io, connect)).toBe(0);
    expect(posting.captured.stdout()).toContain(`apply comment on #${pull.number} created`);

    // The next scheduled run sees what apply left; what it fixed is no longer drift.
    const again = io();
    expect(await runCli(["plan", "--out", planFile, "--quiet", "--format", "json"], again.io)).toBe(0);
    const after = JSON.parse(readFileSync(planFile, "utf8")) as { actions: unknown[] };
    const before = JSON.parse(repos.show("main", "drift/plan.json")) as { actions: unknown[] };
    const drifting = io();
    expect(
      await driftCommand(
        { plan: planFile, desiredState: "desired-state", remote: "origin" },
        drifting.io,
        connect,
      ),
    ).toBe(0);
    expect(applied).toBe(0);
    expect(before.actions.length).toBeGreaterThan(0);
    expect(after.actions).toEqual([]);
    expect(drifting.captured.stdout()).toContain("unchanged: the organization matches the desired state");
    expect(github.pulls.filter((entry) => entry.state === "open")).toEqual([]);
    expect(github.comments.filter((comment) => parseMarker(comment.body, "apply"))).toHaveLength(1);
    expect(github.unexpected).toEqual([]);
  });
});
