import type { AuditedAccount, AuditSnapshot } from "../audit/snapshot.js";
import { holdsRootCredentials } from "../audit/snapshot.js";
import { canonicalJson } from "../plan/canonical-json.js";
import { inertData } from "./inert-text.js";

export function renderAuditJson(snapshot: AuditSnapshot): string {
  return `${canonicalJson(snapshot, 2)}\n`;
}

/** Who ran the audit; plan does not schedule feature switches only the management account may make. */
function callerLine(snapshot: AuditSnapshot): string[] {
  const caller = snapshot.caller;
  if (!caller) return [];
  const kind =
    caller.accountId === snapshot.organization.managementAccountId
      ? "the management account"
      : `account ${caller.accountId}, not the management account`;
  return [`Caller: ${caller.arn} (${kind})`];
}

/** A readable table, one row per account, and the summary line. */
export function renderAuditText(input: AuditSnapshot): string {
  const snapshot = inertData(input);
  const rows = snapshot.accounts.map((account) => [
    account.id,
    truncate(account.name, 28),
    truncate(account.ouPath, 30),
    account.state,
    account.status,
    credentialsCell(account),
  ]);
  const header = ["ACCOUNT", "NAME", "OU", "STATE", "STATUS", "ROOT CREDENTIALS"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  const features = snapshot.features;
  return [
    `Organization ${snapshot.organization.id} (management account ${snapshot.organization.managementAccountId}), audited ${snapshot.generatedAt}`,
    ...callerLine(snapshot),
    `Features: trusted access ${snapshot.unread?.trustedAccess ? "unknown" : onOff(features.trustedAccess)}, root credentials management ${onOff(features.rootCredentialsManagement)}, root sessions ${onOff(features.rootSessions)}`,
    ...unreadLines(snapshot),
    "",
    line(header),
    ...rows.map(line),
    "",
    ...unlockTargetLines(snapshot),
    auditSummaryLine(snapshot),
    "",
  ].join("\n");
}

/** `42 accounts: 30 clean, 9 with root credentials, 2 skipped, 1 failed`. */
export function auditSummaryLine(snapshot: AuditSnapshot): string {
  const count = (predicate: (account: AuditedAccount) => boolean) =>
    snapshot.accounts.filter(predicate).length;
  const audited = (account: AuditedAccount) =>
    account.status === "audited" && account.rootCredentials !== undefined;
  const parts = [
    `${count((a) => audited(a) && !holdsRootCredentials(a.rootCredentials ?? emptyCredentials))} clean`,
    `${count((a) => audited(a) && holdsRootCredentials(a.rootCredentials ?? emptyCredentials))} with root credentials`,
    `${count((a) => a.status === "skipped")} skipped`,
  ];
  const unaudited = count((a) => a.status === "unaudited");
  if (unaudited > 0) parts.push(`${unaudited} unaudited`);
  parts.push(`${count((a) => a.status === "failed")} failed`);
  return `${snapshot.accounts.length} accounts: ${parts.join(", ")}`;
}

const emptyCredentials = {
  password: { present: false },
  accessKeys: [],
  mfaDevices: [],
  signingCertificates: [],
};

function credentialsCell(account: AuditedAccount): string {
  if (account.status !== "audited" || !account.rootCredentials) {
    const code = account.errorCode ? `${account.errorCode}: ` : "";
    return `- (${code}${account.reason ?? account.status})`;
  }
  const live = account.rootCredentials;
  const parts: string[] = [];
  if (live.password.present) parts.push("password");
  if (live.accessKeys.length > 0)
    parts.push(`${live.accessKeys.length} access key${live.accessKeys.length === 1 ? "" : "s"}`);
  if (live.mfaDevices.length > 0) parts.push(`${live.mfaDevices.length} MFA`);
  if (live.signingCertificates.length > 0)
    parts.push(
      `${live.signingCertificates.length} certificate${live.signingCertificates.length === 1 ? "" : "s"}`,
    );
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** The policies read for unlock requests: whether one is there (the JSON snapshot holds it whole). */
function unlockTargetLines(snapshot: AuditSnapshot): string[] {
  const targets = snapshot.unlockTargets ?? [];
  if (targets.length === 0) return [];
  const lines = targets.map((target) => {
    const what = target.s3Bucket !== undefined ? `bucket ${target.s3Bucket}` : `queue ${target.sqsQueueUrl}`;
    const state =
      target.status === "read"
        ? target.policy === undefined
          ? "no policy"
          : `policy present (${target.policy.length} characters)`
        : `${target.status} (${target.errorCode ? `${target.errorCode}: ` : ""}${target.reason ?? ""})`;
    return `  ${target.accountId} ${what}: ${state}`;
  });
  return ["Unlock targets:", ...lines, ""];
}

/** Warnings for stderr: what the audit could not read (AWS messages made inert). */
export function unreadWarnings(snapshot: AuditSnapshot): string {
  return unreadLines(inertData({ unread: snapshot.unread }) as AuditSnapshot)
    .map(
      (line) =>
        `warning: ${line.replace(/^Not read: /, "could not read ")}; the plan reports the analyses this leaves out\n`,
    )
    .join("");
}

/** What the audit could not read; the plan reports the analyses this leaves out. */
function unreadLines(snapshot: AuditSnapshot): string[] {
  const unread = snapshot.unread;
  if (!unread) return [];
  const lines: string[] = [];
  if (unread.serviceControlPolicies)
    lines.push(
      `Not read: service control policies (${unread.serviceControlPolicies.code}: ${unread.serviceControlPolicies.message})`,
    );
  if (unread.trustedAccess)
    lines.push(
      `Not read: trusted access for iam.amazonaws.com (${unread.trustedAccess.code}: ${unread.trustedAccess.message})`,
    );
  return lines;
}

function onOff(value: boolean): string {
  return value ? "on" : "off";
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
