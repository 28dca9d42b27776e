import type { AuditedAccount, RootCredentials } from "../audit/snapshot.js";
import type { CredentialRules, DesiredState } from "../desired/index.js";
import { governingEntry, usesTagSelectors } from "../desired/index.js";
import { byText } from "../order.js";
import { liveFingerprint } from "./fingerprint.js";
import type { AccountAction, Finding, Governance, PlannedAccount } from "./model.js";
import { taskPolicyFor } from "./operations.js";

/** A credential used this recently is probably still in use: deleting it may break something. */
export const RECENT_USE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type AccountPlan = { account: PlannedAccount; actions: AccountAction[]; findings: Finding[] };

export function planAccount(desired: DesiredState, audited: AuditedAccount, now: Date): AccountPlan {
  const base = {
    accountId: audited.id,
    name: audited.name,
    ouPath: audited.ouPath,
    state: audited.state,
    auditStatus: audited.status,
    ...(audited.reasonCode === undefined ? {} : { reasonCode: audited.reasonCode }),
    ...(audited.reason === undefined ? {} : { reason: audited.reason }),
  };
  if (audited.id === desired.organization.managementAccountId) {
    const governedBy: Governance = { kind: "out-of-scope", location: lineOf(desired.policyLocation) };
    return { account: { ...base, governedBy, disposition: "out-of-scope" }, actions: [], findings: [] };
  }
  if (audited.tagsError !== undefined && usesTagSelectors(desired)) {
    // Empty tags would silently drop a tag-selected exception (and delete what it allows).
    const governedBy: Governance = { kind: "unverified", location: lineOf(desired.policyLocation) };
    const finding: Finding = {
      ruleId: "account-governance-unverified",
      severity: "high",
      accountId: audited.id,
      message: `the account's tags could not be read (${audited.tagsError}), so the entries that select by tag cannot be evaluated; rootward leaves the account alone`,
      location: lineOf(desired.policyLocation),
    };
    return {
      account: { ...base, governedBy, disposition: "not-verified" },
      actions: [],
      findings: [finding],
    };
  }
  const governing = governingEntry(desired, audited, now);
  const location = lineOf(governing.location);
  if (governing.kind === "unmanaged") {
    const governedBy: Governance = { kind: "unmanaged", name: governing.rule.label, location };
    const findings = unmanagedFindings(audited, location);
    return { account: { ...base, governedBy, disposition: "unmanaged" }, actions: [], findings };
  }
  const governedBy: Governance =
    governing.kind === "exception"
      ? { kind: "exception", name: governing.rule.name, location }
      : { kind: "baseline", location };
  const rules = governing.rules;
  // Only ACTIVE accounts are changed. rootward's audit skips the others, but a snapshot passed
  // with --audit may claim credentials for a suspended or closing account.
  const live =
    audited.status === "audited" && audited.state === "ACTIVE" ? audited.rootCredentials : undefined;
  if (!live) {
    const account: PlannedAccount = { ...base, governedBy, rules, disposition: "not-verified" };
    return { account, actions: [], findings: notVerifiedFindings(audited, location) };
  }
  const actions = credentialActions(audited.id, rules, live);
  const findings = credentialFindings(audited.id, rules, live, actions, location, now);
  // Properties assigned to `base`, not spread into a new object: a spread followed by new keys
  // was a third of the plan's time at 100,000 accounts (issue 13).
  const account: PlannedAccount = Object.assign(base, {
    governedBy,
    rules,
    disposition: actions.length > 0 ? ("drift" as const) : ("compliant" as const),
    live,
    liveFingerprint: liveFingerprint(live),
  });
  return { account, actions, findings };
}

/** The deletes and creates that bring `live` in line with `rules`, in apply order. */
export function credentialActions(
  accountId: string,
  rules: CredentialRules,
  live: RootCredentials,
): AccountAction[] {
  const action = (
    operation: AccountAction["operation"],
    identifier: Partial<AccountAction> = {},
  ): AccountAction => ({
    operation,
    accountId,
    taskPolicy: taskPolicyFor(operation),
    ...identifier,
  });
  const actions: AccountAction[] = [];
  if (rules.mfa === "absent") {
    for (const device of byKey(live.mfaDevices, (device) => device.serialNumber)) {
      // Deactivation is the whole removal in a root session: IAMDeleteRootUserCredentials has not
      // allowed iam:DeleteVirtualMFADevice since 2025-01-07, and an unassigned virtual device is
      // not a credential (nobody can sign in with it).
      actions.push(action("DeactivateMFADevice", { serialNumber: device.serialNumber }));
    }
  }
  if (rules.accessKeys === "absent") {
    for (const key of byKey(live.accessKeys, (key) => key.accessKeyId)) {
      actions.push(action("DeleteAccessKey", { accessKeyId: key.accessKeyId }));
    }
  }
  if (rules.signingCertificates === "absent") {
    for (const certificate of byKey(live.signingCertificates, (certificate) => certificate.certificateId)) {
      actions.push(action("DeleteSigningCertificate", { certificateId: certificate.certificateId }));
    }
  }
  if (rules.password === "absent" && live.password.present) actions.push(action("DeleteLoginProfile"));
  if (rules.password === "present" && !live.password.present) actions.push(action("CreateLoginProfile"));
  return actions;
}

