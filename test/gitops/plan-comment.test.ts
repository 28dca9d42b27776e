import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prCommentCommand } from "../../src/cli/commands/pr-comment.js";
import { runCli } from "../../src/cli/program.js";
import { connector } from "../../src/gitops/connect.js";
import { parseMarker } from "../../src/gitops/marker.js";
import type { Plan } from "../../src/plan/model.js";
import { renderPlanJson } from "../../src/report/plan-json.js";
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from "../../src/report/plan-markdown.js";
import { captureIo } from "../support/capture-io.js";
import { type FakeGitHub, startFakeGitHub } from "../support/github-fake.js";
import { driftPlan, hugePlan, richPlan } from "../support/gitops-plans.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const TOKEN = "ghs_test_token";
const connect = connector({ userAgent: "rootward-test", throttle: false, retries: 0 });

let github: FakeGitHub;
let dir: string;

beforeEach(async () => {
  github = await startFakeGitHub({ owner: "acme", repo: "root-access", token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), "rootward-pr-comment-"));
});

afterEach(async () => {
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: "acme/root-access",
    GITHUB_API_URL: github.apiUrl,
    ...extra,
  };
}

function writePlan(plan: Plan, name = "plan.json"): string {
  writeFileSync(join(dir, name), renderPlanJson(plan));
  return name;
}

