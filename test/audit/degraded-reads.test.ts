import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { DoctorReport } from "../../src/doctor/model.js";
import type { Explanation } from "../../src/explain/diagnose.js";
import { isAccountAction, type Plan } from "../../src/plan/model.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { printedPermissions } from "../support/printed-roles.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();

/**
 * The plan role `rootward iam-policy plan` prints, with the given actions explicitly denied: a
 * hand-written least-privilege role, or a delegated administrator without Organizations policy
 * delegation.
 */
function planRoleDenying(...actions: string[]): object {
  const permissionsPolicy = printedPermissions("plan");
  return {
    ...permissionsPolicy,
    Statement: [
      ...permissionsPolicy.Statement,
      { Sid: "NotThese", Effect: "Deny", Action: actions, Resource: "*" },
    ],
  };
}

async function sandboxWithCaller(...denied: string[]): Promise<Sandbox> {
  return start({
    callers: [{ name: "restricted", roleName: "rootward-plan", policies: [planRoleDenying(...denied)] }],
  });
}

function asRestricted(sandbox: Sandbox): { env: Record<string, string> } {
  return { env: sandbox.env("restricted") };
}

/** The example desired state, plus password recovery for orders-prod (which an SCP of the example org blocks). */
function desiredWithRecovery(): string {
  const dir = temp();
  cpSync("desired-state", join(dir, "desired-state"), { recursive: true });
  writeFileSync(
    join(dir, "desired-state", "exceptions", "zz-recovery.yaml"),
    [
      "apiVersion: rootward/v1",
      "kind: RootAccessExceptions",
      "exceptions:",
      "  - name: orders-recovery",
      '    accounts: ["555555555502"]',
      "    password: present",
      "    reason: r",
      "    owner: o",
      "",
    ].join("\n"),
  );
  return dir;
}

async function auditTo(sandbox: Sandbox, file: string, restricted: boolean) {
  return runAgainst(
    sandbox,
    ["audit", "--quiet", "--with-tags", "--out", file],
    restricted ? asRestricted(sandbox) : {},
  );
}

