import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { runCli } from "../../src/cli/program.js";
import type { Plan } from "../../src/plan/model.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { captureIo } from "../support/capture-io.js";
import { createGitRepos, type GitRepos } from "../support/git-repos.js";
import { type FakeGitHub, startFakeGitHub } from "../support/github-fake.js";
import type { Workflow } from "../support/workflow-check.js";
import { expand, type WorkflowJob, workflowJobs } from "../support/workflow-commands.js";

/**
 * Issue 15, end to end: `rootward init` writes a policy repository from live sandbox
 * organizations, it is committed to a real bare repository, a pull request tightens one
 * grandfathering exception, and the reusable plan workflow's commands (read from
 * .github/workflows/reusable-plan.yml, one matrix entry per organization the generated plan.yml
 * lists) plan it and post one comment through a local GitHub: exactly that change, in the
 * section of that organization.
 */
const NOW = new Date("2026-11-22T12:00:00Z");
const TOKEN = "ghs_policy_repo";
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Org = { name: string; sandbox: Sandbox };

async function setUp(): Promise<{ repos: GitRepos; github: FakeGitHub; temp: string }> {
  const repos = createGitRepos();
  cleanups.push(() => repos.remove());
  // A new, empty policy repository: init writes its README.
  repos.git(repos.work, "rm", "--quiet", "README.md");
  repos.git(repos.work, "commit", "--quiet", "-m", "Empty");
  const github = await startFakeGitHub({
    owner: "acme",
    repo: "root-access",
    token: TOKEN,
    bareRepo: repos.bare,
    gitEnv: repos.env,
  });
  cleanups.push(() => github.close());
  const temp = join(repos.root, "runner-temp");
  mkdirSync(temp, { recursive: true });
  return { repos, github, temp };
}

async function sandboxFor(options: Parameters<typeof startSandbox>[0] = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ now: () => NOW, ...options });
  cleanups.push(() => sandbox.stop());
  return sandbox;
}

async function cli(cwd: string, argv: string[], env: Record<string, string>) {
  const captured = captureIo(cwd, NOW);
  const code = await runCli(argv, {
    ...captured.io,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
  });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function reusableJob(name: string): WorkflowJob {
  const found = workflowJobs("reusable-plan.yml").find((entry) => entry.job === name);
  if (!found) throw new Error(`no job ${name}`);
  return found;
}

/** Runs one job's rootward commands in the checkout, honouring the `>` and `>>` redirections. */
async function runJob(job: WorkflowJob, cwd: string, env: Record<string, string>): Promise<void> {
  for (const invocation of job.invocations) {
    const argv = invocation.words.map((word) => expand(word, env));
    const run = await cli(cwd, argv, env);
    // `if ! rootward audit …; then` tolerates accounts that could not be audited (exit 1), as the
    // workflow does; any other command must succeed.
    const allowed = invocation.line.startsWith("if ! ") ? [0, 1] : [0];
    expect(allowed, `${invocation.line}\n${run.stderr}`).toContain(run.code);
    if (invocation.redirect) {
      const target = expand(invocation.redirect.target, env);
      if (invocation.redirect.append) writeFileSync(target, run.stdout, { flag: "a" });
      else writeFileSync(target, run.stdout);
    }
  }
}

/**
 * The generated plan.yml's matrix, as GitHub hands it to reusable-plan.yml: one plan job per
 * organization (its own endpoint standing in for its own role), then the comment job.
 */
async function planPullRequest(
  repos: GitRepos,
  github: FakeGitHub,
  temp: string,
  pull: number,
  organizations: Org[],
): Promise<Map<string, Plan>> {
  const caller = parse(readFileSync(join(repos.work, ".github/workflows/plan.yml"), "utf8")) as Workflow;
  const input = String(caller.jobs.plan?.with?.organizations);
  const matrix = JSON.parse(input.replace(/\$\{\{[^}]*\}\}/g, "arn:aws:iam::999999999999:role/x")) as Array<{
    name: string;
    directory: string;
  }>;
  expect(matrix.map((entry) => entry.name)).toEqual(organizations.map((org) => org.name));
  const event = join(temp, "event.json");
  writeFileSync(event, JSON.stringify({ pull_request: { number: pull } }));
  const base = {
    ...repos.env,
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: "acme/root-access",
    GITHUB_API_URL: github.apiUrl,
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: event,
    ORGANIZATIONS: input,
  };
  const plans = new Map<string, Plan>();
  for (const entry of matrix) {
    const org = organizations.find((candidate) => candidate.name === entry.name);
    if (!org) throw new Error(`no sandbox for ${entry.name}`);
    // Each matrix job has its own runner: its own RUNNER_TEMP.
    const runnerTemp = join(temp, entry.name);
    mkdirSync(join(runnerTemp, "plan"), { recursive: true });
    const env = {
      ...base,
      ...org.sandbox.env(),
      RUNNER_TEMP: runnerTemp,
      GITHUB_STEP_SUMMARY: join(runnerTemp, "summary.md"),
      DIRECTORY: entry.directory,
    };
    await runJob(reusableJob("validate"), repos.work, env);
    await runJob(reusableJob("plan"), repos.work, env);
    // upload-artifact plan-NAME, then download-artifact pattern plan-* in the comment job.
    cpSync(join(runnerTemp, "plan"), join(temp, "comment", "plans", `plan-${entry.name}`), {
      recursive: true,
    });
    plans.set(entry.name, JSON.parse(readFileSync(join(runnerTemp, "plan/plan.json"), "utf8")) as Plan);
  }
  await runJob(reusableJob("comment"), repos.work, { ...base, RUNNER_TEMP: join(temp, "comment") });
  return plans;
}

