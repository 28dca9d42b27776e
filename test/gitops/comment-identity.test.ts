import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { prCommentCommand } from "../../src/cli/commands/pr-comment.js";
import { runCli } from "../../src/cli/program.js";
import { toolVersion } from "../../src/cli/version.js";
import { connector } from "../../src/gitops/connect.js";
import { ACTIONS_BOT_LOGIN, type GitHubIdentity } from "../../src/gitops/identity.js";
import { formatMarker, parseMarker } from "../../src/gitops/marker.js";
import { planComment } from "../../src/gitops/plan-comment.js";
import type { Plan } from "../../src/plan/model.js";
import { renderPlanJson } from "../../src/report/plan-json.js";
import { captureIo } from "../support/capture-io.js";
import { type FakeGitHub, type FakeGitHubOptions, startFakeGitHub } from "../support/github-fake.js";
import { driftPlan, richPlan } from "../support/gitops-plans.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const TOKEN = "ghs_identity_token";
const BOT: GitHubIdentity = { login: ACTIONS_BOT_LOGIN, source: "github-token" };
const connect = connector({ userAgent: "rootward-test", throttle: false, retries: 0 });

let github: FakeGitHub | undefined;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rootward-identity-"));
});

afterEach(async () => {
  await github?.close();
  github = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Partial<FakeGitHubOptions> = {}): Promise<FakeGitHub> {
  github = await startFakeGitHub({ owner: "acme", repo: "root-access", token: TOKEN, ...options });
  return github;
}

function env(fake: FakeGitHub, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: "acme/root-access",
    GITHUB_API_URL: fake.apiUrl,
    ...extra,
  };
}

async function comment(fake: FakeGitHub, plan: Plan, pr: number, extraEnv: Record<string, string> = {}) {
  writeFileSync(join(dir, "plan.json"), renderPlanJson(plan));
  const captured = captureIo(dir, NOW);
  const code = await prCommentCommand(
    { plan: "plan.json", pr },
    { ...captured.io, env: env(fake, extraEnv) },
    connect,
  );
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function markerComments(fake: FakeGitHub, issue: number) {
  return fake.comments.filter((entry) => entry.issue === issue && parseMarker(entry.body, "plan"));
}

describe("pr-comment edits only what its own identity wrote", () => {
  it("with GITHUB_TOKEN: another user's comment carrying the marker is never edited or deleted", async () => {
    const fake = await start();
    const pr = fake.seedPull("feature/exceptions");
    // Someone pastes what looks like rootward's comment for the very plan of this run, before it runs.
    const wanted = planComment(richPlan(), { toolVersion, identity: BOT });
    const pasted = `${formatMarker(wanted.marker)}\n${wanted.body.replace("### rootward plan", "### rootward plan (trust me)")}`;
    fake.addHumanComment(pr, pasted, "mallory");
    const malloryId = fake.comments[0]?.id;

    const first = await comment(fake, richPlan(), pr);
    expect(first.stdout).toContain("created");
    fake.addHumanComment(pr, pasted, "mallory");
    const second = await comment(fake, richPlan(), pr);
    expect(second.stdout).toContain("unchanged");
    expect(second.stdout).not.toContain("removed");
    const third = await comment(fake, driftPlan("changed"), pr);
    expect(third.stdout).toContain("updated");

    const byAuthor = markerComments(fake, pr).map((entry) => [entry.user, entry.body === pasted]);
    expect(byAuthor).toEqual([
      ["mallory", true],
      ["github-actions[bot]", false],
      ["mallory", true],
    ]);
    expect(markerComments(fake, pr)[0]?.id).toBe(malloryId);
    const touched = fake
      .writes()
      .filter((request) => request.method === "PATCH" || request.method === "DELETE")
      .map((request) => request.path);
    const rootwardsId = markerComments(fake, pr)[1]?.id;
    expect(touched).toEqual([`/api/v3/repos/acme/root-access/issues/comments/${rootwardsId}`]);
    // GITHUB_TOKEN cannot read /user: asked once per run, and github-actions[bot] assumed.
    expect(fake.requests.filter((request) => request.path === "/api/v3/user")).toHaveLength(3);
    expect(fake.unexpected).toEqual([]);
  });

  it("with a personal token: its own login, so github-actions[bot]'s marker comments are left alone", async () => {
    const fake = await start({ login: "rootward-bot" });
    const pr = fake.seedPull("feature/pat");
    const first = await comment(fake, richPlan(), pr);
    expect(first.stdout).toContain("created");
    const bots = fake.comments[0];
    if (!bots) throw new Error("no comment");
    bots.user = "github-actions[bot]";

    expect((await comment(fake, richPlan(), pr)).stdout).toContain("created");
    expect((await comment(fake, driftPlan("drift"), pr)).stdout).toContain("updated");
    expect(markerComments(fake, pr).map((entry) => entry.user)).toEqual([
      "github-actions[bot]",
      "rootward-bot",
    ]);
    expect(parseMarker(markerComments(fake, pr)[0]?.body, "plan")?.fields.fingerprint).toBe(
      richPlan().fingerprint,
    );
  });

  it("with a GitHub App token: ROOTWARD_COMMENT_AUTHOR names the app; without it the app's comments are not claimed", async () => {
    const fake = await start({ author: "rootward-app[bot]" });
    const pr = fake.seedPull("feature/app");
    const app = { ROOTWARD_COMMENT_AUTHOR: "rootward-app[bot]" };
    expect((await comment(fake, richPlan(), pr, app)).stdout).toContain("created");
    const writes = fake.writes().length;
    expect((await comment(fake, richPlan(), pr, app)).stdout).toContain("unchanged");
    expect(fake.writes().length).toBe(writes);
    // The override is the only way to know an installation token's login: without it rootward
    // believes it is github-actions[bot] and posts anew rather than edit what it cannot prove is its own.
    expect((await comment(fake, richPlan(), pr)).stdout).toContain("created");
    expect(markerComments(fake, pr)).toHaveLength(2);
    expect(fake.writes().filter((request) => request.method !== "POST")).toEqual([]);
  });

  it("refuses an override that is not a GitHub login, through the CLI flag", async () => {
    const fake = await start();
    const pr = fake.seedPull("feature/flag");
    writeFileSync(join(dir, "plan.json"), renderPlanJson(richPlan()));
    const captured = captureIo(dir, NOW);
    const code = await runCli(
      ["pr-comment", "--plan", "plan.json", "--pr", String(pr), "--comment-author", "@acme/security team"],
      { ...captured.io, env: env(fake) },
    );
    expect(code).toBe(1);
    expect(captured.stderr()).toContain('Error: "@acme/security team" is not a GitHub login');
    expect(captured.stderr()).toContain("hint: pass the login rootward's token writes as");
    expect(fake.writes()).toEqual([]);
  });
});
