import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { RoleName } from "../../src/gitops/iam-policy.js";
import type { Plan } from "../../src/plan/model.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { forge, mutatingCalls } from "../support/forge.js";
import { printedPermissions } from "../support/printed-roles.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

/**
 * Issue 12, point 3: the IAM delegated administrator (where the README recommends the CI roles)
 * may audit, delete, create and switch the features off, but only the management account may
 * switch them on or change trusted access. Plan turns those calls into findings; apply refuses
 * them before calling anything.
 */
const start = sandboxes();
const temp = tempDirs();
const DELEGATED_ADMIN = "333333333334";
const ENABLES = [
  "EnableAWSServiceAccess",
  "EnableOrganizationsRootCredentialsManagement",
  "EnableOrganizationsRootSessions",
];

async function planAs(sandbox: Sandbox, caller: "management" | "delegated-admin") {
  const dir = temp();
  const file = join(dir, "plan.json");
  const audit = join(dir, "audit.json");
  const audited = await runAgainst(sandbox, ["audit", "--quiet", "--out", audit], { caller });
  const run = await runAgainst(sandbox, ["plan", "--audit", audit, "--out", file], { caller });
  return { run, audited, plan: readJson<Plan>(file), snapshot: readJson<AuditSnapshot>(audit), dir };
}

function switchEverythingOff(sandbox: Sandbox): void {
  sandbox.organization().features.clear();
}

describe("plan as the IAM delegated administrator", () => {
  it("records the caller in the audit, and plans no feature switch it cannot make: findings name the command", async () => {
    const sandbox = await start();
    switchEverythingOff(sandbox);

    const { run, plan, snapshot, audited } = await planAs(sandbox, "delegated-admin");

    expect(run.code).toBe(0);
    expect(audited.stdout).toContain(
      `Caller: arn:aws:iam::${DELEGATED_ADMIN}:user/sandbox-delegated-admin (account ${DELEGATED_ADMIN}, not the management account)`,
    );
    expect(snapshot.caller).toEqual({
      accountId: DELEGATED_ADMIN,
      arn: `arn:aws:iam::${DELEGATED_ADMIN}:user/sandbox-delegated-admin`,
    });
    expect(plan.actions.map((action) => action.operation)).toEqual([]);
    const withheld = plan.findings.filter(
      (finding) => finding.ruleId === "feature-change-needs-management-account",
    );
    expect(withheld.map((finding) => finding.message)).toEqual([
      expect.stringContaining("runs once: aws iam enable-organizations-root-credentials-management"),
      expect.stringContaining("runs once: aws iam enable-organizations-root-sessions"),
    ]);
    expect(withheld[0]?.message).toContain(
      `in account ${DELEGATED_ADMIN}, not in the management account 999999999999`,
    );
    expect(plan.findings).toContainEqual(
      expect.objectContaining({ ruleId: "root-credentials-management-off", severity: "high" }),
    );
    expect(run.stdout).toContain("feature-change-needs-management-account");
    expect(sandbox.calls().filter((call) => ENABLES.includes(call.operation))).toEqual([]);
  });

  it("as the management account plans the same switches as actions", async () => {
    const sandbox = await start();
    switchEverythingOff(sandbox);

    const { plan, snapshot } = await planAs(sandbox, "management");

    expect(snapshot.caller?.accountId).toBe("999999999999");
    expect(plan.actions.map((action) => action.operation)).toEqual([
      "EnableOrganizationsRootCredentialsManagement",
      "EnableOrganizationsRootSessions",
    ]);
    expect(plan.findings.map((finding) => finding.ruleId)).not.toContain(
      "feature-change-needs-management-account",
    );
  });

  it("converges the credentials of the example org without root sessions, and says why password recovery waits", async () => {
    const sandbox = await start();
    const { plan, dir } = await planAs(sandbox, "delegated-admin");
    expect(plan.actions.map((action) => action.operation)).not.toContain("EnableOrganizationsRootSessions");
    expect(plan.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "password-recovery-needs-root-sessions",
        accountId: "111111111111",
        message: expect.stringContaining("this plan cannot enable them"),
      }),
    );

    const applied = await runAgainst(
      sandbox,
      ["apply", join(dir, "plan.json"), "--journal", join(dir, "journal.jsonl"), "--max-actions", "100"],
      { caller: "delegated-admin" },
    );
    const replanned = await runAgainst(sandbox, ["plan", "--quiet", "--detailed-exitcode"], {
      caller: "delegated-admin",
    });

    expect(applied.code).toBe(0);
    expect(replanned.code).toBe(0);
    expect(sandbox.calls().filter((call) => ENABLES.includes(call.operation))).toEqual([]);
  });
});

