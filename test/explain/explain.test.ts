import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EnableOrganizationsRootSessionsCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import type { Explanation } from "../../src/explain/diagnose.js";
import { clientsFor, sandboxes } from "../sandbox/helpers.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();

/** The example desired state plus one more exceptions file. */
function exampleWith(extra: string): string {
  const dir = temp();
  cpSync("desired-state", join(dir, "desired-state"), { recursive: true });
  writeFileSync(
    join(dir, "desired-state", "exceptions", "zz-test.yaml"),
    `apiVersion: rootward/v1\nkind: RootAccessExceptions\nexceptions:\n${extra}`,
  );
  return dir;
}

async function explain(account: string, options: { cwd?: string; fixture?: { file: string } } = {}) {
  const sandbox = await start(options.fixture ? { fixture: options.fixture } : {});
  const run = await runAgainst(
    sandbox,
    ["explain", account, "--quiet", "--format", "json"],
    options.cwd ? { cwd: options.cwd } : {},
  );
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as Explanation;
}

const ids = (explanation: Explanation) => explanation.diagnoses.map((diagnosis) => diagnosis.id);

describe("rootward explain against the sandbox", () => {
  it.each([
    ["999999999999", ["management-account"]],
    ["decommissioned-analytics", ["not-active"]],
    ["closing-marketing", ["not-active"]],
    ["121212121201", ["unmanaged"]],
    ["log-archive", ["root-sign-in-disabled"]],
    ["payments-prod", ["password-without-mfa", "access-keys-present", "root-sign-in-possible"]],
    ["sandbox-dave", ["password-will-be-deleted", "access-keys-present"]],
    ["billing", ["lost-mfa-device", "root-sign-in-possible"]],
    ["legacy-ftp", ["root-sign-in-disabled", "signing-certificates-present"]],
  ])("%s → %j", async (account, expected) => {
    expect(ids(await explain(account))).toEqual(expected);
  });

  it("offers a time-boxed exception snippet when root sign-in is disabled by the policy", async () => {
    const explanation = await explain("333333333333");

    expect(explanation.governedBy).toBe("the baseline (desired-state/policy.yaml:22)");
    expect(explanation.diagnoses[0]?.snippet).toContain('accounts: ["333333333333"]');
    expect(explanation.diagnoses[0]?.snippet).toContain("password: present");
    expect(explanation.diagnoses[0]?.snippet).toMatch(/expires: 2026-12-06/);
  });

  it("names the SCP statement that blocks password recovery, and plans recovery where nothing blocks it", async () => {
    const cwd = exampleWith(
      [
        "  - name: orders-recovery",
        '    accounts: ["555555555502"]',
        "    password: present",
        "    reason: r",
        "    owner: o",
        "  - name: audit-recovery",
        '    accounts: ["333333333334"]',
        "    password: present",
        "    mfa: allowed",
        "    reason: r",
        "    owner: o",
        "",
      ].join("\n"),
    );

    const blocked = await explain("orders-prod", { cwd });
    const planned = await explain("333333333334", { cwd });

    expect(ids(blocked)).toEqual(["password-recovery-blocked-by-scp", "password-without-mfa"]);
    expect(blocked.diagnoses[0]?.summary).toContain(
      "DenyRootPasswordRecovery (p-denyrootpwd01), statement DenyRootLoginProfile",
    );
    expect(ids(planned)).toEqual(["password-recovery-planned", "password-without-mfa"]);
  });

  it("says password recovery waits for root sessions when they stay off, and how to switch them on", async () => {
    const cwd = exampleWith(
      [
        "  - name: audit-recovery",
        '    accounts: ["333333333334"]',
        "    password: present",
        "    mfa: allowed",
        "    reason: r",
        "    owner: o",
        "",
      ].join("\n"),
    );
    const policy = join(cwd, "desired-state", "policy.yaml");
    const sessionsOff = temp();
    cpSync(join(cwd, "desired-state"), join(sessionsOff, "desired-state"), { recursive: true });
    writeFileSync(
      join(sessionsOff, "desired-state", "policy.yaml"),
      readFileSync(policy, "utf8").replace("rootSessions: enabled", "rootSessions: disabled"),
    );
    const sandbox = await start();
    const explainAs = async (account: string, dir: string, caller: "management" | "delegated-admin") =>
      JSON.parse(
        (await runAgainst(sandbox, ["explain", account, "--quiet", "--format", "json"], { cwd: dir, caller }))
          .stdout,
      ) as Explanation;

    const kept = await explainAs("333333333334", sessionsOff, "management");
    const delegated = await explainAs("333333333334", cwd, "delegated-admin");
    const enabledByPlan = await explainAs("333333333334", cwd, "management");
    const signInDisabled = await explainAs("log-archive", sessionsOff, "management");

    expect(ids(kept)).toEqual(["password-recovery-needs-root-sessions", "password-without-mfa"]);
    expect(kept.diagnoses[0]?.summary).toBe(
      'The plan allows password recovery (CreateLoginProfile), but root sessions are off and the desired state keeps them off: the owner cannot complete "Forgot password".',
    );
    expect(kept.diagnoses[0]?.detail).toContain("You must enable Privileged root actions in member accounts");
    expect(kept.diagnoses[0]?.detail).toContain(
      "Fix: set features.rootSessions: enabled in the desired state.",
    );
    expect(kept.findings.map((finding) => finding.ruleId)).toContain("password-recovery-needs-root-sessions");
    expect(ids(delegated)).toEqual(["password-recovery-needs-root-sessions", "password-without-mfa"]);
    expect(delegated.diagnoses[0]?.detail).toContain(
      "Fix: an administrator of the management account runs aws iam enable-organizations-root-sessions.",
    );
    expect(ids(enabledByPlan)).toEqual(["password-recovery-planned", "password-without-mfa"]);
    expect(signInDisabled.diagnoses[0]?.detail).toContain(
      "That also needs root sessions, and root sessions are off and the desired state keeps them off: set features.rootSessions: enabled in the desired state.",
    );
  });

  it("explains an account whose audit an SCP denies", async () => {
    const cwd = temp();
    mkdirSync(join(cwd, "desired-state"));
    writeFileSync(
      join(cwd, "desired-state", "policy.yaml"),
      [
        "apiVersion: rootward/v1",
        "kind: RootAccessPolicy",
        'organization: { id: o-denyroot0001, managementAccountId: "400000000001" }',
        "features: { trustedAccess: enabled, rootCredentialsManagement: enabled, rootSessions: enabled }",
        "baseline: { password: absent, accessKeys: absent, signingCertificates: absent, mfa: absent }",
        "",
      ].join("\n"),
    );

    const explanation = await explain("restricted", {
      cwd,
      fixture: { file: "test/fixtures/sandbox/classic-deny-root.yaml" },
    });

    expect(ids(explanation)).toEqual(["not-verified"]);
    expect(explanation.diagnoses[0]?.detail).toContain("An SCP denies the audit session");
  });

  it("audits only the account asked about", async () => {
    const sandbox = await start();

    await runAgainst(sandbox, ["explain", "billing", "--quiet"]);

    const targets = new Set(
      sandbox.calls().flatMap((call) => (call.operation === "AssumeRoot" ? [call.targetAccount] : [])),
    );
    expect([...targets]).toEqual(["111111111111"]);
  });

  it("suggests the closest name for a typo", async () => {
    const sandbox = await start();

    const run = await runAgainst(sandbox, ["explain", "paymnts-prod", "--quiet"]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "Error: no account paymnts-prod in organization o-acme1234567\n  hint: did you mean payments-prod?\n",
    );
  });

  it("reads the explained account's unlock targets, and only those", async () => {
    const sandbox = await start();
    await clientsFor(sandbox).iam.send(new EnableOrganizationsRootSessionsCommand({}));
    const cwd = temp();
    cpSync("desired-state", join(cwd, "desired-state"), { recursive: true });
    appendFileSync(
      join(cwd, "desired-state", "policy.yaml"),
      [
        "unlocks:",
        "  - name: shared-artifacts",
        '    account: "444444444442"',
        "    s3Bucket: acme-shared-artifacts",
        "    reason: r",
        "    owner: o",
        "",
      ].join("\n"),
    );

    const explained = await runAgainst(
      sandbox,
      ["explain", "shared-services", "--quiet", "--format", "json"],
      { cwd },
    );
    const other = await runAgainst(sandbox, ["explain", "billing", "--quiet", "--format", "json"], { cwd });

    const explanation = JSON.parse(explained.stdout) as Explanation;
    expect(explanation.actions.map((action) => action.operation)).toContain("DeleteBucketPolicy");
    expect(explanation.findings.map((finding) => finding.ruleId)).not.toContain("unlock-not-verified");
    expect(other.code).toBe(0);
    const unlockSessions = sandbox
      .calls()
      .filter((call) => call.taskPolicy?.endsWith("S3UnlockBucketPolicy") && call.operation === "AssumeRoot");
    expect(unlockSessions.map((call) => call.targetAccount)).toEqual(["444444444442"]);
  });
});
