import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/model.js";
import { sandboxes } from "../sandbox/helpers.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

describe("--fail-on implies --detailed-exitcode (a CI gate is never silently off)", {
  timeout: 60_000,
}, () => {
  it("after apply, a plan with no actions exits by its findings only when asked", async () => {
    const sandbox = await start();
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });
    expect((await runAgainst(sandbox, ["apply", "--auto-approve", "--quiet"], { cwd })).code).toBe(0);
    expect((await runAgainst(sandbox, ["audit", "--quiet", "--out", "audit.json"], { cwd })).code).toBe(0);
    const planned = await runAgainst(sandbox, ["plan", "--audit", "audit.json", "--format", "json"], {
      cwd,
    });
    const plan = JSON.parse(planned.stdout) as Plan;
    // The premise: nothing to change, and the example org keeps a high finding (a password
    // without MFA under the payments-prod exception) and nothing critical.
    expect(plan.actions).toEqual([]);
    expect(plan.findings.map((finding) => finding.severity)).toContain("high");
    expect(plan.findings.map((finding) => finding.severity)).not.toContain("critical");

    const cases: [string[], number][] = [
      [[], 0],
      [["--detailed-exitcode"], 0],
      [["--fail-on", "high"], 2],
      [["--fail-on", "info"], 2],
      [["--fail-on", "critical"], 0],
      [["--detailed-exitcode", "--fail-on", "high"], 2],
    ];
    for (const [flags, code] of cases) {
      const result = await runAgainst(sandbox, ["plan", "--audit", "audit.json", ...flags], { cwd });
      expect({ flags, code: result.code }).toEqual({ flags, code });
    }
  });

  it("--fail-on alone exits 2 when the plan has changes, like --detailed-exitcode", async () => {
    const sandbox = await start();
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });

    const result = await runAgainst(sandbox, ["plan", "--quiet", "--fail-on", "critical"], { cwd });

    expect(result.code).toBe(2);
  });
});