describe("apply as the IAM delegated administrator refuses what only the management account may call", () => {
  it.each([
    ["EnableOrganizationsRootSessions", { operation: "EnableOrganizationsRootSessions" as const }],
    [
      "EnableOrganizationsRootCredentialsManagement",
      { operation: "EnableOrganizationsRootCredentialsManagement" as const },
    ],
    [
      "EnableAWSServiceAccess",
      { operation: "EnableAWSServiceAccess" as const, servicePrincipal: "iam.amazonaws.com" },
    ],
  ])("a plan with %s: unjustified, no call that changes anything", async (operation, action) => {
    const sandbox = await start();
    const { plan } = await planAs(sandbox, "management");
    switchEverythingOff(sandbox);
    if (operation === "EnableAWSServiceAccess") sandbox.organization().trustedServices.clear();
    const dir = temp();
    const file = join(dir, "forged.json");
    writeFileSync(file, JSON.stringify(forge(plan, { actions: [action] })));
    const before = sandbox.calls().length;

    const journal = join(dir, "journal.jsonl");
    const applied = await runAgainst(sandbox, ["apply", file, "--journal", journal], {
      caller: "delegated-admin",
    });

    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(
      new RegExp(
        `unjustified: only the management account \\(999999999999\\) may call ${operation}, and the caller`,
      ),
    );
    const calls = sandbox.calls().slice(before);
    expect(mutatingCalls(calls)).toEqual([]);
    expect(calls.filter((call) => call.operation === operation)).toEqual([]);
    expect(calls.map((call) => call.operation)).toContain("GetCallerIdentity");
    expect(readFileSync(journal, "utf8")).toContain(`"event":"unjustified","operation":"${operation}"`);
  });

  it("the management account still makes the same enable", async () => {
    const sandbox = await start();
    const { plan } = await planAs(sandbox, "management");
    const dir = temp();
    const file = join(dir, "plan.json");
    writeFileSync(
      file,
      JSON.stringify(forge(plan, { actions: [{ operation: "EnableOrganizationsRootSessions" }] })),
    );

    const applied = await runAgainst(sandbox, ["apply", file, "--journal", join(dir, "journal.jsonl")]);

    expect(applied.code).toBe(0);
    expect(mutatingCalls(sandbox.calls())).toEqual(["999999999999 EnableOrganizationsRootSessions"]);
  });
});

describe("the roles of `rootward iam-policy --account-kind delegated-admin`, in the delegated administrator", () => {
  const permissions = (role: RoleName) =>
    printedPermissions(role, { accountId: DELEGATED_ADMIN, accountKind: "delegated-admin" });

  it("plan with the plan role and apply with the apply role converge the example org without one denied call", async () => {
    const sandbox = await start({
      callers: [
        {
          name: "plan",
          accountId: "delegated-admin",
          roleName: "rootward-plan",
          policies: [permissions("plan")],
        },
        {
          name: "apply",
          accountId: "delegated-admin",
          roleName: "rootward-apply",
          policies: [permissions("apply")],
        },
      ],
    });
    const dir = temp();
    const file = join(dir, "plan.json");
    const planned = await runAgainst(sandbox, ["plan", "--quiet", "--out", file], {
      env: sandbox.env("plan"),
    });
    const applied = await runAgainst(sandbox, ["apply", file, "--journal", join(dir, "journal.jsonl")], {
      env: sandbox.env("apply"),
    });
    const replanned = await runAgainst(sandbox, ["plan", "--quiet", "--detailed-exitcode"], {
      env: sandbox.env("plan"),
    });

    expect([planned.code, applied.code, replanned.code]).toEqual([0, 0, 0]);
    expect(readJson<Plan>(file).findings.map((finding) => finding.ruleId)).toContain(
      "feature-change-needs-management-account",
    );
    expect(sandbox.calls().filter((call) => call.deniedBy !== undefined)).toEqual([]);
    expect(sandbox.calls().filter((call) => ENABLES.includes(call.operation))).toEqual([]);
  });
});
