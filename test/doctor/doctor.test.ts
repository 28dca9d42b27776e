import { describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/doctor/model.js";
import { sandboxes } from "../sandbox/helpers.js";
import { runAgainst } from "../support/sandbox-cli.js";

const start = sandboxes();
const classicDenyRoot = { file: "test/fixtures/sandbox/classic-deny-root.yaml" };
const minimal = { file: "test/fixtures/sandbox/minimal.yaml" };

async function doctor(
  options: Parameters<typeof runAgainst>[2] & {
    fixture?: { file: string };
    mutate?: (org: ReturnType<Awaited<ReturnType<typeof start>>["organization"]>) => void;
  } = {},
) {
  const sandbox = await start(options.fixture ? { fixture: options.fixture } : {});
  options.mutate?.(sandbox.organization());
  const run = await runAgainst(sandbox, ["doctor", "--format", "json"], options);
  const report = JSON.parse(run.stdout) as DoctorReport;
  const status = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
  return { run, report, status };
}

describe("rootward doctor against the sandbox", () => {
  it("passes on the example org, warning about the features to converge and the SCP that blocks password recovery", async () => {
    const { run, status, report } = await doctor();

    expect(run.code).toBe(0);
    expect(status).toEqual({
      credentials: "ok",
      organization: "ok",
      "all-features": "ok",
      "trusted-access": "ok",
      features: "warning",
      "caller-actions": "ok",
      "password-recovery": "warning",
      "sts-endpoint": "ok",
      "audit-session": "ok",
      scp: "warning",
    });
    expect(report.scp).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          policyName: "DenyRootPasswordRecovery",
          effect: "denies",
          tasks: ["create-password"],
          affected: ["/Root/Workloads/Prod"],
        }),
        expect.objectContaining({
          policyName: "DenyRootUserExceptAssumedRoot",
          effect: "exempted",
          affected: ["/Root/Sandbox"],
        }),
      ]),
    );
  });

  it("fails on a classic deny-root SCP: the audit session is denied and the SCP is named with the OUs it affects", async () => {
    const { run, status, report } = await doctor({ fixture: classicDenyRoot });

    expect(run.code).toBe(1);
    expect(status["audit-session"]).toBe("failure");
    expect(status.scp).toBe("failure");
    expect(report.checks.find((check) => check.id === "audit-session")?.detail).toContain(
      "explicit deny in a service control policy",
    );
    expect(report.scp[0]).toMatchObject({
      policyId: "p-restrictroot",
      effect: "denies",
      affected: ["/Root/Restricted"],
    });
    expect(report.scp[0]?.tasks).toEqual(["audit", "delete", "create-password"]);
  });

  it("fails for a plain member account and stops there", async () => {
    const { run, report } = await doctor({ caller: "member" });

    expect(run.code).toBe(1);
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["sts-endpoint", "ok"],
      ["credentials", "failure"],
    ]);
    expect(report.checks[1]?.fix).toContain("register-delegated-administrator");
  });

  it("accepts the IAM delegated administrator", async () => {
    const { status } = await doctor({ caller: "delegated-admin" });

    expect(status.credentials).toBe("ok");
  });

  it("names the organization calls the delegated administrator cannot make, and the commands for the management account", async () => {
    const { run, report } = await doctor({
      caller: "delegated-admin",
      mutate: (org) => org.features.clear(),
    });
    const check = (id: string) => report.checks.find((entry) => entry.id === id);

    expect(run.code).toBe(1);
    expect(check("caller-actions")).toMatchObject({
      status: "warning",
      detail: expect.stringContaining(
        "account 333333333334 is not the management account: it cannot call EnableAWSServiceAccess, EnableOrganizationsRootCredentialsManagement, EnableOrganizationsRootSessions (management account only)",
      ),
      fix: "an administrator of the management account runs once: aws iam enable-organizations-root-credentials-management; aws iam enable-organizations-root-sessions",
    });
    expect(check("caller-actions")?.detail).toContain(
      "the desired state needs EnableOrganizationsRootCredentialsManagement, EnableOrganizationsRootSessions",
    );
    expect(check("password-recovery")).toMatchObject({
      status: "warning",
      fix: "an administrator of the management account runs: aws iam enable-organizations-root-sessions",
    });
  });

  it("the management account can make them: the caller check passes and apply is the fix for password recovery", async () => {
    const { report } = await doctor({ mutate: (org) => org.features.clear() });
    const check = (id: string) => report.checks.find((entry) => entry.id === id);

    expect(check("caller-actions")).toMatchObject({
      status: "ok",
      detail: expect.stringMatching(/^management account 999999999999: may switch the root-access features/),
    });
    expect(check("password-recovery")).toMatchObject({
      status: "warning",
      detail: expect.stringMatching(
        /^exception payments-prod-recovery \(desired-state\/exceptions\/finance\.yaml:\d+\), exception billing-break-glass \(desired-state\/policy\.yaml:\d+\) set password: present, but root sessions are disabled: .*cannot complete "Forgot password"/,
      ),
      fix: "rootward apply enables them",
    });
  });

  it("password recovery passes once root sessions are on", async () => {
    const { report } = await doctor({ mutate: (org) => org.features.add("RootSessions") });

    expect(report.checks.find((entry) => entry.id === "password-recovery")).toMatchObject({
      status: "ok",
      detail: expect.stringContaining('can complete "Forgot password"'),
    });
  });

  it("fails without trusted access, and skips the session check when root credentials management is off", async () => {
    const { run, status } = await doctor({ fixture: minimal });

    expect(run.code).toBe(1);
    expect(status["trusted-access"]).toBe("failure");
    expect(status.features).toBe("failure");
    expect(status["audit-session"]).toBe("skipped");
  });

  it("fails when the organization is not in all-features mode", async () => {
    const { status } = await doctor({
      mutate: (org) => {
        org.featureSet = "CONSOLIDATED_BILLING";
      },
    });

    expect(status["all-features"]).toBe("failure");
  });

  it.each([
    ["AWS_ENDPOINT_URL_STS names the global endpoint", { AWS_ENDPOINT_URL_STS: "https://sts.amazonaws.com" }],
    ["the region is aws-global", { AWS_ENDPOINT_URL: "", AWS_REGION: "aws-global" }],
  ])("fails first, before any call, when %s (where the SDK really sends AssumeRoot)", async (_name, env) => {
    const { run, status, report } = await doctor({ env });

    expect(run.code).toBe(1);
    expect(status).toEqual({ "sts-endpoint": "failure" });
    const check = report.checks.find((entry) => entry.id === "sts-endpoint");
    expect(check?.detail).toContain("https://sts.amazonaws.com");
    expect(check?.fix).toContain("AWS_REGION");
  });

  it("only warns about AWS_STS_REGIONAL_ENDPOINTS=legacy, which the SDK v3 ignores", async () => {
    const { status, report } = await doctor({ env: { AWS_STS_REGIONAL_ENDPOINTS: "legacy" } });

    expect(status["sts-endpoint"]).toBe("warning");
    expect(report.checks.find((check) => check.id === "sts-endpoint")?.detail).toContain("ignores");
    expect(status["audit-session"]).toBe("ok");
  });

  it("prints text and markdown with each fix", async () => {
    const sandbox = await start({ fixture: classicDenyRoot });

    const text = await runAgainst(sandbox, ["doctor"]);
    const markdown = await runAgainst(sandbox, ["doctor", "--format", "markdown"]);

    expect(text.stdout).toMatch(
      /✗ failure {2}Service control policies vs root sessions: RestrictRootUser \(p-restrictroot\)/,
    );
    expect(text.stdout).toContain('fix: add Condition "Null": {"aws:AssumedRoot": "true"}');
    // The third failure: the repository's desired state is for the example organization.
    expect(text.stdout).toMatch(/\d+ ok, 0 warnings, 3 failures, 0 skipped/);
    expect(markdown.stdout).toContain("| ❌ failure | An AssumeRoot audit session works |");
  });
});
