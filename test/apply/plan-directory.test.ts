import { appendFileSync, cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/model.js";
import { sandboxes } from "../sandbox/helpers.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

describe("a plan applied with another desired-state directory than it was made from", () => {
  it("names the directory the plan was made from and the command that applies it", async () => {
    const sandbox = await start();
    const dir = temp();
    // Two desired states for the same organization: the default directory, and policies/ with a change.
    cpSync(join(REPO, "desired-state"), join(dir, "desired-state"), { recursive: true });
    cpSync(join(REPO, "desired-state"), join(dir, "policies"), { recursive: true });
    appendFileSync(join(dir, "policies", "policy.yaml"), "# reviewed in PR 12\n");
    const planned = await runAgainst(
      sandbox,
      ["plan", "--quiet", "--desired-state", "policies/", "--out", "plan.json"],
      { cwd: dir },
    );
    expect(planned.code).toBe(0);
    expect(readJson<Plan>(join(dir, "plan.json")).desiredStateDir).toBe("policies");

    const refused = await runAgainst(sandbox, ["apply", "plan.json"], { cwd: dir });
    const applied = await runAgainst(sandbox, ["apply", "plan.json", "--desired-state", "policies/"], {
      cwd: dir,
    });

    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      "Error: refusing to apply: the plan was made from the desired state in policies/, but apply reads desired-state/ (their digests differ)\n" +
        "  hint: this plan was made from policies/; run rootward apply plan.json --desired-state policies/\n",
    );
    expect(applied.code).toBe(0);
  });
});
