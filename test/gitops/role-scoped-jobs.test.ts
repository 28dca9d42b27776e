import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import type { PolicyDocument, RoleName } from "../../src/gitops/iam-policy.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { captureIo } from "../support/capture-io.js";
import { copyExampleDesiredState, createGitRepos, type GitRepos } from "../support/git-repos.js";
import { type FakeGitHub, startFakeGitHubFor } from "../support/github-fake.js";
import { printedPermissions } from "../support/printed-roles.js";
import {
  expand,
  type RootwardInvocation,
  stepScript,
  type WorkflowJob,
  workflowJobs,
} from "../support/workflow-commands.js";

/**
 * Issue 12, point 6: every workflow job's exact rootward commands (read from the workflow files),
 * run in order against the sandbox under the IAM role that job assumes in CI — the permissions
 * `rootward iam-policy plan|apply` prints, enforced by the sandbox the way AWS evaluates them —
 * with a real git repository and a local GitHub. A command that needs a permission its role lacks
 * fails, naming the action.
 */
const NOW = new Date("2026-11-22T12:00:00Z");
const TOKEN = "ghs_role_scoped";
const MANAGEMENT = "999999999999";
/** Workflows whose jobs assume an AWS role; ci.yml runs only the tests. */
const WORKFLOWS = ["reusable-plan.yml", "reusable-apply.yml", "reusable-drift.yml"];
/** The organizations input of this repository's callers, and the matrix entry each job gets. */
const ORGANIZATIONS = JSON.stringify([{ name: "example", directory: "desired-state" }]);
const MATRIX = { DIRECTORY: "desired-state", ORGANIZATION: "example", ORGANIZATIONS };
const UNLOCK = [
  "unlocks:",
  "  - name: shared-artifacts",
  '    account: "444444444442"',
  "    s3Bucket: acme-shared-artifacts",
  "    reason: The incident lockdown policy still denies the release pipeline",
  "    owner: platform@acme.example",
  "",
].join("\n");

const permissions = (role: RoleName) => printedPermissions(role, { accountId: MANAGEMENT });

/** The apply role without one action: what a hand-trimmed role does to CI. */
function without(document: PolicyDocument, action: string): PolicyDocument {
  return {
    ...document,
    Statement: document.Statement.map((statement) => ({
      ...statement,
      Action: Array.isArray(statement.Action)
        ? statement.Action.filter((entry) => entry !== action)
        : statement.Action,
    })),
  };
}

let sandbox: Sandbox;
let repos: GitRepos;
let github: FakeGitHub;
let runnerTemp: string;
/** What the current test started, stopped after it (not every test starts anything). */
const cleanups: Array<() => unknown> = [];
/** Every invocation some test ran, to prove none of the workflows' commands goes untested. */
const exercised = new Set<string>();

