import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml } from "../../test/support/builders.js";
import type { AuditedAccount, RootCredentials } from "../audit/snapshot.js";
import { planAccount } from "./account-plan.js";

const ID = "111111111111";
const creds = (overrides: Partial<RootCredentials> = {}): RootCredentials => ({
  password: { present: false },
  accessKeys: [],
  mfaDevices: [],
  signingCertificates: [],
  ...overrides,
});
/** Account 111111111111 under an exception (policy.yaml:16) with these rules, else the all-absent baseline. */
function desiredWith(rules?: string) {
  return desiredFrom({
    "policy.yaml": policyYaml({
      ...(rules
        ? { exceptions: `  - name: ex\n    accounts: ["${ID}"]\n${rules}\n    reason: r\n    owner: o` }
        : {}),
      unmanaged: '  - accounts: ["222222222222"]\n    reason: Legacy',
    }),
  });
}
const rules = (...lines: string[]) => lines.map((line) => `    ${line}`).join("\n");

/** What a reviewer sees of one account: disposition, actions (operation and id), findings in words. */
function reviewed(desired: ReturnType<typeof desiredWith>, audited: AuditedAccount) {
  const result = planAccount(desired, audited, NOW);
  return {
    disposition: result.account.disposition,
    actions: result.actions.map((action) =>
      [action.operation, action.accessKeyId ?? action.serialNumber ?? action.certificateId ?? ""]
        .join(" ")
        .trim(),
    ),
    findings: result.findings.map(
      (finding) => `${finding.ruleId} ${finding.severity} ${finding.location.line}: ${finding.message}`,
    ),
  };
}

const NO_MFA = "password but no MFA device; no API can add one — the account owner must register MFA";

describe("planAccount: a password without MFA where MFA is required", () => {
  it.each<[string, string, RootCredentials, string[], string[]]>([
    [
      "a password kept, no device",
      rules("password: allowed", "mfa: required"),
      creds({ password: { present: true } }),
      [],
      [`password-without-mfa high 16: the root user has a ${NO_MFA}`],
    ],
    [
      "a password to create, no device",
      rules("password: present", "mfa: required"),
      creds(),
      ["CreateLoginProfile"],
      [`password-without-mfa high 16: the root user will have a ${NO_MFA}`],
    ],
    ["no password, none to create", rules("password: allowed", "mfa: required"), creds(), [], []],
    [
      "a password about to be deleted",
      rules("password: absent", "mfa: required"),
      creds({ password: { present: true } }),
      ["DeleteLoginProfile"],
      [],
    ],
    [
      "a password with a device",
      rules("password: allowed", "mfa: required"),
      creds({
        password: { present: true },
        mfaDevices: [{ serialNumber: "arn:aws:iam::1:mfa/a", type: "virtual" }],
      }),
      [],
      [],
    ],
    [
      "a password, MFA merely allowed",
      rules("password: allowed", "mfa: allowed"),
      creds({ password: { present: true } }),
      [],
      [],
    ],
  ])("%s", (_name, entry, live, actions, findings) => {
    expect(reviewed(desiredWith(entry), account(ID, { rootCredentials: live }))).toMatchObject({
      actions,
      findings,
    });
  });
});

