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
import type { RootCredentials } from "../audit/snapshot.js";
import { isAccountAction } from "../plan/model.js";
import { plan } from "../plan/plan.js";
import { accountControls, type ControlRow, evaluateCheck } from "./control-status.js";
import { type CheckId, CheckIds } from "./controls-catalog.js";

const KEY = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", status: "Active" };
const VIRTUAL = {
  serialNumber: "arn:aws:iam::111111111111:mfa/root-account-mfa-device",
  type: "virtual" as const,
};
const HARDWARE = { serialNumber: "GAHT12345678", type: "hardware" as const };

function credentials(overrides: Partial<RootCredentials>): RootCredentials {
  return { ...clean(), ...overrides };
}

describe("evaluateCheck: each control against the live credentials alone", () => {
  it.each<[string, CheckId, RootCredentials, "pass" | "fail", string]>([
    ["no credentials", "root-access-key", clean(), "pass", "no-access-key"],
    ["an active key", "root-access-key", credentials({ accessKeys: [KEY] }), "fail", "access-key-present"],
    // AWS Config's iam-root-access-key-check: COMPLIANT only if no key exists, active or not.
    [
      "an inactive key",
      "root-access-key",
      credentials({ accessKeys: [{ ...KEY, status: "Inactive" }] }),
      "fail",
      "access-key-present",
    ],
    [
      "a password with MFA only",
      "root-access-key",
      credentials({ password: { present: true }, mfaDevices: [VIRTUAL] }),
      "pass",
      "no-access-key",
    ],
    ["no credentials (centrally managed)", "root-mfa", clean(), "pass", "no-root-credentials"],
    [
      "a password without MFA",
      "root-mfa",
      credentials({ password: { present: true } }),
      "fail",
      "no-mfa-device",
    ],
    ["an access key without MFA", "root-mfa", credentials({ accessKeys: [KEY] }), "fail", "no-mfa-device"],
    [
      "a signing certificate without MFA",
      "root-mfa",
      credentials({ signingCertificates: [{ certificateId: "CERT1", status: "Active" }] }),
      "fail",
      "no-mfa-device",
    ],
    [
      "a password with virtual MFA",
      "root-mfa",
      credentials({ password: { present: true }, mfaDevices: [VIRTUAL] }),
      "pass",
      "mfa-device",
    ],
    ["no credentials (centrally managed)", "root-hardware-mfa", clean(), "pass", "no-root-credentials"],
    [
      "a password with hardware MFA",
      "root-hardware-mfa",
      credentials({ password: { present: true }, mfaDevices: [HARDWARE] }),
      "pass",
      "hardware-mfa-device",
    ],
    [
      "a password with virtual MFA",
      "root-hardware-mfa",
      credentials({ password: { present: true }, mfaDevices: [VIRTUAL] }),
      "fail",
      "virtual-mfa-device",
    ],
    // AWS Config's root-account-hardware-mfa-enabled: NON_COMPLIANT while any virtual device is permitted.
    [
      "hardware and virtual MFA",
      "root-hardware-mfa",
      credentials({ password: { present: true }, mfaDevices: [HARDWARE, VIRTUAL] }),
      "fail",
      "virtual-mfa-device",
    ],
    [
      "a password without MFA",
      "root-hardware-mfa",
      credentials({ password: { present: true } }),
      "fail",
      "no-mfa-device",
    ],
  ])("%s: %s is %s (%s)", (_name, check, live, status, basis) => {
    const result = evaluateCheck(check, live);
    expect({ status: result.status, basis: result.basis }).toEqual({ status, basis });
    expect(result.answeredBy).not.toBe("");
  });
});

/**
 * The governance fixtures: one account per situation, planned against one desired state, so the
 * control rows come out of the same plan `rootward report` makes.
 */
const desired = desiredFrom({
  "desired-state/policy.yaml": policyYaml({
    exceptions: [
      "  - name: keys-allowed",
      '    accounts: ["222222222222", "121212121212"]',
      "    accessKeys: allowed",
      "    reason: Legacy job",
      "    owner: ops@example.com",
      "  - name: password-allowed",
      '    accounts: ["333333333333", "555555555555"]',
      "    password: allowed",
      "    mfa: allowed",
      "    reason: Break-glass",
      "    owner: security@example.com",
    ].join("\n"),
    unmanaged: '  - ous: ["/Root/Quarantine"]\n    reason: Vendor',
  }),
});
const audit = snapshot([
  account("111111111111"),
  account("222222222222", { rootCredentials: credentials({ accessKeys: [KEY] }) }),
  account("121212121212", { rootCredentials: credentials({ password: { present: true } }) }),
  account("333333333333", {
    rootCredentials: credentials({ password: { present: true }, mfaDevices: [VIRTUAL] }),
  }),
  account("444444444444", { rootCredentials: credentials({ accessKeys: [KEY] }) }),
  account("555555555555", {
    rootCredentials: credentials({ password: { present: true }, mfaDevices: [HARDWARE] }),
  }),
  account("666666666666", {
    status: "failed",
    reasonCode: "error",
    errorCode: "AccessDenied",
    reason: "explicit deny",
    rootCredentials: undefined,
  }),
  account("777777777777", {
    state: "SUSPENDED",
    status: "skipped",
    reasonCode: "not-active",
    rootCredentials: undefined,
  }),
  account("888888888888", {
    ouPath: "/Root/Quarantine",
    ouIds: ["r-root", "ou-root-quarantine"],
    rootCredentials: credentials({ accessKeys: [KEY] }),
  }),
]);

