import { describe, expect, it } from "vitest";
import {
  account,
  clean,
  desiredFrom,
  MANAGEMENT_ID,
  NOW,
  policyYaml,
  snapshot,
} from "../../test/support/builders.js";
import type { AuditedAccount, RootCredentials } from "../audit/snapshot.js";
import type { AccountAction } from "./model.js";
import { OrganizationMismatchError, plan, TagsNotReadError } from "./plan.js";

const baselineOnly = desiredFrom({ "policy.yaml": policyYaml() });

function creds(overrides: Partial<RootCredentials>): RootCredentials {
  return { ...clean(), ...overrides };
}

const key = (accessKeyId: string, lastUsedDate?: string) => ({
  accessKeyId,
  status: "Active",
  createDate: "2020-01-01T00:00:00.000Z",
  ...(lastUsedDate ? { lastUsedDate, lastUsedService: "s3" } : {}),
});
const virtual = (name: string) => ({
  serialNumber: `arn:aws:iam::111111111111:mfa/${name}`,
  type: "virtual" as const,
});
const hardware = (serialNumber: string) => ({ serialNumber, type: "hardware" as const });
const certificate = (certificateId: string) => ({ certificateId, status: "Active" });

function operations(actions: readonly unknown[]): string[] {
  return actions.map((action) => {
    const a = action as AccountAction;
    return [a.operation, a.accessKeyId ?? a.serialNumber ?? a.certificateId ?? ""].join(" ").trim();
  });
}

describe("plan: per-account actions against the baseline (everything absent)", () => {
  it.each([
    ["clean account", creds({}), []],
    ["password", creds({ password: { present: true } }), ["DeleteLoginProfile"]],
    [
      "access keys, sorted by id",
      creds({ accessKeys: [key("AKIAB"), key("AKIAA")] }),
      ["DeleteAccessKey AKIAA", "DeleteAccessKey AKIAB"],
    ],
    [
      "virtual MFA is only deactivated (the delete task cannot delete a virtual device)",
      creds({ mfaDevices: [virtual("root")] }),
      ["DeactivateMFADevice arn:aws:iam::111111111111:mfa/root"],
    ],
    [
      "hardware MFA is only deactivated",
      creds({ mfaDevices: [hardware("GAHT1")] }),
      ["DeactivateMFADevice GAHT1"],
    ],
    [
      "signing certificate",
      creds({ signingCertificates: [certificate("CERT1")] }),
      ["DeleteSigningCertificate CERT1"],
    ],
    [
      "everything, in the fixed apply order",
      creds({
        password: { present: true },
        accessKeys: [key("AKIA1")],
        mfaDevices: [hardware("GAHT1")],
        signingCertificates: [certificate("CERT1")],
      }),
      [
        "DeactivateMFADevice GAHT1",
        "DeleteAccessKey AKIA1",
        "DeleteSigningCertificate CERT1",
        "DeleteLoginProfile",
      ],
    ],
  ])("%s", (_name, live, expected) => {
    const result = plan(baselineOnly, snapshot([account("111111111111", { rootCredentials: live })]), NOW);

    expect(operations(result.actions)).toEqual(expected);
    expect(result.accounts.find((a) => a.accountId === "111111111111")?.disposition).toBe(
      expected.length > 0 ? "drift" : "compliant",
    );
  });

  it("names the task policy each action needs", () => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        exceptions: `  - name: recover\n    accounts: ["111111111111"]\n    password: present\n    reason: r\n    owner: o`,
      }),
    });
    const live = creds({ accessKeys: [key("AKIA1")] });

    const result = plan(desired, snapshot([account("111111111111", { rootCredentials: live })]), NOW);

    expect(result.actions).toEqual([
      {
        operation: "DeleteAccessKey",
        accountId: "111111111111",
        taskPolicy: "IAMDeleteRootUserCredentials",
        accessKeyId: "AKIA1",
      },
      { operation: "CreateLoginProfile", accountId: "111111111111", taskPolicy: "IAMCreateRootUserPassword" },
    ]);
  });
});

