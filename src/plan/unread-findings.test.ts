import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import type { AuditSnapshot } from "../audit/snapshot.js";
import { plan } from "./plan.js";

const denied = (action: string) => ({
  code: "AccessDeniedException",
  message: `User: arn:aws:sts::999999999999:assumed-role/ci/run is not authorized to perform: ${action}`,
});
const features = (trustedAccess: "enabled" | "disabled", rootCredentialsManagement = trustedAccess) =>
  desiredFrom({
    "policy.yaml": policyYaml({
      features: `  trustedAccess: ${trustedAccess}\n  rootCredentialsManagement: ${rootCredentialsManagement}\n  rootSessions: disabled`,
    }),
  });

describe("plan: what the audit could not read is reported, never defaulted", () => {
  it.each<[string, "enabled" | "disabled", AuditSnapshot["features"], string[]]>([
    [
      "desired enabled, written as off",
      "enabled",
      { trustedAccess: false, rootCredentialsManagement: true, rootSessions: false },
      [],
    ],
    [
      "desired disabled, written as on (an older reader's guess)",
      "disabled",
      { trustedAccess: true, rootCredentialsManagement: false, rootSessions: false },
      [],
    ],
    [
      "desired enabled with root credentials management off: only that feature is enabled",
      "enabled",
      { trustedAccess: false, rootCredentialsManagement: false, rootSessions: false },
      ["EnableOrganizationsRootCredentialsManagement"],
    ],
  ])("trusted access unread, %s: no trusted-access action, a finding", (_name, wanted, live, operations) => {
    const audit = snapshot([account("111111111111")], {
      features: live,
      unread: { trustedAccess: denied("organizations:ListAWSServiceAccessForOrganization") },
    });

    const result = plan(features(wanted), audit, NOW);

    expect(
      result.actions.filter((action) => !("accountId" in action)).map((action) => action.operation),
    ).toEqual(operations);
    expect(result.features.trustedAccess).toEqual({
      live: live.trustedAccess,
      desired: wanted === "enabled",
      unread: true,
    });
    const finding = result.findings.filter((entry) => entry.ruleId === "trusted-access-unread");
    expect(finding).toEqual([
      {
        ruleId: "trusted-access-unread",
        severity: "medium",
        message: `trusted access for iam.amazonaws.com could not be read (AccessDeniedException: User: arn:aws:sts::999999999999:assumed-role/ci/run is not authorized to perform: organizations:ListAWSServiceAccessForOrganization); the desired state has features.trustedAccess: ${wanted}, but this plan neither enables nor disables it. Grant organizations:ListAWSServiceAccessForOrganization (rootward iam-policy plan) and re-run`,
        location: { file: "policy.yaml", line: 1 },
      },
    ]);
  });

  // Read trusted access is handled as before: enabled when wanted; never disabled by rootward,
  // which says so in its own finding (src/plan/caller.ts).
  it.each([
    ["enabled", false, "EnableAWSServiceAccess"],
    ["disabled", true, "trusted-access-disable-manual"],
  ] as const)("trusted access read (desired %s): handled as before (%s)", (wanted, live, expected) => {
    const audit = snapshot([account("111111111111")], {
      features: { trustedAccess: live, rootCredentialsManagement: !live, rootSessions: false },
    });

    const result = plan(features(wanted), audit, NOW);

    const outcome = [
      ...result.actions.map((action) => action.operation),
      ...result.findings.map((entry) => entry.ruleId),
    ];
    expect(outcome).toContain(expected);
    expect(result.features.trustedAccess).toEqual({ live, desired: wanted === "enabled" });
    expect(result.findings.some((entry) => entry.ruleId === "trusted-access-unread")).toBe(false);
  });

  it("SCPs unread: the plan says the analysis was skipped and why; the account actions are unchanged", () => {
    const dirty = account("111111111111", {
      rootCredentials: {
        password: { present: true },
        accessKeys: [],
        mfaDevices: [],
        signingCertificates: [],
      },
    });
    const read = snapshot([dirty]);
    const unread = snapshot([dirty], {
      unread: { serviceControlPolicies: denied("organizations:ListPolicies") },
    });

    const before = plan(features("enabled"), read, NOW);
    const after = plan(features("enabled"), unread, NOW);

    expect(after.actions).toEqual(before.actions);
    expect(before.findings.some((entry) => entry.ruleId === "scp-analysis-skipped")).toBe(false);
    expect(after.findings.filter((entry) => entry.ruleId === "scp-analysis-skipped")).toEqual([
      {
        ruleId: "scp-analysis-skipped",
        severity: "medium",
        message:
          "SCP analysis skipped: the service control policies could not be read (AccessDeniedException: User: arn:aws:sts::999999999999:assumed-role/ci/run is not authorized to perform: organizations:ListPolicies); root credentials were audited, but SCPs that would block a planned action inside root sessions are not predicted, so apply may fail with AccessDenied. Grant organizations:ListPolicies, organizations:DescribePolicy and organizations:ListTargetsForPolicy (rootward iam-policy plan) and re-run",
        location: { file: "policy.yaml", line: 1 },
      },
    ]);
  });
});