function rowsFor(accountId: string): Record<CheckId, ControlRow> {
  const planned = plan(desired, audit, NOW);
  const target = planned.accounts.find((entry) => entry.accountId === accountId);
  const audited = audit.accounts.find((entry) => entry.id === accountId);
  if (!target || !audited) throw new Error(`no account ${accountId}`);
  const actions = planned.actions.filter(isAccountAction).filter((action) => action.accountId === accountId);
  const rows = accountControls(target, audited, actions, CheckIds);
  return Object.fromEntries(rows.map((row) => [row.check, row])) as Record<CheckId, ControlRow>;
}

describe("accountControls: control status and governance, per control", () => {
  it.each<[string, string, CheckId, string, string, string]>([
    // compliant
    ["clean account", "111111111111", "root-access-key", "pass", "no-access-key", "compliant"],
    ["clean account", "111111111111", "root-mfa", "pass", "no-root-credentials", "compliant"],
    ["clean account", "111111111111", "root-hardware-mfa", "pass", "no-root-credentials", "compliant"],
    // excepted: the exception allows the key; CIS and Security Hub still fail it
    [
      "key allowed by an exception",
      "222222222222",
      "root-access-key",
      "fail",
      "access-key-present",
      "excepted",
    ],
    ["key allowed by an exception", "222222222222", "root-mfa", "fail", "no-mfa-device", "excepted"],
    ["key allowed by an exception", "222222222222", "root-hardware-mfa", "fail", "no-mfa-device", "excepted"],
    [
      "password and virtual MFA allowed",
      "333333333333",
      "root-access-key",
      "pass",
      "no-access-key",
      "compliant",
    ],
    ["password and virtual MFA allowed", "333333333333", "root-mfa", "pass", "mfa-device", "compliant"],
    [
      "password and virtual MFA allowed",
      "333333333333",
      "root-hardware-mfa",
      "fail",
      "virtual-mfa-device",
      "excepted",
    ],
    [
      "password and hardware MFA allowed",
      "555555555555",
      "root-hardware-mfa",
      "pass",
      "hardware-mfa-device",
      "compliant",
    ],
    // failing, and the plan removes it: drift (after the delete nothing is left, so MFA passes too)
    ["key under the baseline", "444444444444", "root-access-key", "fail", "access-key-present", "drift"],
    // under an exception, but what fails is not what it allows: the plan deletes the password
    ["password under a keys-only exception", "121212121212", "root-mfa", "fail", "no-mfa-device", "drift"],
    [
      "password under a keys-only exception",
      "121212121212",
      "root-access-key",
      "pass",
      "no-access-key",
      "compliant",
    ],
    ["key under the baseline", "444444444444", "root-mfa", "fail", "no-mfa-device", "drift"],
    ["key under the baseline", "444444444444", "root-hardware-mfa", "fail", "no-mfa-device", "drift"],
    [
      "unmanaged account with a key",
      "888888888888",
      "root-access-key",
      "fail",
      "access-key-present",
      "unmanaged",
    ],
    // not verified
    ["failed audit", "666666666666", "root-access-key", "not-verified", "audit-failed", "not-verified"],
    ["failed audit", "666666666666", "root-mfa", "not-verified", "audit-failed", "not-verified"],
    ["failed audit", "666666666666", "root-hardware-mfa", "not-verified", "audit-failed", "not-verified"],
    [
      "suspended account",
      "777777777777",
      "root-access-key",
      "not-verified",
      "account-not-active",
      "not-verified",
    ],
    ["management account", MANAGEMENT_ID, "root-mfa", "out-of-scope", "management-account", "out-of-scope"],
  ])("%s (%s): %s is %s / %s / %s", (_name, accountId, check, status, basis, governance) => {
    const row = rowsFor(accountId)[check];
    expect({ status: row.status, basis: row.basis, governance: row.governance }).toEqual({
      status,
      basis,
      governance,
    });
  });

  it("a not-verified row says why, from the audit's error", () => {
    expect(rowsFor("666666666666")["root-access-key"].detail).toBe(
      "not audited: AccessDenied: explicit deny",
    );
  });

  it("a failing row under the baseline that the plan does not fix is allowed by the baseline", () => {
    const lenient = desiredFrom({
      "desired-state/policy.yaml": policyYaml({
        baseline: "  password: allowed\n  accessKeys: absent\n  signingCertificates: absent\n  mfa: allowed",
      }),
    });
    const own = snapshot([
      account("111111111111", { rootCredentials: credentials({ password: { present: true } }) }),
    ]);
    const planned = plan(lenient, own, NOW).accounts.find((entry) => entry.accountId === "111111111111");
    const audited = own.accounts.find((entry) => entry.id === "111111111111");
    if (!planned || !audited) throw new Error("missing account");
    const rows = accountControls(planned, audited, [], CheckIds);
    expect(rows.map((row) => [row.check, row.status, row.governance])).toEqual([
      ["root-access-key", "pass", "compliant"],
      ["root-mfa", "fail", "allowed-by-baseline"],
      ["root-hardware-mfa", "fail", "allowed-by-baseline"],
    ]);
  });
});
