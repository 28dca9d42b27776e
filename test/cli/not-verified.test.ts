import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandboxes } from "../sandbox/helpers.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

describe("rootward plan names the accounts its summary counts as not verified", () => {
  it("the example organization's suspended and closing accounts, with why", async () => {
    const sandbox = await start();
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });

    const result = await runAgainst(sandbox, ["plan", "--quiet"], { cwd });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        "Not verified (2): the plan could not see these accounts' root credentials and changes nothing in them",
        "  131313131301 decommissioned-analytics  skipped: account is SUSPENDED",
        "  131313131302 closing-marketing  skipped: account is PENDING_CLOSURE",
        "",
        "Plan: ",
      ].join("\n"),
    );
    expect(result.stdout).toMatch(/ unmanaged, 2 not verified; findings/);
  });
});