describe("planAccount: deleting what was used recently or cannot be restored", () => {
  const recent = "2026-11-20T08:30:00Z";
  const thirtyDaysAgo = "2026-10-23T12:00:00.000Z";
  it.each<[string, string | undefined, RootCredentials, string[], string[]]>([
    [
      "a key used two days ago, by a named service",
      undefined,
      creds({
        accessKeys: [{ accessKeyId: "AKIA1", status: "Active", lastUsedDate: recent, lastUsedService: "s3" }],
      }),
      ["DeleteAccessKey AKIA1"],
      [
        "recently-used-credential high 11: root access key AKIA1 was used on 2026-11-20 by s3; deleting it may break whatever uses it",
      ],
    ],
    [
      "a key used exactly 30 days ago, no service recorded",
      undefined,
      creds({ accessKeys: [{ accessKeyId: "AKIA1", status: "Active", lastUsedDate: thirtyDaysAgo }] }),
      ["DeleteAccessKey AKIA1"],
      [
        "recently-used-credential high 11: root access key AKIA1 was used on 2026-10-23; deleting it may break whatever uses it",
      ],
    ],
    [
      "a recently used key that is kept",
      rules("accessKeys: allowed"),
      creds({ accessKeys: [{ accessKeyId: "AKIA1", status: "Active", lastUsedDate: recent }] }),
      [],
      [],
    ],
    [
      "a password used to sign in two days ago",
      undefined,
      creds({ password: { present: true, lastUsed: recent } }),
      ["DeleteLoginProfile"],
      [
        "recently-used-credential high 11: the root password was used to sign in on 2026-11-20; deleting it ends root sign-in for whoever did",
      ],
    ],
    [
      "a recently used password that is kept, while an old key goes",
      rules("password: allowed"),
      creds({
        password: { present: true, lastUsed: recent },
        accessKeys: [{ accessKeyId: "AKIA1", status: "Active", lastUsedDate: "2025-01-01T00:00:00Z" }],
      }),
      ["DeleteAccessKey AKIA1"],
      [],
    ],
    [
      "a hardware device (deactivated) and a virtual one (no finding), in serial order",
      undefined,
      creds({
        mfaDevices: [
          { serialNumber: "arn:aws:iam::111111111111:mfa/root", type: "virtual" },
          { serialNumber: "GAHT12345678", type: "hardware" },
        ],
      }),
      ["DeactivateMFADevice GAHT12345678", "DeactivateMFADevice arn:aws:iam::111111111111:mfa/root"],
      [
        "hardware-mfa-deactivation medium 11: hardware MFA device GAHT12345678 will be deactivated; only someone holding the device and the root user can register it again",
      ],
    ],
    [
      "a hardware device that is kept",
      rules("mfa: allowed"),
      creds({ mfaDevices: [{ serialNumber: "GAHT12345678", type: "hardware" }] }),
      [],
      [],
    ],
    [
      "certificates, deleted in id order",
      undefined,
      creds({
        signingCertificates: [
          { certificateId: "CERTB", status: "Active" },
          { certificateId: "CERTA", status: "Inactive" },
        ],
      }),
      ["DeleteSigningCertificate CERTA", "DeleteSigningCertificate CERTB"],
      [],
    ],
  ])("%s", (_name, entry, live, actions, findings) => {
    expect(reviewed(desiredWith(entry), account(ID, { rootCredentials: live }))).toEqual({
      disposition: actions.length > 0 ? "drift" : "compliant",
      actions,
      findings,
    });
  });
});

