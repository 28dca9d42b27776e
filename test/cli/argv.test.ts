import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { sandboxes } from "../sandbox/helpers.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const temp = tempDirs();
const start = sandboxes();
const REPO = join(import.meta.dirname, "../..");

async function run(argv: string[], cwd = temp()) {
  const captured = captureIo(cwd, NOW);
  const code = await runCli(argv, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr(), cwd };
}

describe("an option that takes a value never swallows the next option", () => {
  it.each([
    [["plan", "--out", "--quiet"], "--out <file>", "--quiet"],
    [["plan", "--audit", "--out", "plan.json"], "--audit <file>", "--out"],
    [["plan", "--fail-on", "--detailed-exitcode"], "--fail-on <severity>", "--detailed-exitcode"],
    [["--timeout", "--verbose", "audit"], "--timeout <seconds>", "--verbose"],
    [["audit", "--timeout", "-q"], "--timeout <seconds>", "-q"],
    [["apply", "plan.json", "--journal", "--auto-approve"], "--journal <file>", "--auto-approve"],
  ])("%j is an error naming both options, and writes nothing", async (argv, option, next) => {
    const result = await run(argv);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: option '${option}' needs a value, but got the option '${next}'\n` +
        `  hint: give ${option.split(" ")[0]} its value first (e.g. ${option.split(" ")[0]} ${option
          .split("<")[1]
          ?.replace(">", "")
          .toUpperCase()}); a value that starts with a dash is written ${option.split(" ")[0]}=${next}\n`,
    );
    expect(readdirSync(result.cwd)).toEqual([]);
  });

  it("a value that starts with a dash is still possible, written --out=VALUE", async () => {
    const sandbox = await start();
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });

    const result = await runAgainst(sandbox, ["plan", "--quiet", "--out=-odd.json"], { cwd });

    expect(result.code).toBe(0);
    expect(readJson<{ organizationId: string }>(join(cwd, "-odd.json")).organizationId).toBe("o-acme1234567");
  });
});

describe("Terraform-style single-dash options get the rootward spelling", () => {
  it.each([
    [["plan", "-out=plan.json"], "-out=plan.json", "--out plan.json"],
    [["plan", "-detailed-exitcode"], "-detailed-exitcode", "--detailed-exitcode"],
    [["apply", "-auto-approve"], "-auto-approve", "--auto-approve"],
    [["plan", "-fail_on=high"], "-fail_on=high", "--fail-on high"],
    [["-timeout=5", "audit"], "-timeout=5", "--timeout 5"],
  ])("%j", async (argv, token, suggestion) => {
    const result = await run(argv);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: unknown option '${token}'\n  hint: did you mean ${suggestion}? rootward's long options start with two dashes\n`,
    );
  });

  it("a misspelt --option keeps commander's suggestion", async () => {
    const result = await run(["plan", "--ot", "plan.json"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown option '--ot'\n(Did you mean --out?)");
  });

  it("a single-dash word that is no rootward option is left to commander", async () => {
    const result = await run(["plan", "-bogus"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("error: unknown option '-bogus'");
  });
});
