import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { driftCommand } from "../../src/cli/commands/drift.js";
import { connector } from "../../src/gitops/connect.js";
import { formatMarker } from "../../src/gitops/marker.js";
import type { Plan } from "../../src/plan/model.js";
import { renderPlanJson } from "../../src/report/plan-json.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { createGitRepos, type GitRepos } from "../support/git-repos.js";
import { type FakeGitHub, startFakeGitHubFor } from "../support/github-fake.js";
import { DESIRED_FILES, driftPlan } from "../support/gitops-plans.js";

const TOKEN = "ghs_drift_branch_token";
const BRANCH = "rootward/drift";
const connect = connector({ userAgent: "rootward-test", throttle: false, retries: 0 });

let repos: GitRepos;
let github: FakeGitHub;
/** A second clone: where a person with push access edits the drift branch. */
let person: string;

beforeEach(async () => {
  repos = createGitRepos();
  repos.commitToMain(DESIRED_FILES, "Desired state");
  github = await startFakeGitHubFor(repos, TOKEN);
  person = join(repos.root, "person");
  repos.git(repos.root, "clone", "--quiet", repos.bare, person);
});

afterEach(async () => {
  await github.close();
  repos.remove();
});

async function drift(plan: Plan) {
  const planFile = join(repos.root, "plan.json");
  writeFileSync(planFile, renderPlanJson(plan));
  const captured = captureIo(repos.work, NOW);
  const code = await driftCommand(
    { plan: planFile, desiredState: "desired-state", remote: "origin" },
    {
      ...captured.io,
      env: {
        ...repos.env,
        GITHUB_TOKEN: TOKEN,
        GITHUB_REPOSITORY: "acme/root-access",
        GITHUB_API_URL: github.apiUrl,
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_RUN_ID: "1234",
      },
    },
    connect,
  );
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** What a person does with push access: check out the drift branch, change it, push (with force). */
function tamper(change: (dir: string) => void, options: { amend?: boolean; subject?: string } = {}): string {
  const git = (...args: string[]) => repos.git(person, ...args);
  git("fetch", "--quiet", "origin");
  git("checkout", "--quiet", "-B", "work", `origin/${BRANCH}`);
  change(person);
  git("add", "--all");
  if (options.amend) git("commit", "--quiet", "--amend", "--no-edit", "--allow-empty");
  else git("commit", "--quiet", "--allow-empty", "-m", options.subject ?? "Tweak the drift report");
  git("push", "--quiet", "--force", "origin", `HEAD:refs/heads/${BRANCH}`);
  return git("rev-parse", "HEAD");
}

function write(dir: string, path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function editPlan(dir: string, edit: (plan: Plan) => Plan): void {
  const plan = JSON.parse(repos.show(`refs/heads/${BRANCH}`, "drift/plan.json")) as Plan;
  write(dir, "drift/plan.json", renderPlanJson(edit(plan)));
}

/** The branch is rootward's again: one commit on main, holding the plan of `plan`. */
function expectRootwardsBranch(plan: Plan): void {
  expect(repos.git(repos.bare, "rev-list", "--count", `main..${BRANCH}`)).toBe("1");
  expect(repos.git(repos.bare, "rev-parse", `${BRANCH}^`)).toBe(repos.git(repos.bare, "rev-parse", "main"));
  expect(repos.git(repos.bare, "diff", "--name-only", `main..${BRANCH}`).split("\n")).toEqual([
    "drift/REPORT.md",
    "drift/plan.json",
  ]);
  expect(repos.show(BRANCH, "drift/plan.json")).toBe(renderPlanJson(plan).trimEnd());
}

type TamperCase = { name: string; apply: () => string | undefined; found: string[] };

const cases: TamperCase[] = [
  {
    name: "a commit on top that adds a workflow",
    apply: () =>
      tamper((dir) => write(dir, ".github/workflows/evil.yml", "on: push\n"), {
        subject: "Fix `drift` for @acme/security",
      }),
    found: ["it holds 2 commits on top of the base branch, not one"],
  },
  {
    name: "rootward's commit amended to drop an action from drift/plan.json",
    apply: () =>
      tamper((dir) => editPlan(dir, (plan) => ({ ...plan, actions: plan.actions.slice(1) })), {
        amend: true,
      }),
    found: [
      "the actions in drift/plan.json do not match its fingerprint",
      "its commit message is not the one rootward writes",
      "drift/REPORT.md is not the report rootward renders from drift/plan.json",
    ],
  },
  {
    name: "rootward's commit amended to soften drift/REPORT.md",
    apply: () =>
      tamper((dir) => write(dir, "drift/REPORT.md", "## rootward drift report\n\nNothing to see.\n"), {
        amend: true,
      }),
    found: ["drift/REPORT.md is not the report rootward renders from drift/plan.json"],
  },
  {
    name: "rootward's commit amended to carry another file",
    apply: () => tamper((dir) => write(dir, "desired-state/extra.yaml", "# sneaked in\n"), { amend: true }),
    found: [
      "its commit changes files other than drift/REPORT.md and drift/plan.json: desired-state/extra.yaml",
    ],
  },
  {
    name: "an account renamed in drift/plan.json only",
    apply: () =>
      tamper(
        (dir) =>
          editPlan(dir, (plan) => ({
            ...plan,
            accounts: plan.accounts.map((account) => ({ ...account, name: "not-what-it-seems" })),
          })),
        { amend: true },
      ),
    found: ["drift/REPORT.md is not the report rootward renders from drift/plan.json"],
  },
  {
    name: "drift/plan.json replaced by a symlink",
    apply: () =>
      tamper(
        (dir) => {
          rmSync(join(dir, "drift/plan.json"));
          symlinkSync("../desired-state/policy.yaml", join(dir, "drift/plan.json"));
        },
        { amend: true },
      ),
    found: ["drift/plan.json is not a regular file: mode 120000", "drift/plan.json is not JSON"],
  },
  {
    name: "the branch reset to main",
    apply: () => {
      repos.git(repos.bare, "update-ref", `refs/heads/${BRANCH}`, "refs/heads/main");
      return undefined;
    },
    found: ["it holds no commit of its own on top of the base branch"],
  },
];

describe("rootward drift keeps rootward/drift rootward's own (real git, local GitHub)", () => {
  it.each(cases)("rewrites the branch and says so on the pull request: $name", async ({ apply, found }) => {
    const plan = driftPlan("drift");
    expect((await drift(plan)).stdout).toContain("created");
    const foreign = apply();

    const repaired = await drift(plan);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain("drift pull request #1 (");
    expect(repaired.stdout).toContain(
      "updated: rootward/drift held content rootward did not write; rewrote it from this run's plan.",
    );
    for (const problem of found) expect(repaired.stdout).toContain(`  found: ${problem}`);
    expectRootwardsBranch(plan);

    const comments = github.comments.filter((entry) => entry.issue === 1);
    expect(comments).toHaveLength(1);
    const [comment] = comments;
    expect(comment?.body).toContain("**rootward rewrote `rootward/drift`**");
    expect(comment?.body).toContain(repos.git(repos.bare, "rev-parse", BRANCH).slice(0, 12));
    for (const problem of found) {
      const [message, detail] = problem.split(": ");
      expect(comment?.body).toContain(
        detail === undefined ? `- ${message}` : `- ${message}: \` ${detail} \``,
      );
    }
    if (foreign)
      expect(comment?.body).toContain(
        `- \` ${foreign.slice(0, 12)} \` by \` Test Author <author@example.com> \``,
      );

    // Repaired: the next run with the same drift leaves everything alone.
    const writes = github.writes().length;
    expect((await drift(plan)).stdout).toContain("unchanged: pull request #1 is up to date");
    expect(github.writes().length).toBe(writes);
  });

  it("puts commit subjects in code spans, so they cannot mention, link or format", async () => {
    await drift(driftPlan("drift"));
    cases[0]?.apply();
    await drift(driftPlan("drift"));
    const body = github.comments.find((entry) => entry.issue === 1)?.body ?? "";
    expect(body).toContain(": `` Fix `drift` for @acme/security ``");
  });

  it("when the drift changed too: updates and names what it replaced", async () => {
    await drift(driftPlan("drift"));
    const foreign = tamper((dir) => write(dir, "notes.md", "mine\n"));
    const result = await drift(driftPlan("changed"));
    expect(result.stdout).toContain("#1");
    expect(result.stdout).toContain("updated: rootward/drift held content rootward did not write");
    expectRootwardsBranch(driftPlan("changed"));
    expect(github.comments.find((entry) => entry.issue === 1)?.body).toContain(foreign.slice(0, 12));
  });

  it("an update over rootward's own older commit says nothing on the pull request", async () => {
    await drift(driftPlan("drift"));
    const result = await drift(driftPlan("changed"));
    expect(result.stdout).toMatch(/#1 .* updated\.\n$/);
    expect(github.comments).toEqual([]);
  });

  it("a branch someone pushed before any pull request: the new pull request names it", async () => {
    const git = (...args: string[]) => repos.git(person, ...args);
    git("checkout", "--quiet", "-b", "squat");
    write(person, "drift/plan.json", "{}\n");
    git("add", "--all");
    git("commit", "--quiet", "-m", "Prepare the drift branch");
    git("push", "--quiet", "origin", `HEAD:refs/heads/${BRANCH}`);
    const result = await drift(driftPlan("drift"));
    expect(result.stdout).toContain("#1");
    expect(result.stdout).toContain("created: rootward/drift held content rootward did not write");
    expect(result.stdout).toContain("  found: drift/plan.json is not a rootward plan:");
    expect(result.stdout).toContain("  found: drift/REPORT.md is missing");
    expectRootwardsBranch(driftPlan("drift"));
    expect(github.comments.find((entry) => entry.issue === 1)?.body).toContain("**rootward rewrote");
  });
});

describe("rootward drift counts only pull requests its own identity opened", () => {
  it("refuses to take over someone else's open pull request from the drift branch", async () => {
    const plan = driftPlan("drift");
    const marker = formatMarker({
      kind: "drift",
      fields: { fingerprint: plan.fingerprint, desired: plan.desiredStateDigest },
    });
    github.seedPull(BRANCH, { author: "mallory", body: `${marker}\nLooks like rootward's` });
    const before = github.writes().length;
    await expect(drift(plan)).rejects.toThrow(
      /pull request #1 from rootward\/drift was opened by mallory, not by github-actions\[bot\]/,
    );
    expect(github.writes().length).toBe(before);
    expect(repos.branchExists(BRANCH)).toBe(false);
  });

  it("someone else's closed pull request with the same marker does not stop a new one", async () => {
    const plan = driftPlan("drift");
    const marker = formatMarker({
      kind: "drift",
      fields: { fingerprint: plan.fingerprint, desired: plan.desiredStateDigest },
    });
    const theirs = github.seedPull(BRANCH, { author: "mallory", body: `${marker}\n` });
    github.closePull(theirs);
    const result = await drift(plan);
    expect(result.stdout).toContain("#2");
    expect(result.stdout).toContain("created");
    expect(github.pulls.find((pull) => pull.number === 2)?.author).toBe("github-actions[bot]");
    expect(github.pulls.find((pull) => pull.number === theirs)).toMatchObject({
      state: "closed",
      body: `${marker}\n`,
    });
  });
});