describe("planAccount: accounts it does not verify or does not manage", () => {
  const held = creds({
    password: { present: true },
    accessKeys: [
      { accessKeyId: "AKIA1", status: "Active" },
      { accessKeyId: "AKIA2", status: "Active" },
    ],
    mfaDevices: [{ serialNumber: "GAHT1", type: "hardware" }],
    signingCertificates: [{ certificateId: "C1", status: "Active" }],
  });
  it.each<[string, Partial<AuditedAccount>, string, string[]]>([
    [
      "an audit that failed, with a code and a reason",
      {
        status: "failed",
        reasonCode: "error",
        errorCode: "AccessDenied",
        reason: "explicit deny",
        rootCredentials: undefined,
      },
      "not-verified",
      ["account-audit-failed high 11: root credentials not verified (AccessDenied): explicit deny"],
    ],
    [
      "an audit cut short, without a code or a reason",
      { status: "unaudited", reasonCode: "deadline", rootCredentials: undefined },
      "not-verified",
      ["account-not-audited high 11: root credentials not verified"],
    ],
    [
      "root credentials management off: the organization finding says it once",
      { status: "unaudited", reasonCode: "root-credentials-management-disabled", rootCredentials: undefined },
      "not-verified",
      [],
    ],
    [
      "a run that read only unlock targets (apply --unlocks-only)",
      { status: "skipped", reasonCode: "unlocks-only", rootCredentials: undefined },
      "not-verified",
      [],
    ],
    [
      "a suspended account that rootward skipped",
      { state: "SUSPENDED", status: "skipped", reasonCode: "not-active", rootCredentials: undefined },
      "not-verified",
      ["account-not-active info 11: account is SUSPENDED; rootward reports it but never changes it"],
    ],
    [
      // A snapshot passed with --audit may claim credentials for an account that is not ACTIVE.
      "a closing account whose snapshot claims credentials",
      { state: "PENDING_CLOSURE", rootCredentials: held },
      "not-verified",
      ["account-not-active info 11: account is PENDING_CLOSURE; rootward reports it but never changes it"],
    ],
    [
      "an ACTIVE account skipped when the run was interrupted",
      { status: "skipped", reasonCode: "interrupted", rootCredentials: undefined },
      "not-verified",
      ["account-not-active info 11: account is ACTIVE; rootward reports it but never changes it"],
    ],
  ])("%s", (_name, overrides, disposition, findings) => {
    const result = planAccount(desiredWith(), account(ID, overrides), NOW);
    expect(reviewed(desiredWith(), account(ID, overrides))).toEqual({ disposition, actions: [], findings });
    expect(result.account).toMatchObject({
      auditStatus: overrides.status ?? "audited",
      ...(overrides.reasonCode ? { reasonCode: overrides.reasonCode } : {}),
      ...(overrides.reason ? { reason: overrides.reason } : {}),
    });
  });

  it.each<[string, RootCredentials | undefined, string[]]>([
    [
      "every kind",
      held,
      [
        "unmanaged-account-credentials info 17: unmanaged account holds root credentials (a password, 2 access key(s), 1 MFA device(s), 1 signing certificate(s)); rootward leaves them",
      ],
    ],
    [
      "an MFA device only",
      creds({ mfaDevices: [{ serialNumber: "GAHT1", type: "hardware" }] }),
      [
        "unmanaged-account-credentials info 17: unmanaged account holds root credentials (1 MFA device(s)); rootward leaves them",
      ],
    ],
    [
      "a key and a certificate",
      creds({
        accessKeys: [{ accessKeyId: "AKIA1", status: "Active" }],
        signingCertificates: [{ certificateId: "C1", status: "Active" }],
      }),
      [
        "unmanaged-account-credentials info 17: unmanaged account holds root credentials (1 access key(s), 1 signing certificate(s)); rootward leaves them",
      ],
    ],
    ["nothing", creds(), []],
    ["credentials not read", undefined, []],
  ])("an unmanaged account holding %s: reported, never changed", (_name, live, findings) => {
    expect(reviewed(desiredWith(), account("222222222222", { rootCredentials: live }))).toEqual({
      disposition: "unmanaged",
      actions: [],
      findings,
    });
  });
});

describe("planAccount: only what was read is acted on", () => {
  const byTag = desiredFrom({
    "policy.yaml": policyYaml({
      exceptions:
        "  - name: break-glass\n    tags: { root-access: break-glass }\n    password: allowed\n    reason: r\n    owner: o",
    }),
  });
  const password = creds({ password: { present: true } });

  it.each<[string, Partial<AuditedAccount>, ReturnType<typeof reviewed>]>([
    [
      "tags read, entries select by tag: planned as usual",
      { rootCredentials: password },
      { disposition: "drift", actions: ["DeleteLoginProfile"], findings: [] },
    ],
    [
      "tags read and selected by the exception",
      { rootCredentials: password, tags: { "root-access": "break-glass" } },
      { disposition: "compliant", actions: [], findings: [] },
    ],
    [
      // A snapshot may carry what a failed audit read before it failed; it is not the whole truth.
      "credentials of an audit that failed halfway",
      { status: "failed", reasonCode: "error", errorCode: "Throttling", rootCredentials: password },
      {
        disposition: "not-verified",
        actions: [],
        findings: ["account-audit-failed high 11: root credentials not verified (Throttling)"],
      },
    ],
  ])("%s", (_name, overrides, expected) => {
    expect(reviewed(byTag, account(ID, overrides))).toEqual(expected);
  });
});
