import type { AuditedAccount, RootCredentials } from "../audit/snapshot.js";
import { holdsRootCredentials } from "../audit/snapshot.js";
import type { AccountAction, PlannedAccount } from "../plan/model.js";
import type { CheckId } from "./controls-catalog.js";

/**
 * The status of each control for one account, and separately what rootward's desired state says
 * about it. The two are different questions and an auditor needs both:
 *
 * - `status` is the control's own verdict on the live credentials, exactly as CIS and Security Hub
 *   would judge them: a root access key that an exception allows still fails CIS "no root access
 *   key" / IAM.4. No exception ever turns a failure into a pass.
 * - `governance` says why a failing account is the way it is: `excepted` (a reviewed, owned,
 *   possibly time-boxed exception allows it), `drift` (the desired state forbids it and the plan
 *   removes it), `allowed-by-baseline`, `unmanaged` or `not-verified`. A passing control is
 *   `compliant` whatever governs the account.
 */
export const ControlStatuses = ["pass", "fail", "not-verified", "out-of-scope"] as const;
export type ControlStatus = (typeof ControlStatuses)[number];

export const ControlBases = [
  "no-access-key",
  "access-key-present",
  "mfa-device",
  "no-mfa-device",
  "no-root-credentials",
  "hardware-mfa-device",
  "virtual-mfa-device",
  "audit-failed",
  "account-not-active",
  "not-audited",
  "management-account",
] as const;
export type ControlBasis = (typeof ControlBases)[number];

export const Governances = [
  "compliant",
  "excepted",
  "drift",
  "allowed-by-baseline",
  "unmanaged",
  "not-verified",
  "out-of-scope",
] as const;
export type Governance = (typeof Governances)[number];

export type CheckResult = {
  status: "pass" | "fail";
  basis: ControlBasis;
  detail: string;
  /** The IAM call (inside the IAMAuditRootUserCredentials session) whose answer decided it. */
  answeredBy: string;
};

export type ControlRow = Omit<CheckResult, "status"> & {
  check: CheckId;
  status: ControlStatus;
  governance: Governance;
};

const SUMMARY = "iam:GetAccountSummary";

/** One check against one credential set; pure and table-tested per control. */
export function evaluateCheck(check: CheckId, credentials: RootCredentials): CheckResult {
  switch (check) {
    case "root-access-key":
      return accessKeyCheck(credentials);
    case "root-mfa":
      return mfaCheck(credentials);
    case "root-hardware-mfa":
      return hardwareMfaCheck(credentials);
  }
}

function accessKeyCheck(credentials: RootCredentials): CheckResult {
  const keys = credentials.accessKeys;
  if (keys.length === 0) {
    return {
      status: "pass",
      basis: "no-access-key",
      detail: "no root access key",
      // The audit lists keys only when GetAccountSummary counts one (or always, with --thorough).
      answeredBy: `${SUMMARY} AccountAccessKeysPresent = 0 (iam:ListAccessKeys with --thorough)`,
    };
  }
  const listed = keys.map((key) => {
    const used = key.lastUsedDate ? `, last used ${key.lastUsedDate.slice(0, 10)}` : ", never used";
    return `${key.accessKeyId} (${key.status}${used})`;
  });
  return {
    status: "fail",
    basis: "access-key-present",
    // AWS Config's iam-root-access-key-check is NON_COMPLIANT for any key that exists, active or not.
    detail: `${count(keys.length, "root access key")}: ${listed.join(", ")}`,
    answeredBy: "iam:ListAccessKeys, iam:GetAccessKeyLastUsed",
  };
}

function mfaCheck(credentials: RootCredentials): CheckResult {
  if (credentials.mfaDevices.length > 0) {
    return {
      status: "pass",
      basis: "mfa-device",
      detail: `MFA: ${devices(credentials)}`,
      answeredBy: "iam:ListMFADevices",
    };
  }
  if (!holdsRootCredentials(credentials)) return noRootCredentials();
  return {
    status: "fail",
    basis: "no-mfa-device",
    detail: `no MFA device, while the root user holds ${held(credentials)}`,
    answeredBy: `${SUMMARY} AccountMFAEnabled = 0`,
  };
}