/** Removes the first grandfathering exception: its accounts fall back to the baseline (absent). */
function tightenFirstException(file: string): { name: string; accounts: string[] } {
  const document = parseDocument(readFileSync(file, "utf8"));
  const exceptions = document.get("exceptions") as { items: unknown[] };
  const first = document.getIn(["exceptions", 0]) as { toJSON(): { name: string; accounts: string[] } };
  const removed = first.toJSON();
  exceptions.items.splice(0, 1);
  writeFileSync(file, document.toString({ lineWidth: 0 }));
  return removed;
}

function accountActions(plan: Plan): string[] {
  return plan.actions.flatMap((action) => ("accountId" in action ? [action.accountId] : []));
}

describe("a policy repository from rootward init, end to end", () => {
  it("two organizations: init each, a pull request tightens one exception, one comment shows exactly that, per organization", async () => {
    const { repos, github, temp } = await setUp();
    const prod: Org = { name: "prod", sandbox: await sandboxFor() };
    const sandbox: Org = { name: "sandbox", sandbox: await sandboxFor({ accounts: 60, seed: 3 }) };

    // prod: live, through the same audit as `rootward audit`; sandbox: from a saved audit.
    const live = await cli(
      repos.work,
      [
        "init",
        ".",
        "--organization",
        "prod",
        "--owner",
        "@acme/security",
        "--rootward-ref",
        COMMIT,
        "--quiet",
      ],
      prod.sandbox.env(),
    );
    expect(live.code, live.stderr).toBe(0);
    const audited = await cli(
      repos.work,
      ["audit", "--out", join(temp, "sandbox-audit.json"), "--quiet"],
      sandbox.sandbox.env(),
    );
    // The generated organization is realistic: an SCP breaks root sessions in one small OU, so the
    // audit names that account failed (exit 1) and still writes the snapshot; init warns about it.
    expect(audited.code, audited.stderr).toBe(1);
    expect(audited.stderr).toMatch(/61 accounts: .*1 failed/);
    const args = [
      "init",
      ".",
      "--organization",
      "sandbox",
      "--owner",
      "@acme/security",
      "--rootward-ref",
      COMMIT,
    ];
    // Adding an organization rewrites the workflows, which init refuses without --force.
    const refused = await cli(repos.work, [...args, "--from-audit", join(temp, "sandbox-audit.json")], {});
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refusing to overwrite .github/workflows/plan.yml");
    expect(existsSync(join(repos.work, "desired-state/sandbox"))).toBe(false);
    const added = await cli(
      repos.work,
      [...args, "--from-audit", join(temp, "sandbox-audit.json"), "--force"],
      {},
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("unchanged  .gitignore");

    repos.commitToMain({}, "rootward init");
    for (const org of [prod, sandbox]) {
      const plan = await cli(
        repos.work,
        ["plan", "--desired-state", `desired-state/${org.name}`, "--detailed-exitcode", "--quiet"],
        org.sandbox.env(),
      );
      expect(plan.code, `${org.name}: ${plan.stdout}${plan.stderr}`).toBe(0);
    }

    repos.git(repos.work, "checkout", "--quiet", "-b", "tighten-prod");
    const removed = tightenFirstException(join(repos.work, "desired-state/prod/policy.yaml"));
    repos.git(repos.work, "commit", "--quiet", "-am", `Stop grandfathering ${removed.name}`);
    repos.git(repos.work, "push", "--quiet", "origin", "HEAD:refs/heads/tighten-prod");
    const pull = github.seedPull("tighten-prod");

    const plans = await planPullRequest(repos, github, temp, pull, [prod, sandbox]);

    const prodPlan = plans.get("prod");
    expect(new Set(accountActions(prodPlan as Plan))).toEqual(new Set(removed.accounts));
    expect(prodPlan?.actions.filter((action) => !("accountId" in action))).toEqual([]);
    expect(plans.get("sandbox")?.actions).toEqual([]);
    const comments = github.comments.filter((comment) => comment.issue === pull);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? "";
    expect(body).toContain("# rootward plan: 2 organizations");
    const [, prodSection = "", sandboxSection = ""] = body.split(/^## Organization /m);
    expect(prodSection.startsWith("`prod`")).toBe(true);
    expect(sandboxSection.startsWith("`sandbox`")).toBe(true);
    for (const account of removed.accounts) {
      expect(prodSection).toContain(account);
      expect(sandboxSection).not.toContain(account);
    }
    expect(sandboxSection).toContain("No changes");
    expect(prodSection).not.toContain("No changes");
    expect(github.unexpected).toEqual([]);
  }, 60_000);

  it("one organization: init, a pull request tightening one exception, the single-plan comment shows exactly that", async () => {
    const { repos, github, temp } = await setUp();
    const org: Org = { name: "default", sandbox: await sandboxFor() };
    const init = await cli(
      repos.work,
      ["init", ".", "--owner", "@acme/security", "--rootward-ref", COMMIT, "--quiet"],
      org.sandbox.env(),
    );
    expect(init.code, init.stderr).toBe(0);
    // A second init into the same repository refuses to overwrite what the first wrote.
    const again = await cli(
      repos.work,
      ["init", ".", "--owner", "@acme/other", "--rootward-ref", COMMIT, "--quiet"],
      org.sandbox.env(),
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("refusing to overwrite");
    expect(again.stderr).toContain("--force");
    repos.commitToMain({}, "rootward init");
    repos.git(repos.work, "checkout", "--quiet", "-b", "tighten");
    const removed = tightenFirstException(join(repos.work, "desired-state/policy.yaml"));
    repos.git(repos.work, "commit", "--quiet", "-am", "tighten");
    const pull = github.seedPull("tighten");

    const plans = await planPullRequest(repos, github, temp, pull, [org]);

    expect(new Set(accountActions(plans.get("default") as Plan))).toEqual(new Set(removed.accounts));
    const [comment] = github.comments.filter((entry) => entry.issue === pull);
    expect(comment?.body).toContain("### rootward plan for");
    expect(comment?.body).not.toContain("## Organization");
    for (const account of removed.accounts) expect(comment?.body).toContain(account);
  }, 60_000);
});
