import { cpSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/model.js";
import type { CallRecord, Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { forge } from "../support/forge.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

const SEARCH = "555555555503";
const DAVE = "777777777704";

function checkout(): string {
  const cwd = temp();
  cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });
  return cwd;
}

function changedAccounts(calls: readonly CallRecord[]): string[] {
  return [
    ...new Set(
      calls
        .filter((call) => /^(Delete|Deactivate|Create)/.test(call.operation))
        .map((call) => call.account ?? "?"),
    ),
  ].sort();
}

async function partialPlan(sandbox: Sandbox, cwd: string) {
  return runAgainst(
    sandbox,
    ["plan", "--quiet", "--account", "search-prod", "--account", DAVE, "--out", "p.json"],
    {
      cwd,
    },
  );
}

describe("--account: a partial plan, like Terraform's -target", { timeout: 60_000 }, () => {
  it("plan audits and plans only the accounts named, records it, and says so", async () => {
    const sandbox = await start();
    const cwd = checkout();

    const result = await partialPlan(sandbox, cwd);

    expect(result.code).toBe(0);
    const plan = readJson<Plan>(join(cwd, "p.json"));
    expect(plan.target).toEqual({
      accounts: [
        { id: SEARCH, name: "search-prod" },
        { id: DAVE, name: "sandbox-dave" },
      ],
    });
    expect([
      ...new Set(plan.actions.map((action) => ("accountId" in action ? action.accountId : "org"))),
    ]).toEqual([SEARCH, DAVE]);
    // The emergency path does not wait for the whole organization: two sessions, not 30.
    const targets = sandbox.calls().filter((call) => call.operation === "AssumeRoot");
    expect([...new Set(targets.map((call) => call.targetAccount))].sort()).toEqual([SEARCH, DAVE]);
    expect(result.stdout).toContain(
      "Partial plan (--account): only 555555555503 (search-prod), 777777777704 (sandbox-dave). Other accounts and the organization's features were not planned",
    );
    expect(result.stderr).toContain(`rootward apply p.json --account ${SEARCH} --account ${DAVE}\n`);

    for (const [format, says] of [
      ["markdown", "> [!WARNING]\n> Partial plan (--account): only 555555555503"],
      ["sarif", '"text": "Partial plan (--account): only 555555555503'],
      ["json", '"target": {'],
    ]) {
      const shown = await runAgainst(sandbox, ["show", "p.json", "--format", format as string], { cwd });
      expect(shown.stdout).toContain(says);
    }
  });

  it.each([
    ["no --account", [], "and no --account was given"],
    ["only some of its accounts", ["--account", SEARCH], "and --account names only some of them"],
    [
      "another account",
      ["--account", SEARCH, "--account", DAVE, "--account", "billing"],
      "and --account names accounts it does not cover (billing)",
    ],
  ])(
    "apply refuses a saved partial plan given %s, before any call and without a journal",
    async (_name, flags, says) => {
      const sandbox = await start();
      const cwd = checkout();
      await partialPlan(sandbox, cwd);
      const before = sandbox.calls().length;

      const result = await runAgainst(sandbox, ["apply", "p.json", ...flags], { cwd });

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `Error: refusing to apply: p.json is a partial plan: it covers only 555555555503 (search-prod), 777777777704 (sandbox-dave), not the rest of the organization or its features, ${says}\n`,
      );
      expect(result.stderr).toContain(
        `hint: to apply exactly this partial plan, name the same accounts: rootward apply p.json --account ${SEARCH} --account ${DAVE}`,
      );
      expect(sandbox.calls().slice(before)).toEqual([]);
      expect(existsSync(join(cwd, ".rootward"))).toBe(false);
    },
  );

  it("apply with the same accounts (by name or id) changes exactly those, and its report says partial", async () => {
    const sandbox = await start();
    const cwd = checkout();
    await partialPlan(sandbox, cwd);
    const before = sandbox.calls().length;

    const result = await runAgainst(
      sandbox,
      ["apply", "p.json", "--account", "sandbox-dave", "--account", SEARCH],
      { cwd },
    );

    expect(result.code).toBe(0);
    expect(changedAccounts(sandbox.calls().slice(before))).toEqual([SEARCH, DAVE]);
    expect(result.stdout).toContain(
      "Partial (--account): only 2 accounts planned; other accounts and the organization's features were not.",
    );
  });

  it("apply --account without a plan file plans, shows and applies only that account", async () => {
    const sandbox = await start();
    const cwd = checkout();

    const result = await runAgainst(
      sandbox,
      ["apply", "--auto-approve", "--quiet", "--account", "search-prod"],
      { cwd },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Partial plan (--account): only 555555555503 (search-prod).");
    expect(changedAccounts(sandbox.calls())).toEqual([SEARCH]);
  });

  it("--account with a saved full plan is refused: it narrows a new plan, never a reviewed one", async () => {
    const sandbox = await start();
    const cwd = checkout();
    await runAgainst(sandbox, ["plan", "--quiet", "--out", "full.json"], { cwd });
    const before = sandbox.calls().length;

    const result = await runAgainst(sandbox, ["apply", "full.json", "--account", "search-prod"], { cwd });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Error: refusing to apply: full.json is a plan for the whole organization; --account narrows a new plan, not a reviewed one",
    );
    expect(sandbox.calls().slice(before)).toEqual([]);
  });

  it("a partial plan edited to reach another account (fingerprint recomputed) is refused before any call", async () => {
    const sandbox = await start();
    const cwd = checkout();
    await partialPlan(sandbox, cwd);
    await runAgainst(sandbox, ["plan", "--quiet", "--out", "full.json"], { cwd });
    const partial = readJson<Plan>(join(cwd, "p.json"));
    const full = readJson<Plan>(join(cwd, "full.json"));
    const extra = full.actions.filter(
      (action) => "accountId" in action && action.accountId === "888888888802",
    );
    expect(extra.length).toBeGreaterThan(0);
    writeFileSync(
      join(cwd, "p.json"),
      JSON.stringify(forge(partial, { actions: [...partial.actions, ...extra] })),
    );
    const before = sandbox.calls().length;

    const result = await runAgainst(sandbox, ["apply", "p.json", "--account", SEARCH, "--account", DAVE], {
      cwd,
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("for account 888888888802; rootward never writes such a plan");
    expect(sandbox.calls().slice(before)).toEqual([]);
  });

  it("an account that is not in the organization gets a suggestion, before any AssumeRoot", async () => {
    const sandbox = await start();
    const cwd = checkout();

    const result = await runAgainst(sandbox, ["plan", "--quiet", "--account", "serch-prod"], { cwd });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "Error: --account serch-prod: no such account in organization o-acme1234567\n  hint: did you mean --account search-prod?\n",
    );
    expect(sandbox.calls().some((call) => call.operation === "AssumeRoot")).toBe(false);
  });
});