describe("an audit whose SCP reads are denied", () => {
  it.each([
    "organizations:ListPolicies",
    "organizations:DescribePolicy",
    "organizations:ListTargetsForPolicy",
  ])(
    "with %s denied: writes the complete credentials snapshot, records why SCPs are missing, and the plan says the analysis was skipped",
    async (action) => {
      const sandbox = await sandboxWithCaller(action);
      const dir = temp();

      const full = await auditTo(sandbox, join(dir, "full.json"), false);
      const degraded = await auditTo(sandbox, join(dir, "degraded.json"), true);

      expect(full.code).toBe(0);
      expect(degraded.code).toBe(0);
      expect(degraded.stderr).toMatch(
        new RegExp(
          `^warning: could not read service control policies \\(AccessDeniedException: .*${action}.*\\); the plan reports the analyses this leaves out\n`,
        ),
      );
      const fullSnapshot = readJson<AuditSnapshot>(join(dir, "full.json"));
      const snapshot = readJson<AuditSnapshot>(join(dir, "degraded.json"));
      expect(snapshot.accounts).toEqual(fullSnapshot.accounts);
      expect(snapshot.accounts.filter((account) => account.status === "audited").length).toBeGreaterThan(25);
      expect(snapshot.serviceControlPolicies).toEqual([]);
      expect(snapshot.unread).toEqual({
        serviceControlPolicies: {
          code: "AccessDeniedException",
          message: expect.stringContaining(`not authorized to perform: ${action}`),
        },
      });
      expect(fullSnapshot.unread).toBeUndefined();
      // Policies are read a few at a time: those in flight when the first denial came back are denied too.
      const denied = sandbox.calls().filter((call) => call.deniedBy === "identity-policy");
      expect(new Set(denied.map((call) => call.operation))).toEqual(
        new Set([action.replace("organizations:", "")]),
      );

      const cwd = desiredWithRecovery();
      const planOf = (file: string) =>
        runAgainst(sandbox, ["plan", "--audit", join(dir, file), "--format", "json"], { cwd });
      const fullPlan = await planOf("full.json");
      const plan = await planOf("degraded.json");
      const planned = JSON.parse(plan.stdout) as Plan;
      const fullPlanned = JSON.parse(fullPlan.stdout) as Plan;
      const skipped = planned.findings.filter((finding) => finding.ruleId === "scp-analysis-skipped");
      expect(skipped).toHaveLength(1);
      expect(skipped[0]?.message).toMatch(
        new RegExp(
          `^SCP analysis skipped: the service control policies could not be read \\(AccessDeniedException: .*not authorized to perform: ${action}.*\\); root credentials were audited, but SCPs that would block a planned action inside root sessions are not predicted`,
        ),
      );
      // The example org's DenyRootPasswordRecovery blocks a planned CreateLoginProfile: predicted
      // only when the SCPs were read.
      expect(fullPlanned.findings.some((finding) => finding.ruleId === "scp-blocks-action")).toBe(true);
      expect(planned.findings.some((finding) => finding.ruleId === "scp-blocks-action")).toBe(false);
      expect(fullPlanned.findings.some((finding) => finding.ruleId === "scp-analysis-skipped")).toBe(false);
      expect(planned.actions.filter(isAccountAction)).toEqual(fullPlanned.actions.filter(isAccountAction));
    },
  );

  it("a live plan carries the finding too, and the text audit says what was not read", async () => {
    const sandbox = await sandboxWithCaller("organizations:ListPolicies");

    const plan = await runAgainst(sandbox, ["plan", "--quiet", "--format", "json"], asRestricted(sandbox));
    const audit = await runAgainst(sandbox, ["audit", "--quiet"], asRestricted(sandbox));

    expect(plan.code).toBe(0);
    expect((JSON.parse(plan.stdout) as Plan).findings.map((finding) => finding.ruleId)).toContain(
      "scp-analysis-skipped",
    );
    expect(audit.code).toBe(0);
    expect(audit.stdout).toMatch(
      /^Not read: service control policies \(AccessDeniedException: .*organizations:ListPolicies/m,
    );
    expect(audit.stdout).toContain("Features: trusted access on,");
  });
});

describe("an audit that cannot read trusted access", () => {
  it("never schedules EnableAWSServiceAccess on an unknown state: a finding instead", async () => {
    const sandbox = await sandboxWithCaller("organizations:ListAWSServiceAccessForOrganization");
    sandbox.organization().trustedServices.delete("iam.amazonaws.com");
    const dir = temp();

    const full = await runAgainst(sandbox, ["plan", "--quiet", "--out", join(dir, "full.json")]);
    const degraded = await runAgainst(
      sandbox,
      ["plan", "--quiet", "--out", join(dir, "degraded.json")],
      asRestricted(sandbox),
    );
    const audit = await runAgainst(sandbox, ["audit", "--quiet", "--format", "json"], asRestricted(sandbox));

    expect(full.code).toBe(0);
    expect(degraded.code).toBe(0);
    const operations = (plan: Plan) => plan.actions.map((action) => action.operation);
    expect(operations(readJson<Plan>(join(dir, "full.json")))).toContain("EnableAWSServiceAccess");
    const plan = readJson<Plan>(join(dir, "degraded.json"));
    expect(operations(plan)).not.toContain("EnableAWSServiceAccess");
    expect(plan.features.trustedAccess).toEqual({ live: false, desired: true, unread: true });
    const finding = plan.findings.find((entry) => entry.ruleId === "trusted-access-unread");
    expect(finding?.message).toMatch(
      /^trusted access for iam\.amazonaws\.com could not be read \(AccessDeniedException: .*organizations:ListAWSServiceAccessForOrganization.*\); the desired state has features\.trustedAccess: enabled, but this plan neither enables nor disables it/,
    );
    const snapshot = JSON.parse(audit.stdout) as AuditSnapshot;
    expect(Object.keys(snapshot.unread ?? {})).toEqual(["trustedAccess"]);
    expect(snapshot.serviceControlPolicies.length).toBeGreaterThan(0);
  });
});

describe("doctor, explain and apply with reads denied", () => {
  it("doctor warns about what it could not read and still runs every other check", async () => {
    const sandbox = await sandboxWithCaller(
      "organizations:ListAWSServiceAccessForOrganization",
      "organizations:DescribePolicy",
    );

    const run = await runAgainst(sandbox, ["doctor", "--format", "json"], asRestricted(sandbox));

    const report = JSON.parse(run.stdout) as DoctorReport;
    const check = (id: string) => report.checks.find((entry) => entry.id === id);
    expect(report.checks.map((entry) => entry.id)).toEqual([
      "sts-endpoint",
      "credentials",
      "organization",
      "all-features",
      "trusted-access",
      "features",
      "caller-actions",
      "password-recovery",
      "audit-session",
      "scp",
    ]);
    expect(check("trusted-access")).toMatchObject({
      status: "warning",
      detail: expect.stringMatching(
        /^could not be read \(AccessDeniedException: .*ListAWSServiceAccessForOrganization/,
      ),
    });
    expect(check("features")?.detail).toMatch(/^rootCredentialsManagement enabled/);
    expect(check("audit-session")?.status).toBe("ok");
    expect(check("scp")).toMatchObject({
      status: "warning",
      detail: expect.stringMatching(
        /^the service control policies could not be read \(AccessDeniedException: .*DescribePolicy.*\); SCPs that deny root sessions are not checked$/,
      ),
    });
  });

  it("explain shows the skipped analysis and says whether an SCP blocks the account is unknown", async () => {
    const sandbox = await sandboxWithCaller("organizations:ListTargetsForPolicy");

    const run = await runAgainst(
      sandbox,
      ["explain", "payments-prod", "--quiet", "--format", "json"],
      asRestricted(sandbox),
    );

    expect(run.stderr).toMatch(/^warning: could not read service control policies/);
    const explanation = JSON.parse(run.stdout) as Explanation;
    expect(explanation.findings.map((finding) => finding.ruleId)).toContain("scp-analysis-skipped");
    expect(explanation.diagnoses.map((diagnosis) => diagnosis.id)).toEqual([
      "password-without-mfa",
      "access-keys-present",
      "root-sign-in-possible",
      "scp-unknown",
    ]);
  });

  it("apply does not abort when trusted access cannot be read; it applies the account actions", async () => {
    const sandbox = await start({
      callers: [
        {
          name: "applier",
          policies: [
            {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: "*", Resource: "*" },
                {
                  Effect: "Deny",
                  Action: "organizations:ListAWSServiceAccessForOrganization",
                  Resource: "*",
                },
              ],
            },
          ],
        },
      ],
    });
    const dir = temp();
    const file = join(dir, "plan.json");
    await runAgainst(sandbox, ["plan", "--quiet", "--out", file]);
    const plan = readJson<Plan>(file);

    const applied = await runAgainst(sandbox, ["apply", file, "--journal", join(dir, "journal.jsonl")], {
      env: sandbox.env("applier"),
    });

    expect(applied.stderr).not.toMatch(/Error/);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(
      `Apply: ${plan.summary.accountActions}/${plan.summary.accountActions} account actions done`,
    );
    expect(
      sandbox
        .calls()
        .filter(
          (call) => call.operation === "ListAWSServiceAccessForOrganization" && call.callerName === "applier",
        ),
    ).toMatchObject([{ deniedBy: "identity-policy" }]);
  });
});