describe("plan: snapshots that claim what the audit never writes", () => {
  const password = creds({ password: { present: true } });

  it.each([
    ["the management account audited", account(MANAGEMENT_ID, { rootCredentials: password }), "out-of-scope"],
    [
      "a closing account audited",
      account("111111111111", { state: "PENDING_CLOSURE", rootCredentials: password }),
      "not-verified",
    ],
    [
      "a suspended account audited",
      account("111111111111", { state: "SUSPENDED", rootCredentials: password }),
      "not-verified",
    ],
  ])("changes nothing for %s", (_name, claimed, disposition) => {
    const audit = snapshot([]);
    audit.accounts = [...audit.accounts.filter((entry) => entry.id !== claimed.id), claimed];

    const result = plan(baselineOnly, audit, NOW);

    expect(result.actions).toEqual([]);
    expect(result.accounts.find((entry) => entry.accountId === claimed.id)?.disposition).toBe(disposition);
  });
});

describe("plan: governing entries", () => {
  const desired = desiredFrom({
    "policy.yaml": policyYaml({
      exceptions: [
        "  - name: keep-password",
        '    accounts: ["111111111111", "333333333333"]',
        "    password: allowed",
        "    reason: r",
        "    owner: o",
        "  - name: old",
        '    accounts: ["444444444444"]',
        "    password: allowed",
        "    reason: r",
        "    owner: o",
        "    expires: 2026-01-31",
      ].join("\n"),
      unmanaged: '  - accounts: ["333333333333"]\n    reason: quarantine',
    }),
  });
  const passwordOnly = creds({ password: { present: true } });
  // Planned inside each test, not at load, so mutation testing sees which tests run the planner.
  const result = () =>
    plan(
      desired,
      snapshot([
        account("111111111111", { rootCredentials: passwordOnly }),
        account("222222222222", { rootCredentials: passwordOnly }),
        account("333333333333", { rootCredentials: passwordOnly }),
        account("444444444444", { rootCredentials: passwordOnly }),
      ]),
      NOW,
    );
  const byId = (id: string) => result().accounts.find((a) => a.accountId === id);

  it.each([
    ["111111111111", "exception", "compliant"],
    ["222222222222", "baseline", "drift"],
    ["333333333333", "unmanaged", "unmanaged"],
    ["444444444444", "baseline", "drift"],
    [MANAGEMENT_ID, "out-of-scope", "out-of-scope"],
  ])("account %s is governed by %s (%s)", (id, kind, disposition) => {
    expect(byId(id)?.governedBy.kind).toBe(kind);
    expect(byId(id)?.disposition).toBe(disposition);
  });

  it("records the file and line of the governing entry", () => {
    expect(byId("111111111111")?.governedBy).toEqual({
      kind: "exception",
      name: "keep-password",
      location: { file: "policy.yaml", line: 16 },
    });
  });

  it("reports unmanaged credentials and the expired exception", () => {
    expect(result().findings.map((f) => [f.ruleId, f.accountId ?? "-"])).toEqual(
      expect.arrayContaining([
        ["unmanaged-account-credentials", "333333333333"],
        ["exception-expired", "-"],
      ]),
    );
  });
});

describe("plan: unreadable tags are never defaulted to none", () => {
  const byTag = desiredFrom({
    "policy.yaml": policyYaml({
      exceptions: [
        "  - name: break-glass",
        "    tags: { root-access: break-glass }",
        "    password: allowed",
        "    reason: r",
        "    owner: o",
      ].join("\n"),
    }),
  });
  const passwordOnly = creds({ password: { present: true } });
  const unreadable = account("111111111111", {
    rootCredentials: passwordOnly,
    tagsError: "AccessDeniedException: not authorized to perform organizations:ListTagsForResource",
  });

  it("leaves an account whose tags could not be read unverified, with no action and a high finding", () => {
    const result = plan(byTag, snapshot([unreadable]), NOW);
    expect(result.actions).toEqual([]);
    expect(result.accounts.find((entry) => entry.accountId === "111111111111")?.disposition).toBe(
      "not-verified",
    );
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "account-governance-unverified",
        severity: "high",
        accountId: "111111111111",
        message: expect.stringContaining("organizations:ListTagsForResource"),
      }),
    );
  });

  it("plans the account as usual when no entry selects by tag", () => {
    const result = plan(baselineOnly, snapshot([unreadable]), NOW);
    expect(result.actions.map((action) => action.operation)).toEqual(["DeleteLoginProfile"]);
  });

  it("refuses an audit that never read tags when the desired state selects by tag", () => {
    expect(() => plan(byTag, snapshot([account("111111111111")], { tagsRead: false }), NOW)).toThrow(
      TagsNotReadError,
    );
    expect(() =>
      plan(baselineOnly, snapshot([account("111111111111")], { tagsRead: false }), NOW),
    ).not.toThrow();
  });
});

