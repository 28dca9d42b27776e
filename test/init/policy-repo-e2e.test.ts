import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import { runCli } from "../../src/cli/program.js";
import type { Plan } from "../../src/plan/model.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { captureIo } from "../support/capture-io.js";
import { createGitRepos, type GitRepos } from "../support/git-repos.js";
import { type FakeGitHub, startFakeGitHubFor } from "../support/github-fake.js";
import { runWorkflowJob } from "../support/run-workflow-job.js";
import type { Workflow } from "../support/workflow-check.js";
import { type WorkflowJob, workflowJobs } from "../support/workflow-commands.js";

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
  const github = await startFakeGitHubFor(repos, TOKEN);
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

async function runJob(job: WorkflowJob, cwd: string, env: Record<string, string>): Promise<void> {
  await runWorkflowJob(job, cwd, env, NOW);
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
  const { input, entries: matrix } = callerMatrix(repos, "plan.yml", "plan");
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

/**
 * Two organizations in one policy repository, committed to main: prod (the example organization)
 * initialised live, sandbox (a generated organization of 61 accounts) from a saved audit.
 */
async function initTwoOrganizations(repos: GitRepos, temp: string): Promise<[Org, Org]> {
  const prod: Org = { name: "prod", sandbox: await sandboxFor() };
  const sandbox: Org = { name: "sandbox", sandbox: await sandboxFor({ accounts: 60, seed: 3 }) };

  // prod: live, through the same audit as `rootward audit`; sandbox: from a saved audit.
  const live = await cli(
    repos.work,
    ["init", ".", "--organization", "prod", "--owner", "@acme/security", "--rootward-ref", COMMIT, "--quiet"],
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
  return [prod, sandbox];
}

/** The organizations input of a generated caller workflow, as GitHub hands it to the matrix. */
function callerMatrix(
  repos: GitRepos,
  workflow: string,
  job: string,
): { input: string; entries: MatrixEntry[] } {
  const caller = parse(readFileSync(join(repos.work, ".github/workflows", workflow), "utf8")) as Workflow;
  const input = String(caller.jobs[job]?.with?.organizations);
  const entries = JSON.parse(
    input.replace(/\$\{\{[^}]*\}\}/g, "arn:aws:iam::999999999999:role/x"),
  ) as MatrixEntry[];
  return { input, entries };
}

type MatrixEntry = { name: string; directory: string };

/** A root access key that appears in `accountId` of `sandbox`, as a person would create it. */
function createRootKey(sandbox: Sandbox, accountId: string, keyId: string): void {
  const account = sandbox.organization().accountsById.get(accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  account.root ??= { accessKeys: [], mfaDevices: [], signingCertificates: [] };
  account.root.accessKeys.push({ id: keyId, status: "Active", created: Date.parse("2026-11-22T11:50:00Z") });
}

/** Accounts the audit read with no root credential at all (baseline `absent` after init). */
function cleanAccounts(auditFile: string): string[] {
  const audit = JSON.parse(readFileSync(auditFile, "utf8")) as AuditSnapshot;
  return audit.accounts
    .filter((account) => {
      const root = account.rootCredentials;
      return (
        account.status === "audited" &&
        root !== undefined &&
        !root.password.present &&
        root.accessKeys.length + root.mfaDevices.length + root.signingCertificates.length === 0
      );
    })
    .map((account) => account.id);
}

describe("a policy repository from rootward init, end to end", () => {
  it("two organizations: init each, a pull request tightens one exception, one comment shows exactly that, per organization", async () => {
    const { repos, github, temp } = await setUp();
    const [prod, sandbox] = await initTwoOrganizations(repos, temp);

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
  it("two organizations: drift keeps one pull request per organization; an event reaches only its account's organization; a stale drift pull request is rebuilt, not closed", async () => {
    const { repos, github, temp } = await setUp();
    const orgs = await initTwoOrganizations(repos, temp);
    const [prod, sandbox] = orgs;
    const { entries } = callerMatrix(repos, "drift.yml", "drift");
    expect(entries.map((entry) => [entry.name, entry.directory])).toEqual([
      ["prod", "desired-state/prod"],
      ["sandbox", "desired-state/sandbox"],
    ]);
    const detectJob = workflowJobs("reusable-drift.yml").find((entry) => entry.job === "detect");
    if (!detectJob) throw new Error("no detect job in reusable-drift.yml");
    let runs = 0;
    /** One matrix job of reusable-drift.yml's detect, on a runner of its own. */
    const detect = async (org: Org, event?: string) => {
      const entry = entries.find((candidate) => candidate.name === org.name) as MatrixEntry;
      const runnerTemp = join(temp, `drift-${++runs}`);
      mkdirSync(join(runnerTemp, "drift-plan"), { recursive: true });
      const env = {
        ...repos.env,
        ...org.sandbox.env(),
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: "acme/root-access",
        GITHUB_API_URL: github.apiUrl,
        RUNNER_TEMP: runnerTemp,
        GITHUB_STEP_SUMMARY: join(runnerTemp, "summary.md"),
        GITHUB_OUTPUT: join(runnerTemp, "output"),
        DIRECTORY: entry.directory,
        ORGANIZATION: entry.name,
        ...(event ? { GITHUB_EVENT_NAME: "repository_dispatch", GITHUB_EVENT_PATH: event } : {}),
      };
      // The step runs `drift --event` on repository_dispatch, the scheduled branch otherwise.
      const ran = await runWorkflowJob(detectJob, repos.work, env, NOW, (invocation) =>
        event ? invocation.words.includes("--event") : !invocation.words.includes("--event"),
      );
      return ran.map((run) => run.stdout).join("");
    };
    const eventFile = (accountId: string, eventName: string, eventId: string) => {
      const file = join(temp, `${eventId}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          action: "rootward-account-event",
          client_payload: { accountId, eventName, eventTime: "2026-11-22T11:55:00Z", eventId },
        }),
      );
      return file;
    };
    const driftingIn = (org: Org) =>
      (JSON.parse(repos.show(`rootward/drift-${org.name}`, `drift/${org.name}/plan.json`)) as Plan).accounts
        .filter((account) => account.disposition === "drift")
        .map((account) => account.accountId);
    const pullOf = (org: Org) => github.pulls.find((pull) => pull.head === `rootward/drift-${org.name}`);
    const assumedIn = (org: Org, from: number) =>
      new Set(
        org.sandbox
          .calls()
          .filter((call) => call.seq > from && call.operation === "AssumeRoot")
          .map((call) => call.targetAccount),
      );
    const lastSeq = (org: Org) => Math.max(0, ...org.sandbox.calls().map((call) => call.seq));

    // A root access key appears in one clean account of each organization.
    const prodAccount = "555555555502";
    const [sandboxAccount, otherSandboxAccount] = cleanAccounts(join(temp, "sandbox-audit.json"));
    if (!sandboxAccount || !otherSandboxAccount)
      throw new Error("the generated organization has no clean accounts");
    createRootKey(prod.sandbox, prodAccount, "AKIAPRODDRIFT0000001");
    createRootKey(sandbox.sandbox, sandboxAccount, "AKIASANDBOXDRIFT0001");

    // The scheduled run: each organization's job opens its own drift pull request.
    for (const org of orgs) await detect(org);
    expect(github.pulls.map((pull) => [pull.head, pull.state])).toEqual([
      ["rootward/drift-prod", "open"],
      ["rootward/drift-sandbox", "open"],
    ]);
    expect(driftingIn(prod)).toEqual([prodAccount]);
    expect(driftingIn(sandbox)).toEqual([sandboxAccount]);
    expect(pullOf(prod)?.title).toMatch(/^rootward: drift in 1 account of prod \(1 to delete/);
    expect(repos.show("rootward/drift-sandbox", "drift/sandbox/REPORT.md")).toContain(
      "no longer matches `desired-state/sandbox/`",
    );

    // The prod key is deleted; its DeleteAccessKey event reaches both organizations' jobs.
    const prodRoot = prod.sandbox.organization().accountsById.get(prodAccount)?.root;
    if (prodRoot) prodRoot.accessKeys = [];
    const before = { prod: lastSeq(prod), sandbox: lastSeq(sandbox) };
    const deleted = eventFile(prodAccount, "DeleteAccessKey", "0a1b2c3d-0000-4000-8000-000000000001");
    expect(await detect(prod, deleted)).toContain("closed");
    const elsewhere = await detect(sandbox, deleted);
    expect(elsewhere).toContain(`account ${prodAccount} is not in organization`);
    expect(elsewhere).toContain("nothing to do here");
    expect(assumedIn(prod, before.prod)).toEqual(new Set([prodAccount]));
    // The other organization opened no root session at all.
    expect(assumedIn(sandbox, before.sandbox)).toEqual(new Set());
    expect(pullOf(prod)?.state).toBe("closed");
    expect(repos.branchExists("rootward/drift-prod")).toBe(false);
    expect(pullOf(sandbox)?.state).toBe("open");
    expect(driftingIn(sandbox)).toEqual([sandboxAccount]);

    // The sandbox policy changes on main: its drift pull request's plan is now stale. An event for
    // a clean account must not close it as converged: the job re-plans the whole organization.
    repos.git(repos.work, "checkout", "--quiet", "main");
    const policy = join(repos.work, "desired-state/sandbox/policy.yaml");
    writeFileSync(policy, `${readFileSync(policy, "utf8")}# reviewed 2026-11-22\n`);
    repos.commitToMain({}, "Review the sandbox policy");
    // Another organization's event does not make this one audit itself whole.
    const untouched = lastSeq(sandbox);
    const prodEvent = eventFile(prodAccount, "CreateAccessKey", "0a1b2c3d-0000-4000-8000-000000000003");
    expect(await detect(sandbox, prodEvent)).toContain("nothing to do here");
    expect(assumedIn(sandbox, untouched)).toEqual(new Set());
    const from = lastSeq(sandbox);
    const signIn = eventFile(otherSandboxAccount, "ConsoleLogin", "0a1b2c3d-0000-4000-8000-000000000002");
    const rebuilt = await detect(sandbox, signIn);
    expect(pullOf(sandbox)?.state).toBe("open");
    expect(driftingIn(sandbox)).toEqual([sandboxAccount]);
    expect(assumedIn(sandbox, from).size).toBeGreaterThan(2);
    expect(rebuilt).toContain("planned from other desired-state files; auditing the whole organization");
    expect(github.unexpected).toEqual([]);
  }, 120_000);
});