function credentialFindings(
  accountId: string,
  rules: CredentialRules,
  live: RootCredentials,
  actions: readonly AccountAction[],
  location: Finding["location"],
  now: Date,
): Finding[] {
  const findings: Finding[] = [];
  const deletes = (operation: AccountAction["operation"], id?: string) =>
    actions.some(
      (action) =>
        action.operation === operation &&
        (id === undefined || action.accessKeyId === id || action.serialNumber === id),
    );
  const passwordAfter =
    rules.password === "present" || (live.password.present && rules.password !== "absent");
  const mfaAfter = rules.mfa !== "absent" && live.mfaDevices.length > 0;
  if (rules.mfa === "required" && passwordAfter && !mfaAfter) {
    findings.push({
      ruleId: "password-without-mfa",
      severity: "high",
      accountId,
      message: `the root user ${live.password.present ? "has" : "will have"} a password but no MFA device; no API can add one — the account owner must register MFA`,
      location,
    });
  }
  for (const key of live.accessKeys) {
    if (!deletes("DeleteAccessKey", key.accessKeyId) || !usedWithin(key.lastUsedDate, now)) continue;
    const service = key.lastUsedService ? ` by ${key.lastUsedService}` : "";
    findings.push({
      ruleId: "recently-used-credential",
      severity: "high",
      accountId,
      message: `root access key ${key.accessKeyId} was used on ${day(key.lastUsedDate)}${service}; deleting it may break whatever uses it`,
      location,
    });
  }
  if (deletes("DeleteLoginProfile") && usedWithin(live.password.lastUsed, now)) {
    findings.push({
      ruleId: "recently-used-credential",
      severity: "high",
      accountId,
      message: `the root password was used to sign in on ${day(live.password.lastUsed)}; deleting it ends root sign-in for whoever did`,
      location,
    });
  }
  for (const device of live.mfaDevices) {
    if (device.type !== "hardware" || !deletes("DeactivateMFADevice", device.serialNumber)) continue;
    findings.push({
      ruleId: "hardware-mfa-deactivation",
      severity: "medium",
      accountId,
      message: `hardware MFA device ${device.serialNumber} will be deactivated; only someone holding the device and the root user can register it again`,
      location,
    });
  }
  return findings;
}

function notVerifiedFindings(audited: AuditedAccount, location: Finding["location"]): Finding[] {
  const because = audited.reason ? `: ${audited.reason}` : "";
  if (audited.reasonCode === "root-credentials-management-disabled" || audited.reasonCode === "unlocks-only")
    return [];
  if (audited.status === "skipped" || audited.state !== "ACTIVE") {
    return [
      {
        ruleId: "account-not-active",
        severity: "info",
        accountId: audited.id,
        message: `account is ${audited.state}; rootward reports it but never changes it`,
        location,
      },
    ];
  }
  return [
    {
      ruleId: audited.status === "failed" ? "account-audit-failed" : "account-not-audited",
      severity: "high",
      accountId: audited.id,
      message: `root credentials not verified${audited.errorCode ? ` (${audited.errorCode})` : ""}${because}`,
      location,
    },
  ];
}

function unmanagedFindings(audited: AuditedAccount, location: Finding["location"]): Finding[] {
  const live = audited.rootCredentials;
  if (!live) return [];
  const kinds = [
    live.password.present ? "a password" : "",
    live.accessKeys.length > 0 ? `${live.accessKeys.length} access key(s)` : "",
    live.mfaDevices.length > 0 ? `${live.mfaDevices.length} MFA device(s)` : "",
    live.signingCertificates.length > 0 ? `${live.signingCertificates.length} signing certificate(s)` : "",
  ].filter(Boolean);
  if (kinds.length === 0) return [];
  return [
    {
      ruleId: "unmanaged-account-credentials",
      severity: "info",
      accountId: audited.id,
      message: `unmanaged account holds root credentials (${kinds.join(", ")}); rootward leaves them`,
      location,
    },
  ];
}

function usedWithin(date: string | undefined, now: Date): boolean {
  if (!date) return false;
  const age = now.getTime() - new Date(date).getTime();
  return age <= RECENT_USE_DAYS * DAY_MS;
}

function day(date: string | undefined): string {
  return (date ?? "").slice(0, 10);
}

function lineOf(location: { file: string; line: number }): Finding["location"] {
  return { file: location.file, line: location.line };
}

function byKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort(byText(key));
}