describe("plan: findings", () => {
  const recently = "2026-11-10T08:00:00.000Z";
  const mfaRequired = desiredFrom({
    "policy.yaml": policyYaml({
      exceptions: `  - name: billing\n    accounts: ["111111111111"]\n    password: present\n    mfa: required\n    reason: r\n    owner: o`,
    }),
  });
  const cases: Array<[string, ReturnType<typeof desiredFrom>, AuditedAccount, string, string]> = [
    [
      "password without MFA",
      mfaRequired,
      account("111111111111", { rootCredentials: creds({ password: { present: true } }) }),
      "password-without-mfa",
      "high",
    ],
    [
      "password to be created without MFA",
      mfaRequired,
      account("111111111111"),
      "password-without-mfa",
      "high",
    ],
    [
      "recently used key to be deleted",
      baselineOnly,
      account("111111111111", { rootCredentials: creds({ accessKeys: [key("AKIA1", recently)] }) }),
      "recently-used-credential",
      "high",
    ],
    [
      "recently used password to be deleted",
      baselineOnly,
      account("111111111111", {
        rootCredentials: creds({ password: { present: true, lastUsed: recently } }),
      }),
      "recently-used-credential",
      "high",
    ],
    [
      "hardware MFA deactivation",
      baselineOnly,
      account("111111111111", { rootCredentials: creds({ mfaDevices: [hardware("GAHT1")] }) }),
      "hardware-mfa-deactivation",
      "medium",
    ],
    [
      "failed account",
      baselineOnly,
      account("111111111111", {
        status: "failed",
        reasonCode: "error",
        errorCode: "AccessDenied",
        reason: "explicit deny",
        rootCredentials: undefined,
      }),
      "account-audit-failed",
      "high",
    ],
    [
      "suspended account",
      baselineOnly,
      account("111111111111", {
        state: "SUSPENDED",
        status: "skipped",
        reasonCode: "not-active",
        rootCredentials: undefined,
      }),
      "account-not-active",
      "info",
    ],
  ];

  it.each(cases)("%s", (_name, desired, audited, ruleId, severity) => {
    const result = plan(desired, snapshot([audited]), NOW);

    const finding = result.findings.find((f) => f.ruleId === ruleId);
    expect(finding).toMatchObject({ severity, accountId: "111111111111" });
    expect(finding?.location.file).toBe("policy.yaml");
  });

  it("does not flag a key last used 31 days ago", () => {
    const old = account("111111111111", {
      rootCredentials: creds({ accessKeys: [key("AKIA1", "2026-10-22T11:00:00.000Z")] }),
    });

    expect(plan(baselineOnly, snapshot([old]), NOW).findings).toEqual([]);
  });

  it.each([
    ["expiring within 14 days", "2026-12-01", "exception-expiring", "low"],
    ["expired", "2026-11-21", "exception-expired", "medium"],
  ])("exception %s", (_name, expires, ruleId, severity) => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        exceptions: `  - name: soon\n    accounts: ["111111111111"]\n    password: allowed\n    reason: r\n    owner: o\n    expires: ${expires}`,
      }),
    });

    const result = plan(desired, snapshot([account("111111111111")]), NOW);

    expect(result.findings.find((f) => f.ruleId === ruleId)).toMatchObject({
      severity,
      location: { file: "policy.yaml", line: 16 },
    });
  });

  it("flags exceptions for accounts outside the organization, unused and shadowed exceptions", () => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        exceptions: [
          "  - name: first",
          '    ous: ["/Root/Workloads"]',
          "    password: allowed",
          "    reason: r",
          "    owner: o",
          "  - name: shadowed",
          '    accounts: ["111111111111"]',
          "    password: allowed",
          "    reason: r",
          "    owner: o",
          "  - name: gone",
          '    accounts: ["101010101010"]',
          "    password: allowed",
          "    reason: r",
          "    owner: o",
        ].join("\n"),
        unmanaged: '  - names: ["nobody-*"]\n    reason: r',
      }),
    });

    const result = plan(desired, snapshot([account("111111111111")]), NOW);

    expect(result.findings.map((f) => f.ruleId).sort()).toEqual([
      "exception-shadowed",
      "exception-unknown-account",
      "exception-unused",
      "unmanaged-unused",
    ]);
  });
});