async function comment(
  plan: Plan,
  options: { pr?: number; applyReport?: string; env?: Record<string, string> } = {},
) {
  const captured = captureIo(dir, NOW);
  const code = await prCommentCommand(
    { plan: writePlan(plan), pr: options.pr, applyReport: options.applyReport },
    { ...captured.io, env: options.env ?? env() },
    connect,
  );
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function ownComments(issue: number) {
  return github.comments.filter((entry) => entry.issue === issue && parseMarker(entry.body, "plan"));
}

describe("rootward pr-comment (real octokit against a local GitHub)", () => {
  it("creates the comment, leaves it alone for the same plan, and edits it in place for a new one", async () => {
    const pr = github.seedPull("feature/exceptions");
    github.addHumanComment(pr, "Please review the billing exception");

    const first = await comment(richPlan(), { pr });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/plan comment on #1 created \(comment \d+\)/);
    const [created] = ownComments(pr);
    expect(created?.body).toContain("### rootward plan for `o-test123456`");
    expect(parseMarker(created?.body, "plan")?.fields.fingerprint).toBe(richPlan().fingerprint);

    const writesBefore = github.writes().length;
    const second = await comment(richPlan(), { pr });
    expect(second.stdout).toContain("unchanged");
    expect(github.writes().length).toBe(writesBefore);

    const third = await comment(driftPlan("changed"), { pr });
    expect(third.stdout).toContain("updated");
    expect(ownComments(pr)).toHaveLength(1);
    expect(ownComments(pr)[0]?.id).toBe(created?.id);
    expect(ownComments(pr)[0]?.body).toContain(driftPlan("changed").fingerprint.slice(0, 12));
    expect(github.comments.find((entry) => entry.user === "octocat")?.body).toBe(
      "Please review the billing exception",
    );
    expect(github.writes().map((request) => request.method)).toEqual(["POST", "PATCH"]);
    expect(github.unexpected).toEqual([]);
  });

  it("leaves exactly one comment after many runs, removing duplicates of racing runs, across pages", async () => {
    const pr = github.seedPull("feature/many");
    for (let index = 0; index < 150; index++) github.addHumanComment(pr, `comment ${index}`);
    const plans = [richPlan(), driftPlan("drift"), driftPlan("drift"), driftPlan("converged"), richPlan()];
    for (const plan of plans) expect((await comment(plan, { pr })).code).toBe(0);
    expect(ownComments(pr)).toHaveLength(1);

    // Two runs that raced both created a comment: the next run keeps the oldest.
    const keep = ownComments(pr)[0];
    github.comments.push({ ...(keep ?? { issue: pr, user: "github-actions[bot]", body: "" }), id: 99_999 });
    const result = await comment(richPlan(), { pr });
    expect(result.stdout).toContain("removed 1 duplicate(s)");
    expect(ownComments(pr).map((entry) => entry.id)).toEqual([keep?.id]);
    expect(github.comments.filter((entry) => entry.user === "octocat")).toHaveLength(150);
    // 150 people's comments + rootward's: the listing needed a second page via the Link header.
    expect(
      github.requests.some(
        (request) => request.path.endsWith(`/issues/${pr}/comments`) && request.query.includes("page=2"),
      ),
    ).toBe(true);
    expect(github.unexpected).toEqual([]);
  });

  it("degrades a plan too big for one GitHub comment and still posts it", async () => {
    const big = hugePlan(1_500);
    expect(renderPlanMarkdown(big, { maxLength: Number.MAX_SAFE_INTEGER }).length).toBeGreaterThan(
      GITHUB_COMMENT_LIMIT,
    );
    const pr = github.seedPull("feature/huge");
    const result = await comment(big, {
      pr,
      env: env({ GITHUB_RUN_ID: "4242", GITHUB_SERVER_URL: "https://github.com" }),
    });
    expect(result.code).toBe(0);
    const [posted] = ownComments(pr);
    expect(posted?.body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(posted?.body).toContain("The plan is too long to show in full here.");
    expect(posted?.body).toContain("[this run](https://github.com/acme/root-access/actions/runs/4242)");
    expect(posted?.body).toContain("…and ");
    expect(posted?.body).not.toContain("AKIA100000000000AAAA");
  });

  it("finds the pull request in the event payload, and the run link goes in the footer", async () => {
    const pr = github.seedPull("feature/event");
    const eventPath = join(dir, "event.json");
    writeFileSync(eventPath, JSON.stringify({ action: "synchronize", pull_request: { number: pr } }));
    const result = await comment(richPlan(), {
      env: env({ GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: eventPath, GITHUB_RUN_ID: "77" }),
    });
    expect(result.stdout).toContain(`#${pr} created`);
    expect(ownComments(pr)[0]?.body).toContain(
      "[workflow run](https://github.com/acme/root-access/actions/runs/77)",
    );
  });

  it("after a merge, posts the apply result once on the merged pull request", async () => {
    const pr = github.seedPull("feature/merged");
    const sha = "a".repeat(40);
    github.mergePull(pr, sha);
    const report = join(dir, "apply.md");
    writeFileSync(report, "| Account | Outcome |\n| --- | --- |\n| `222222222222` | applied |\n");
    const pushEnv = env({ GITHUB_EVENT_NAME: "push", GITHUB_SHA: sha });
    const plan = driftPlan("drift");
    expect((await comment(plan, { applyReport: "apply.md", env: pushEnv })).stdout).toContain(
      `apply comment on #${pr} created`,
    );
    expect((await comment(plan, { applyReport: "apply.md", env: pushEnv })).stdout).toContain("unchanged");
    const applied = github.comments.filter((entry) => parseMarker(entry.body, "apply"));
    expect(applied).toHaveLength(1);
    expect(applied[0]?.body).toContain("### rootward apply");
    expect(applied[0]?.body).toContain("`222222222222` | applied");
    expect(ownComments(pr)).toHaveLength(0);
  });

  it("does nothing, successfully, when the run has no pull request", async () => {
    const result = await comment(richPlan(), {
      env: env({ GITHUB_EVENT_NAME: "push", GITHUB_SHA: "b".repeat(40) }),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("no pull request for this run");
    expect(github.writes()).toEqual([]);
  });

  it("reports a bad token as a user error through the CLI", async () => {
    const pr = github.seedPull("feature/token");
    const captured = captureIo(dir, NOW);
    const code = await runCli(["pr-comment", "--plan", writePlan(richPlan()), "--pr", String(pr)], {
      ...captured.io,
      env: env({ GITHUB_TOKEN: "wrong" }),
    });
    expect(code).toBe(1);
    expect(captured.stderr()).toContain("GitHub refused to identify the token (GET /user) (HTTP 401)");
    expect(captured.stderr()).toContain("hint: set GITHUB_TOKEN");
    const missing = captureIo(dir, NOW);
    expect(await runCli(["pr-comment", "--plan", "plan.json"], { ...missing.io, env: {} })).toBe(1);
    expect(missing.stderr()).toContain("GITHUB_TOKEN is not set");
  });
});