async function setUp(roles: Record<RoleName, PolicyDocument>, policyTail = UNLOCK): Promise<void> {
  sandbox = await startSandbox({
    now: () => NOW,
    callers: [
      {
        name: "plan",
        accountId: MANAGEMENT,
        roleName: "rootward-plan",
        sessionName: "ci",
        policies: [roles.plan],
      },
      {
        name: "apply",
        accountId: MANAGEMENT,
        roleName: "rootward-apply",
        sessionName: "ci",
        policies: [roles.apply],
      },
    ],
  });
  cleanups.push(() => sandbox.stop());
  repos = createGitRepos();
  cleanups.push(() => repos.remove());
  copyExampleDesiredState(repos);
  appendFileSync(join(repos.work, "desired-state/policy.yaml"), `\n${policyTail}`);
  repos.commitToMain({}, "Desired state");
  github = await startFakeGitHubFor(repos, TOKEN);
  cleanups.push(() => github.close());
  runnerTemp = join(repos.root, "runner-temp");
  // What the jobs' shell does besides rootward: `mkdir -p "$RUNNER_TEMP/apply-plan"`.
  mkdirSync(join(runnerTemp, "apply-plan"), { recursive: true });
  mkdirSync(join(runnerTemp, "plan"), { recursive: true });
  mkdirSync(join(runnerTemp, "drift-plan"), { recursive: true });
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Run = { invocation: RootwardInvocation; code: number; stdout: string; stderr: string };

/**
 * Runs the job's invocations (those `pick` accepts) in order, as the runner would: in the
 * checkout, with the role's credentials, the job's variables and each redirection honoured.
 */
async function runJob(
  job: WorkflowJob,
  variables: Record<string, string> = {},
  pick: (invocation: RootwardInvocation) => boolean = () => true,
): Promise<Run[]> {
  const summary = join(runnerTemp, `${job.workflow}-${job.job}-summary.md`);
  const env: Record<string, string> = {
    ...repos.env,
    // A job without a role has no AWS credentials at all.
    ...(job.role ? sandbox.env(job.role) : {}),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    GITHUB_TOKEN: TOKEN,
    GITHUB_REPOSITORY: "acme/root-access",
    GITHUB_API_URL: github.apiUrl,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: join(runnerTemp, `${job.workflow}-${job.job}-output`),
    RUNNER_TEMP: runnerTemp,
    MAX_ACTIONS: "50",
    ...MATRIX,
    ...variables,
  };
  const runs: Run[] = [];
  for (const invocation of job.invocations.filter(pick)) {
    exercised.add(key(invocation));
    const captured = captureIo(repos.work, NOW);
    const code = await runCli(
      invocation.words.map((word) => expand(word, env)),
      { ...captured.io, env },
    );
    const stdout = captured.stdout();
    if (invocation.redirect) {
      const target = expand(invocation.redirect.target, env);
      if (target !== "/dev/null") {
        const path = resolve(repos.work, target);
        if (invocation.redirect.append) appendFileSync(path, stdout);
        else writeFileSync(path, stdout);
      }
    }
    runs.push({ invocation, code, stdout, stderr: captured.stderr() });
  }
  return runs;
}

function key(invocation: RootwardInvocation): string {
  return `${invocation.workflow} ${invocation.job}: ${invocation.line}`;
}

function job(workflow: string, name: string): WorkflowJob {
  const found = workflowJobs(workflow).find((entry) => entry.job === name);
  if (!found) throw new Error(`no job ${name} in ${workflow}`);
  return found;
}

/**
 * One step's shell script, run as the runner runs it (bash -eo pipefail, GitHub's default shell) in
 * the checkout, with the job's variables: the step output `name` it wrote.
 */
function stepOutput(
  where: [workflow: string, job: string, step: string],
  name: string,
  variables: Record<string, string>,
): string {
  const output = join(runnerTemp, "step-output");
  writeFileSync(output, "");
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", stepScript(...where)], {
    cwd: repos.work,
    env: {
      ...process.env,
      ...repos.env,
      ...MATRIX,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: output,
      ...variables,
    },
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  return new RegExp(`^${name}=(.*)$`, "m").exec(readFileSync(output, "utf8"))?.[1] ?? "missing";
}

/** reusable-apply.yml's decision: the drift plan that bounds this organization's plan, or "". */
function sourceStep(variables: Record<string, string>): string {
  return stepOutput(
    ["reusable-apply.yml", "plan", "Did this push merge a drift pull request?"],
    "bounded",
    variables,
  );
}

/** Every command exited 0 and the sandbox denied nothing by the caller's IAM policy. */
function expectAllowed(runs: readonly Run[]): void {
  for (const run of runs) expect(run.code, `${key(run.invocation)}\n${run.stderr}${run.stdout}`).toBe(0);
  expect(sandbox.calls().filter((call) => call.deniedBy === "identity-policy")).toEqual([]);
}

const bothRoles = () => ({ plan: permissions("plan"), apply: permissions("apply") });
/** The scheduled branch of the drift step; the repository_dispatch branch runs `drift --event`. */
const scheduled = (entry: RootwardInvocation) => !entry.words.includes("--event");

describe("each workflow job under the role it assumes in CI", () => {
  it("plan.yml (pull request): validate, audit, plan and SARIF with the plan role; the sticky comment with none", async () => {
    await setUp(bothRoles());
    const pull = github.seedPull("change-exceptions");
    const event = join(runnerTemp, "event.json");
    writeFileSync(event, JSON.stringify({ pull_request: { number: pull } }));
    const pullRequest = { GITHUB_EVENT_NAME: "pull_request", GITHUB_EVENT_PATH: event };

    const validating = await runJob(job("reusable-plan.yml", "validate"), pullRequest);
    expect(validating.map((run) => run.code)).toEqual([0]);
    const runs = await runJob(job("reusable-plan.yml", "plan"), pullRequest);

    expectAllowed(runs);
    expect(readFileSync(join(runnerTemp, "plan/plan.md"), "utf8")).toContain("### rootward plan for");
    expect(JSON.parse(readFileSync(join(runnerTemp, "plan.sarif"), "utf8")).version).toBe("2.1.0");
    expect(sandbox.calls().filter((call) => call.callerName === "plan").length).toBeGreaterThan(0);
    expect(github.comments).toEqual([]);

    // The artifact plan-example, as download-artifact lays it out for the comment job.
    cpSync(join(runnerTemp, "plan"), join(runnerTemp, "plans/plan-example"), { recursive: true });
    const calls = sandbox.calls().length;
    const commenting = await runJob(job("reusable-plan.yml", "comment"), pullRequest);
    expect(commenting.map((run) => run.code)).toEqual([0]);
    expect(github.comments.filter((comment) => comment.issue === pull)).toHaveLength(1);
    // No AWS call from the job that holds the write token.
    expect(sandbox.calls().length).toBe(calls);
  });

  it("apply.yml after a desired-state change: plan role plans, apply role applies, unlocks only with the apply role", async () => {
    await setUp(bothRoles());
    const planning = await runJob(
      job("reusable-apply.yml", "plan"),
      {},
      (entry) => !entry.line.includes("--bounded-by"),
    );
    expectAllowed(planning);
    const plan = JSON.parse(readFileSync(join(runnerTemp, "apply-plan/plan.json"), "utf8"));
    expect(plan.actions.length).toBeGreaterThan(0);
    // The plan role cannot read a locked policy: the unlock request is not verified in this plan.
    expect(plan.unlocks).toEqual([
      expect.objectContaining({ name: "shared-artifacts", status: "not-verified" }),
    ]);

    const merged = repos.git(repos.bare, "rev-parse", "refs/heads/main");
    const pull = github.seedPull("change-exceptions");
    github.mergePull(pull, merged);
    const applying = await runJob(job("reusable-apply.yml", "apply"), {
      GITHUB_EVENT_NAME: "push",
      GITHUB_SHA: merged,
    });

    expectAllowed(applying);
    const report = readFileSync(join(repos.work, "apply.md"), "utf8");
    expect(report).toMatch(/accounts applied/);
    expect(
      sandbox.state().buckets.find((bucket) => bucket.name === "acme-shared-artifacts")?.policy,
    ).toBeNull();
    expect(github.comments.some((comment) => comment.issue === pull)).toBe(true);
    // Converged: the next plan (plan role) has nothing left to do.
    const again = await runJob(
      job("reusable-apply.yml", "plan"),
      {},
      (entry) => !entry.line.includes("--bounded-by"),
    );
    expectAllowed(again);
    expect(JSON.parse(readFileSync(join(runnerTemp, "apply-plan/plan.json"), "utf8")).actions).toEqual([]);
  });

  it("drift.yml (pull-request mode), then apply.yml bounded by the merged drift/example/plan.json", async () => {
    await setUp(bothRoles(), "");
    const detecting = await runJob(job("reusable-drift.yml", "detect"), {}, scheduled);
    expectAllowed(detecting);
    const [drift] = github.pulls;
    if (!drift) throw new Error("no drift pull request");

    const before = repos.git(repos.bare, "rev-parse", "refs/heads/main");
    const merged = repos.git(repos.bare, "rev-parse", "refs/heads/rootward/drift-example");
    repos.git(repos.bare, "update-ref", "refs/heads/main", merged);
    github.mergePull(drift.number, merged);
    repos.git(repos.work, "pull", "--quiet", "--ff-only", "origin", "main");
    const push = { GITHUB_EVENT_NAME: "push", BEFORE: before, GITHUB_SHA: merged };
    // The step that decides, run as the runner runs it: bash in the checkout, with jq and git.
    expect(sourceStep(push)).toBe("drift/example/plan.json");
    // Another organization's job is not bounded by it, nor is a push that did not change it.
    expect(sourceStep({ ...push, ORGANIZATION: "other" })).toBe("");
    expect(sourceStep({ ...push, BEFORE: merged })).toBe("");
    const planning = await runJob(
      job("reusable-apply.yml", "plan"),
      { BOUNDED: sourceStep(push) },
      (entry) => entry.words[0] !== "plan" || entry.line.includes("--bounded-by"),
    );
    expectAllowed(planning);
    const bounded = JSON.parse(readFileSync(join(runnerTemp, "apply-plan/plan.json"), "utf8"));
    expect(bounded.bound.source).toBe("drift/example/plan.json");
    const applying = await runJob(
      job("reusable-apply.yml", "apply"),
      { GITHUB_EVENT_NAME: "push", GITHUB_SHA: merged },
      (entry) => !entry.line.includes("--unlocks-only"),
    );
    expectAllowed(applying);
    // A drift pull request of a rootward before per-organization drift (drift/plan.json) merged
    // after the upgrade still bounds the apply of the directory it was made from.
    repos.git(repos.work, "mv", "drift/example/plan.json", "drift/plan.json");
    const legacy = repos.commitToMain({}, "A rootward/drift pull request from before the upgrade");
    expect(sourceStep({ ...push, BEFORE: merged, GITHUB_SHA: legacy })).toBe("drift/plan.json");
    expect(
      sourceStep({ ...push, BEFORE: merged, GITHUB_SHA: legacy, DIRECTORY: "desired-state/other" }),
    ).toBe("");
    // Two repositories, a drift push and three jobs of rootward commands: slow on a loaded machine.
  }, 60_000);

  it("drift.yml on repository_dispatch: the event's account alone, with the plan role", async () => {
    await setUp(bothRoles(), "");
    const account = "444444444442";
    const event = join(runnerTemp, "event.json");
    writeFileSync(
      event,
      JSON.stringify({
        action: "rootward-account-event",
        client_payload: {
          accountId: account,
          eventName: "CreateAccessKey",
          eventTime: "2026-11-22T11:50:00Z",
          eventId: "0a1b2c3d-1111-4a2b-8c3d-000000000001",
        },
      }),
    );

    const runs = await runJob(
      job("reusable-drift.yml", "detect"),
      { GITHUB_EVENT_NAME: "repository_dispatch", GITHUB_EVENT_PATH: event },
      (entry) => !scheduled(entry),
    );

    expect(runs.map((run) => run.invocation.words[0])).toEqual(["drift"]);
    expectAllowed(runs);
    const roots = sandbox.calls().filter((call) => call.operation === "AssumeRoot");
    expect(roots.length).toBeGreaterThan(0);
    expect(new Set(roots.map((call) => call.targetAccount))).toEqual(new Set([account]));
    const plan = JSON.parse(readFileSync(join(runnerTemp, "drift-plan/plan.json"), "utf8")) as {
      accounts: { accountId: string; disposition: string }[];
    };
    expect(
      plan.accounts.filter((entry) => entry.disposition === "drift").map((entry) => entry.accountId),
    ).toEqual([account]);
    expect(github.pulls).toHaveLength(1);
  });

  it("drift.yml in remediation mode auto: detect with the plan role, apply with the apply role", async () => {
    await setUp(bothRoles(), "remediation:\n  mode: auto\n");
    const detecting = await runJob(job("reusable-drift.yml", "detect"), {}, scheduled);
    expectAllowed(detecting);
    expect(readFileSync(join(runnerTemp, "reusable-drift.yml-detect-output"), "utf8")).toContain(
      "remediation=auto",
    );
    // The artifacts drift-plan-NAME as the changes job downloads them (pattern drift-plan-*):
    // this organization in mode auto with actions, and one in pull-request mode, which must not
    // be applied here (its drift pull request is reviewed instead).
    const artifacts = join(runnerTemp, "drift-plans");
    cpSync(join(runnerTemp, "drift-plan"), join(artifacts, "drift-plan-example"), { recursive: true });
    writeFileSync(join(artifacts, "drift-plan-example/remediation"), "auto\n");
    cpSync(join(runnerTemp, "drift-plan"), join(artifacts, "drift-plan-reviewed"), { recursive: true });
    writeFileSync(join(artifacts, "drift-plan-reviewed/remediation"), "pull-request\n");
    const organizations = JSON.stringify([
      { name: "example", directory: "desired-state" },
      { name: "reviewed", directory: "desired-state/reviewed" },
    ]);
    const selected = stepOutput(
      [
        "reusable-drift.yml",
        "changes",
        "Which organizations are in remediation mode auto with something to apply",
      ],
      "organizations",
      { ORGANIZATIONS: organizations },
    );
    expect(JSON.parse(selected)).toEqual([{ name: "example", directory: "desired-state" }]);

    // The apply job of that organization downloads drift-plan-example to $RUNNER_TEMP/drift-plan.
    const applying = await runJob(job("reusable-drift.yml", "apply"));

    expectAllowed(applying);
    expect(github.pulls).toEqual([]);
  });

  it("doctor with the plan role", async () => {
    await setUp(bothRoles(), "");
    const captured = captureIo(repos.work, NOW);
    const code = await runCli(["doctor", "--format", "json"], {
      ...captured.io,
      env: { ...sandbox.env("plan"), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    const report = JSON.parse(captured.stdout()) as { checks: { id: string; status: string }[] };
    expect(code, captured.stderr()).toBe(0);
    expect(report.checks.filter((check) => check.status === "failure")).toEqual([]);
    expect(sandbox.calls().filter((call) => call.deniedBy === "identity-policy")).toEqual([]);
  });

  it("a trimmed apply role fails the apply job and names the missing action", async () => {
    await setUp({
      plan: permissions("plan"),
      apply: without(permissions("apply"), "organizations:ListParents"),
    });
    await runJob(job("reusable-apply.yml", "plan"), {}, (entry) => !entry.line.includes("--bounded-by"));

    const [applied] = await runJob(job("reusable-apply.yml", "apply"), {}, (entry) =>
      entry.line.includes('apply "'),
    );

    expect(applied?.code).toBe(1);
    expect(readFileSync(join(repos.work, "apply.md"), "utf8")).toContain("organizations:ListParents");
    expect(
      sandbox
        .calls()
        .filter((call) => call.deniedBy === "identity-policy")
        .map((call) => call.operation),
    ).toContain("ListParents");
    expect(
      sandbox
        .calls()
        .filter(
          (call) =>
            call.callerName === "apply" &&
            /^(Delete|Deactivate|Create)/.test(call.operation) &&
            call.outcome === "ok",
        ),
    ).toEqual([]);
  });

  it("ran every rootward command of every job that assumes a role or holds a write token", () => {
    const all = WORKFLOWS.flatMap(workflowJobs)
      .filter(
        (entry) =>
          entry.role !== undefined || (entry.workflow === "reusable-plan.yml" && entry.job === "comment"),
      )
      .flatMap((entry) => entry.invocations.map(key));
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((entry) => !exercised.has(entry))).toEqual([]);
  });
});