describe("plan: organization features", () => {
  it("enables prerequisites first and disables last, around account actions", () => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: disabled",
      }),
    });
    const audit = snapshot(
      [account("111111111111", { rootCredentials: creds({ password: { present: true } }) })],
      {
        features: { trustedAccess: false, rootCredentialsManagement: true, rootSessions: true },
      },
    );

    expect(operations(plan(desired, audit, NOW).actions)).toEqual([
      "EnableAWSServiceAccess",
      "DeleteLoginProfile",
      "DisableOrganizationsRootSessions",
    ]);
  });

  it("enables root credentials management and explains that accounts come on the next plan", () => {
    const unaudited = account("111111111111", {
      status: "unaudited",
      reasonCode: "root-credentials-management-disabled",
      rootCredentials: undefined,
    });
    const audit = snapshot([unaudited], {
      features: { trustedAccess: true, rootCredentialsManagement: false, rootSessions: false },
    });

    const result = plan(baselineOnly, audit, NOW);

    expect(operations(result.actions)).toEqual(["EnableOrganizationsRootCredentialsManagement"]);
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: "root-credentials-management-off", severity: "info" }),
    ]);
    expect(result.findings[0]?.message).toContain("next plan");
  });

  it("reports an organization without all features as critical", () => {
    const audit = snapshot([], {
      organization: {
        id: "o-test123456",
        managementAccountId: MANAGEMENT_ID,
        featureSet: "CONSOLIDATED_BILLING",
        rootId: "r-root",
      },
    });

    expect(plan(baselineOnly, audit, NOW).findings[0]).toEqual({
      ruleId: "organization-not-all-features",
      severity: "critical",
      message:
        "the organization runs with feature set CONSOLIDATED_BILLING; centralized root access needs all features enabled (Organizations console → Settings)",
      location: { file: "policy.yaml", line: 1 },
    });
  });

  it("says how many accounts stay unverified while root credentials management is kept off", () => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        features: "  trustedAccess: enabled\n  rootCredentialsManagement: disabled\n  rootSessions: disabled",
      }),
    });
    const unaudited = (id: string) =>
      account(id, {
        status: "unaudited",
        reasonCode: "root-credentials-management-disabled",
        rootCredentials: undefined,
      });
    const audit = snapshot([unaudited("111111111111"), unaudited("222222222222")], {
      features: { trustedAccess: true, rootCredentialsManagement: false, rootSessions: false },
    });

    expect(plan(desired, audit, NOW).findings).toEqual([
      {
        ruleId: "root-credentials-management-off",
        severity: "high",
        message:
          "root credentials management is off and the desired state keeps it off: the root credentials of 2 member accounts cannot be verified",
        location: { file: "policy.yaml", line: 1 },
      },
    ]);
  });

  it("refuses an audit of another organization", () => {
    const audit = snapshot([], {
      organization: {
        id: "o-other123456",
        managementAccountId: MANAGEMENT_ID,
        featureSet: "ALL",
        rootId: "r-root",
      },
    });

    expect(() => plan(baselineOnly, audit, NOW)).toThrow(OrganizationMismatchError);
  });
});

describe("plan: SCPs that would deny a planned action", () => {
  const recover = desiredFrom({
    "policy.yaml": policyYaml({
      exceptions: `  - name: recover\n    accounts: ["111111111111"]\n    password: present\n    reason: r\n    owner: o`,
    }),
  });
  const deny = (condition: Record<string, unknown>, action = "iam:CreateLoginProfile") =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "NoRootPassword", Effect: "Deny", Action: action, Resource: "*", Condition: condition },
      ],
    });
  const rootArn = { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } };

  it.each([
    ["a root deny without exemption", deny(rootArn), true],
    [
      "the AWS sample with the aws:AssumedRoot exemption",
      deny({ ...rootArn, Null: { "aws:AssumedRoot": "true" } }),
      false,
    ],
    [
      "a deny by NotAction that leaves the action out",
      JSON.stringify({ Statement: [{ Effect: "Deny", NotAction: "iam:*", Resource: "*" }] }),
      false,
    ],
    ["a wildcard action", deny(rootArn, "iam:Create*"), true],
  ])("%s", (_name, content, blocked) => {
    const audit = snapshot([account("111111111111")], {
      serviceControlPolicies: [
        {
          id: "p-denyrootpw1",
          name: "DenyRootPassword",
          awsManaged: false,
          targets: ["ou-root-workload"],
          content,
        },
      ],
    });

    const findings = plan(recover, audit, NOW).findings.filter(
      (finding) => finding.ruleId === "scp-blocks-action",
    );

    expect(findings.length).toBe(blocked ? 1 : 0);
    if (blocked) expect(findings[0]?.message).toContain("SCP DenyRootPassword (p-denyrootpw1)");
  });
});
