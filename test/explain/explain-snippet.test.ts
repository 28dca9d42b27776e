import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sandboxes } from "../sandbox/helpers.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

function checkout(): string {
  const cwd = temp();
  cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });
  return cwd;
}

describe("rootward explain: expired exceptions and the exception to paste", { timeout: 60_000 }, () => {
  it("an account whose exception expired says which, where, since when, and that the baseline governs", async () => {
    const sandbox = await start();
    const cwd = checkout();
    writeFileSync(
      join(cwd, "desired-state", "exceptions", "old.yaml"),
      [
        "apiVersion: rootward/v1",
        "kind: RootAccessExceptions",
        "exceptions:",
        "  - name: orders-prod-migration",
        '    accounts: ["555555555502"]',
        "    password: allowed",
        "    reason: Migration of the orders platform",
        "    owner: orders@acme.example",
        "    expires: 2026-11-01",
        "",
      ].join("\n"),
    );

    const run = await runAgainst(sandbox, ["explain", "orders-prod", "--quiet"], { cwd });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Governed by: the baseline (desired-state/policy.yaml:22)\n" +
        "             exception orders-prod-migration (desired-state/exceptions/old.yaml:4) also selects this account but expired: it applied through 2026-11-01 and ended at 2026-11-02T00:00:00.000Z; the baseline governs since then\n",
    );
  });

  it("--snippet prints only YAML that warns about the SCP, pastes under exceptions:, and validates once the TODOs are filled", async () => {
    const sandbox = await start();
    const cwd = checkout();

    // orders-prod sits under DenyRootPasswordRecovery (no aws:AssumedRoot exemption).
    const run = await runAgainst(sandbox, ["explain", "orders-prod", "--quiet", "--snippet"], { cwd });

    expect(run.code).toBe(0);
    const snippet = run.stdout;
    expect(snippet.split("\n")[0]).toMatch(
      /^ {2}# WARNING: SCP DenyRootPasswordRecovery \(p-denyrootpwd01\), statement DenyRootLoginProfile denies iam:CreateLoginProfile inside root sessions/,
    );
    expect(parse(snippet)).toEqual([
      {
        name: "root-sign-in-555555555502",
        accounts: ["555555555502"],
        password: "present",
        mfa: "required",
        reason: "TODO: why root sign-in is needed",
        owner: "TODO: who answers for it",
        ticket: "TODO",
        expires: "2026-12-06",
      },
    ]);

    // Pasted at the end of an exceptions list, as is: validate points at each placeholder.
    const file = join(cwd, "desired-state", "exceptions", "finance.yaml");
    // The file ends with a line break; the snippet's reason is its 6th line, after the blank one.
    const lines = readFileSync(file, "utf8").split("\n").length - 1;
    appendFileSync(file, `\n${snippet}`);
    const pasted = await runAgainst(sandbox, ["validate"], { cwd });
    expect(pasted.code).toBe(1);
    const placeholders = pasted.stdout.split("\n").filter((line) => line.includes("placeholder"));
    expect(placeholders.map((line) => line.split(/\s+/).slice(0, 2).join(" "))).toEqual([
      `desired-state/exceptions/finance.yaml:${lines + 7}:13 exceptions[2].reason`,
      `desired-state/exceptions/finance.yaml:${lines + 8}:12 exceptions[2].owner`,
      `desired-state/exceptions/finance.yaml:${lines + 9}:13 exceptions[2].ticket`,
    ]);

    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replaceAll('"TODO: why root sign-in is needed"', "Incident INC-7")
        .replaceAll('"TODO: who answers for it"', "ops@acme.example")
        .replaceAll('"TODO"', "INC-7"),
    );
    const filled = await runAgainst(sandbox, ["validate"], { cwd });
    expect(filled.stdout).not.toContain("error");
    expect(filled.code).toBe(0);
  });

  it("--snippet for an account explain suggests nothing for is an error", async () => {
    const sandbox = await start();

    const run = await runAgainst(sandbox, ["explain", "999999999999", "--quiet", "--snippet"], {
      cwd: checkout(),
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Error: explain suggests no exception for 999999999999");
  });
});
