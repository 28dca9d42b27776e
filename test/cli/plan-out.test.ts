import { execFileSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandboxes } from "../sandbox/helpers.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

/** The words of a printed command line, as a POSIX shell splits them. */
function shellWords(line: string): string[] {
  return execFileSync("sh", ["-c", `printf '%s\\n' ${line}`], { encoding: "utf8" })
    .split("\n")
    .slice(0, -1);
}

describe("plan --out says where the plan is and how to apply exactly it", { timeout: 60_000 }, () => {
  it.each([
    ["the default directory", "desired-state", "plan.json", "rootward apply plan.json"],
    [
      "another directory, a file name with a space",
      "policies",
      "my plan.json",
      "rootward apply 'my plan.json' --desired-state policies",
    ],
  ])("%s", async (_name, directory, out, command) => {
    const sandbox = await start();
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, directory), { recursive: true });
    const flags = directory === "desired-state" ? [] : ["--desired-state", directory];

    const planned = await runAgainst(sandbox, ["plan", "--quiet", "--out", out, ...flags], { cwd });

    expect(planned.code).toBe(0);
    expect(planned.stderr).toBe(
      `\nSaved the plan to ${out}.\nTo apply exactly this plan, run:\n  ${command}\n`,
    );
    // The printed command, pasted, applies the plan.
    const [tool, ...argv] = shellWords(command);
    expect(tool).toBe("rootward");
    const applied = await runAgainst(sandbox, [...argv, "--quiet"], { cwd });
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
  });

  it("without --out nothing is said about saving", async () => {
    const sandbox = await start();
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });

    const planned = await runAgainst(sandbox, ["plan", "--quiet"], { cwd });

    expect(planned.stderr).toBe("");
  });
});
