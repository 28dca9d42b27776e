import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import type { RootCredentials } from "../audit/snapshot.js";
import { planFingerprint } from "./fingerprint.js";
import { plan } from "./plan.js";
import { targetFlags, targetPlan } from "./target-plan.js";

const creds = (overrides: Partial<RootCredentials>): RootCredentials => ({
  password: { present: false },
  accessKeys: [],
  mfaDevices: [],
  signingCertificates: [],
  ...overrides,
});

/**
 * Four members and an organization action: 111 drifts (a password and a recently used key),
 * 222 drifts (a password) and has an unlock, 333 is compliant and has an unlock, 444 is
 * unmanaged, 555's audit failed; trusted access is off live.
 */
function wholePlan() {
  const desired = desiredFrom({
    "desired-state/policy.yaml": policyYaml({
      features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: enabled",
      unmanaged: '  - accounts: ["444444444444"]\n    reason: Legacy',
      unlocks: [
        "  - name: shared",
        '    account: "222222222222"',
        "    s3Bucket: acme-shared",
        "    reason: r",
        "    owner: o",
        "  - name: compliant-but-locked",
        '    account: "333333333333"',
        "    s3Bucket: acme-locked",
        "    reason: r",
        "    owner: o",
      ].join("\n"),
    }),
  });
  const recentKey = { accessKeyId: "AKIA1", status: "Active" as const, lastUsedDate: "2026-11-20T00:00:00Z" };
  const audit = snapshot(
    [
      account("111111111111", {
        rootCredentials: creds({ password: { present: true }, accessKeys: [recentKey] }),
      }),
      account("222222222222", { rootCredentials: creds({ password: { present: true } }) }),
      account("333333333333"),
      account("444444444444", { rootCredentials: creds({ password: { present: true } }) }),
      account("555555555555", { status: "failed", reasonCode: "error", rootCredentials: undefined }),
    ],
    {
      features: { trustedAccess: false, rootCredentialsManagement: true, rootSessions: true },
      unlockTargets: [
        { accountId: "222222222222", s3Bucket: "acme-shared", status: "read", policy: "{}" },
        { accountId: "333333333333", s3Bucket: "acme-locked", status: "read", policy: "{}" },
      ],
    },
  );
  return plan(desired, audit, NOW);
}

const target = (...ids: string[]) => ({ accounts: ids.map((id) => ({ id, name: `account-${id}` })) });

describe("targetPlan: a plan for a few accounts only (--account)", () => {
  it.each<[string, string[], { actions: string[]; unlocks: string[]; findings: string[]; summary: object }]>([
    [
      "one drifting account: its actions and findings, nothing of the organization",
      ["111111111111"],
      {
        actions: ["111111111111 DeleteAccessKey", "111111111111 DeleteLoginProfile"],
        unlocks: [],
        findings: ["111111111111 recently-used-credential high"],
        summary: { accounts: 1, compliant: 0, drift: 1, unmanaged: 0, notVerified: 0, outOfScope: 0 },
      },
    ],
    [
      "an account with an unlock and an unmanaged one",
      ["222222222222", "444444444444"],
      {
        actions: ["222222222222 DeleteLoginProfile", "222222222222 DeleteBucketPolicy"],
        unlocks: ["222222222222 shared"],
        findings: ["444444444444 unmanaged-account-credentials info"],
        summary: { accounts: 2, compliant: 0, drift: 1, unmanaged: 1, notVerified: 0, outOfScope: 0 },
      },
    ],
    [
      // Drift counts accounts whose root credentials change; an unlock alone is not drift.
      "a compliant account with an unlock, and an account whose audit failed",
      ["333333333333", "555555555555"],
      {
        actions: ["333333333333 DeleteBucketPolicy"],
        unlocks: ["333333333333 compliant-but-locked"],
        findings: ["555555555555 account-audit-failed high"],
        summary: { accounts: 2, compliant: 1, drift: 0, unmanaged: 0, notVerified: 1, outOfScope: 0 },
      },
    ],
    [
      "two drifting accounts",
      ["111111111111", "222222222222"],
      {
        actions: [
          "111111111111 DeleteAccessKey",
          "111111111111 DeleteLoginProfile",
          "222222222222 DeleteLoginProfile",
          "222222222222 DeleteBucketPolicy",
        ],
        unlocks: ["222222222222 shared"],
        findings: ["111111111111 recently-used-credential high"],
        summary: { accounts: 2, compliant: 0, drift: 2, unmanaged: 0, notVerified: 0, outOfScope: 0 },
      },
    ],
    [
      "the management account: out of scope, nothing to do",
      ["999999999999"],
      {
        actions: [],
        unlocks: [],
        findings: [],
        summary: { accounts: 1, compliant: 0, drift: 0, unmanaged: 0, notVerified: 0, outOfScope: 1 },
      },
    ],
  ])("%s", (_name, ids, expected) => {
    const whole = wholePlan();
    expect(whole.actions.map((action) => action.operation)).toContain("EnableAWSServiceAccess");

    const narrowed = targetPlan(whole, target(...ids));

    expect({
      actions: narrowed.actions.map(
        (action) => `${"accountId" in action ? action.accountId : "-"} ${action.operation}`,
      ),
      unlocks: narrowed.unlocks.map((unlock) => `${unlock.accountId} ${unlock.name}`),
      findings: narrowed.findings.map(
        (finding) => `${finding.accountId} ${finding.ruleId} ${finding.severity}`,
      ),
      summary: narrowed.summary,
    }).toEqual({
      ...expected,
      summary: {
        ...expected.summary,
        organizationActions: 0,
        accountActions: expected.actions.length,
        findings: {
          critical: 0,
          high: expected.findings.filter((finding) => finding.endsWith(" high")).length,
          medium: 0,
          low: 0,
          info: expected.findings.filter((finding) => finding.endsWith(" info")).length,
        },
      },
    });
    expect(narrowed.accounts.map((entry) => entry.accountId)).toEqual(ids);
    expect(narrowed.target).toEqual(target(...ids));
    expect(narrowed.fingerprint).toBe(
      planFingerprint(whole.organizationId, narrowed.actions, narrowed.accounts, narrowed.unlocks),
    );
  });

  it("gets a fingerprint of its own: the whole plan's does not cover a narrowed one", () => {
    const whole = wholePlan();
    expect(targetPlan(whole, target("111111111111")).fingerprint).not.toBe(whole.fingerprint);
  });

  it("names its accounts as the --account flags that make it", () => {
    expect(targetFlags(target("111111111111", "222222222222"))).toEqual([
      "--account",
      "111111111111",
      "--account",
      "222222222222",
    ]);
  });
});
