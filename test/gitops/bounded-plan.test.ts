import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan, PlanAction } from "../../src/plan/model.js";
import type { CallRecord, Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();

const EXCEPTED = "111111111111"; // billing-break-glass keeps its password
const DROPPED = "777777777704"; // drifts, but the reviewers' plan leaves it out

const forged: PlanAction[] = [
  { operation: "DeleteLoginProfile", accountId: EXCEPTED, taskPolicy: "IAMDeleteRootUserCredentials" },
  { operation: "DisableAWSServiceAccess", servicePrincipal: "sso.amazonaws.com" },
];

function key(action: PlanAction): string {
  return JSON.stringify(Object.entries(action).sort());
}

function writes(calls: readonly CallRecord[]): string[] {
  return calls
    .filter(
      (call) => /^(Delete|Deactivate|Create|Enable|Disable)/.test(call.operation) && call.outcome === "ok",
    )
    .map((call) => `${call.account ?? "-"} ${call.operation}`);
}

/** A reviewed drift plan: the fresh plan without one account, plus actions nothing justifies. */
async function reviewedPlan(sandbox: Sandbox, dir: string): Promise<{ fresh: Plan; file: string }> {
  const freshFile = join(dir, "fresh.json");
  expect((await runAgainst(sandbox, ["plan", "--quiet", "--out", freshFile])).code).toBe(0);
  const fresh = readJson<Plan>(freshFile);
  const actions = fresh.actions.filter((action) => !("accountId" in action && action.accountId === DROPPED));
  const file = join(dir, "reviewed.json");
  writeFileSync(file, JSON.stringify({ ...fresh, actions: [...forged, ...actions] }));
  return { fresh, file };
}

describe("rootward plan --bounded-by and rootward show, against the sandbox", () => {
  it("runs only fresh ∩ reviewed, reports what the reviewed plan asked for in vain, and apply does exactly that", async () => {
    const sandbox = await start();
    const dir = temp();
    const { fresh, file } = await reviewedPlan(sandbox, dir);
    const boundedFile = join(dir, "bounded.json");

    const planned = await runAgainst(sandbox, [
      "plan",
      "--quiet",
      "--bounded-by",
      file,
      "--out",
      boundedFile,
      "--detailed-exitcode",
    ]);
    // Only where the plan went and how to apply it, nothing else.
    expect(planned.stderr).toBe(
      `\nSaved the plan to ${boundedFile}.\nTo apply exactly this plan, run:\n  rootward apply ${boundedFile}\n`,
    );
    expect(planned.code).toBe(2);
    const bounded = readJson<Plan>(boundedFile);
    const expected = fresh.actions.filter(
      (action) => !("accountId" in action && action.accountId === DROPPED),
    );
    expect(bounded.actions.map(key)).toEqual(expected.map(key));
    expect(bounded.bound?.source).toBe(file);
    expect(bounded.bound?.excluded.map(key)).toEqual(forged.map(key));
    expect(
      bounded.bound?.notReviewed.every((action) => "accountId" in action && action.accountId === DROPPED),
    ).toBe(true);
    expect(bounded.summary.drift).toBe(fresh.summary.drift - 1);
    expect(bounded.fingerprint).not.toBe(fresh.fingerprint);
    expect(planned.stdout).toContain("In the reviewed drift plan but not justified now (not run):");
    expect(planned.stdout).toContain(`DeleteLoginProfile ${EXCEPTED}: delete the root password`);
    expect(planned.stdout).toContain(
      "DisableAWSServiceAccess organization: disable trusted access for sso.amazonaws.com",
    );
    expect(planned.stdout).toContain(`DeleteLoginProfile ${DROPPED}`);

    // show renders the artifact itself, the same way plan did.
    const text = await runAgainst(sandbox, ["show", boundedFile]);
    expect(text).toMatchObject({ code: 0, stderr: "", stdout: planned.stdout });
    const json = await runAgainst(sandbox, ["show", boundedFile, "--format", "json"]);
    expect(json.stdout).toBe(readFileSync(boundedFile, "utf8"));
    const markdown = await runAgainst(sandbox, ["show", boundedFile, "--format", "markdown"]);
    expect(markdown.stdout).toContain("#### Bounded by the reviewed drift plan");
    expect(markdown.stdout).toContain(`- ✖️ \`DeleteLoginProfile\` ${EXCEPTED}: delete the root password`);
    expect(markdown.stdout).toContain(`- ✖️ \`DeleteLoginProfile\` ${DROPPED}`);
    expect(markdown.stdout).not.toContain(`<code>${DROPPED}</code>`);
    const sarif = await runAgainst(sandbox, ["show", boundedFile, "--format", "sarif"]);
    expect(JSON.parse(sarif.stdout).version).toBe("2.1.0");

    // apply accepts the bounded plan and changes exactly its actions.
    const before = sandbox.calls().length;
    const applied = await runAgainst(sandbox, [
      "apply",
      boundedFile,
      "--journal",
      join(dir, "journal.jsonl"),
    ]);
    expect(applied.code, applied.stderr).toBe(0);
    const done = writes(sandbox.calls().slice(before));
    expect(done.sort()).toEqual(
      bounded.actions
        .map((action) => `${"accountId" in action ? action.accountId : "999999999999"} ${action.operation}`)
        .sort(),
    );
    expect(done.some((entry) => entry.startsWith(EXCEPTED) || entry.startsWith(DROPPED))).toBe(false);
    expect(done).not.toContain("999999999999 DisableAWSServiceAccess");
  });

  it("refuses a reviewed plan of another organization, or a file that is not a plan", async () => {
    const sandbox = await start();
    const dir = temp();
    const { fresh } = await reviewedPlan(sandbox, dir);
    const other = join(dir, "other-org.json");
    writeFileSync(other, JSON.stringify({ ...fresh, organizationId: "o-other1234567" }));
    const mismatch = await runAgainst(sandbox, [
      "plan",
      "--quiet",
      "--bounded-by",
      other,
      "--out",
      join(dir, "x.json"),
    ]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain(
      `Error: refusing to plan: --bounded-by ${other}: the reviewed plan is for organization o-other1234567, but this plan is for ${fresh.organizationId}`,
    );
    expect(mismatch.stderr).toContain("hint: pass a plan made for this organization");

    const notPlan = join(dir, "report.md");
    writeFileSync(notPlan, "## rootward drift report\n");
    const invalid = await runAgainst(sandbox, ["plan", "--quiet", "--bounded-by", notPlan]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(`Error: --bounded-by: cannot read plan ${notPlan}`);
    const shapeless = join(dir, "shapeless.json");
    writeFileSync(shapeless, JSON.stringify({ ...fresh, actions: [{ operation: "DeleteEverything" }] }));
    const wrong = await runAgainst(sandbox, ["plan", "--quiet", "--bounded-by", shapeless]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Error: --bounded-by: ${shapeless} is not a rootward plan`);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);

    const missing = await runAgainst(sandbox, ["show", join(dir, "missing.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read plan");
  });
});