function hardwareMfaCheck(credentials: RootCredentials): CheckResult {
  if (!holdsRootCredentials(credentials)) return noRootCredentials();
  const virtual = credentials.mfaDevices.filter((device) => device.type === "virtual");
  if (credentials.mfaDevices.length === 0) {
    return {
      status: "fail",
      basis: "no-mfa-device",
      detail: `no MFA device, while the root user holds ${held(credentials)}`,
      answeredBy: `${SUMMARY} AccountMFAEnabled = 0`,
    };
  }
  if (virtual.length > 0) {
    // AWS Config's root-account-hardware-mfa-enabled is NON_COMPLIANT when any virtual MFA device
    // is permitted for root sign-in, whatever else is assigned.
    return {
      status: "fail",
      basis: "virtual-mfa-device",
      detail: `virtual MFA device assigned: ${devices(credentials)}`,
      answeredBy: "iam:ListMFADevices (a serial number that is an ARN is a virtual device)",
    };
  }
  return {
    status: "pass",
    basis: "hardware-mfa-device",
    detail: `hardware MFA: ${devices(credentials)}`,
    answeredBy: "iam:ListMFADevices (a serial number that is not an ARN is a hardware device)",
  };
}

/**
 * With centralized root access a member account without root credentials has no root sign-in at
 * all ("Member accounts can't sign in to their root user or perform password recovery for their
 * root user", IAM User Guide). AWS Config reports the MFA rules NOT_APPLICABLE then, and Prowler
 * reports nothing; rootward reports pass, with this basis, so the row is never read as a gap.
 */
function noRootCredentials(): CheckResult {
  return {
    status: "pass",
    basis: "no-root-credentials",
    detail: "no root credentials (centrally managed): nobody can sign in as the root user",
    answeredBy: `${SUMMARY}: no password, access key, signing certificate or MFA device`,
  };
}

/** Every check for one account, with its governance. `audited` is the account as the audit saw it. */
export function accountControls(
  planned: PlannedAccount,
  audited: AuditedAccount,
  actions: readonly AccountAction[],
  checks: readonly CheckId[],
): ControlRow[] {
  if (planned.disposition === "out-of-scope") {
    return checks.map((check) => ({
      check,
      status: "out-of-scope",
      basis: "management-account",
      governance: "out-of-scope",
      detail: "the management account's root user cannot be targeted by sts:AssumeRoot; audit it separately",
      answeredBy: "",
    }));
  }
  const credentials = audited.status === "audited" ? audited.rootCredentials : undefined;
  if (!credentials) {
    const basis = notVerifiedBasis(audited);
    const why = [audited.errorCode, audited.reason].filter(Boolean).join(": ");
    return checks.map((check) => ({
      check,
      status: "not-verified",
      basis,
      governance: "not-verified",
      detail: why === "" ? `not audited (${audited.status})` : `not audited: ${why}`,
      answeredBy: "",
    }));
  }
  const after = afterActions(credentials, actions);
  return checks.map((check) => {
    const result = evaluateCheck(check, credentials);
    const governance: Governance =
      result.status === "pass" ? "compliant" : failingGovernance(planned, evaluateCheck(check, after));
    return { check, ...result, governance };
  });
}

function failingGovernance(planned: PlannedAccount, after: CheckResult): Governance {
  switch (planned.governedBy.kind) {
    case "unmanaged":
      return "unmanaged";
    case "unverified":
      return "not-verified";
    case "out-of-scope":
      return "out-of-scope";
    case "exception":
      return after.status === "pass" ? "drift" : "excepted";
    case "baseline":
      return after.status === "pass" ? "drift" : "allowed-by-baseline";
  }
}

function notVerifiedBasis(audited: AuditedAccount): ControlBasis {
  if (audited.status === "failed") return "audit-failed";
  if (audited.status === "skipped" && audited.reasonCode === "not-active") return "account-not-active";
  return "not-audited";
}

/** The credentials once the plan's actions for the account have run. */
export function afterActions(
  credentials: RootCredentials,
  actions: readonly AccountAction[],
): RootCredentials {
  const removed = new Set<string>();
  let password = credentials.password;
  for (const action of actions) {
    if (action.operation === "DeleteLoginProfile") password = { present: false };
    else if (action.operation === "CreateLoginProfile") password = { present: true };
    else removed.add(action.accessKeyId ?? action.serialNumber ?? action.certificateId ?? "");
  }
  return {
    password,
    accessKeys: credentials.accessKeys.filter((key) => !removed.has(key.accessKeyId)),
    mfaDevices: credentials.mfaDevices.filter((device) => !removed.has(device.serialNumber)),
    signingCertificates: credentials.signingCertificates.filter(
      (certificate) => !removed.has(certificate.certificateId),
    ),
  };
}

function devices(credentials: RootCredentials): string {
  return credentials.mfaDevices.map((device) => `${device.serialNumber} (${device.type})`).join(", ");
}

function held(credentials: RootCredentials): string {
  const kinds = [
    credentials.password.present ? "a password" : "",
    credentials.accessKeys.length > 0 ? count(credentials.accessKeys.length, "access key") : "",
    credentials.signingCertificates.length > 0
      ? count(credentials.signingCertificates.length, "signing certificate")
      : "",
  ].filter(Boolean);
  return kinds.join(", ");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
