import type { RootCredentials } from "../../audit/snapshot.js";
import { Severities } from "../../plan/model.js";
import { maskAccessKeyId, maskKeysInText } from "../../report/plan-words.js";
import type { ChangeSet } from "../history.js";
import type { Evidence, EvidenceAccount } from "../model.js";
import { Postures } from "../posture.js";
import { POSTURE_LABELS } from "./overview.js";

/** A table the page's script pages and searches; rows are arrays of plain strings. */
export type TableSpec = {
  columns: Array<{ title: string; kind?: "tag" | "num" | "mono" }>;
  rows: string[][];
  filter?: { column: number; label: string; options: string[] };
  /** Where the complete rows are, said under a printed page. */
  complete: string;
};

export function accountsTable(evidence: Evidence): TableSpec {
  const rows = evidence.accounts.map((account) => [
    account.id,
    account.name,
    account.ouPath,
    account.posture,
    governedBy(account),
    account.credentials ? credentialSummary(account.credentials) : `not verified: ${account.reason ?? ""}`,
    `${account.governedBy.file}:${account.governedBy.line}`,
  ]);
  return {
    columns: [
      { title: "Account", kind: "mono" },
      { title: "Name" },
      { title: "OU" },
      { title: "Posture", kind: "tag" },
      { title: "Governed by" },
      { title: "Root credentials" },
      { title: "Source", kind: "mono" },
    ],
    rows,
    filter: {
      column: 3,
      label: "posture",
      options: Postures.filter((posture) => evidence.counts[posture] > 0),
    },
    complete: "controls.csv lists every account.",
  };
}

function governedBy(account: EvidenceAccount): string {
  const entry = account.governedBy;
  switch (entry.kind) {
    case "exception":
      return `exception ${entry.name ?? ""}`;
    case "unmanaged":
      return `unmanaged (${entry.name ?? ""})`;
    case "baseline":
      return "baseline";
    case "out-of-scope":
      return "management account (out of scope)";
    case "unverified":
      return "not verified (tags unreadable)";
  }
}

/** Access key ids are shortened as in plan comments (`AKIA…MPLE`); controls.csv has them whole. */
export function credentialSummary(credentials: RootCredentials): string {
  const parts = [
    credentials.password.present ? "password" : "",
    ...credentials.accessKeys.map((key) => `access key ${maskAccessKeyId(key.accessKeyId)} (${key.status})`),
    ...credentials.mfaDevices.map((device) => `${device.type} MFA`),
    ...credentials.signingCertificates.map(
      (certificate) => `signing certificate ${certificate.certificateId}`,
    ),
  ].filter(Boolean);
  return parts.length === 0 ? "none" : parts.join(", ");
}

export function findingsTable(evidence: Evidence): TableSpec {
  const names = new Map(evidence.accounts.map((account) => [account.id, account.name]));
  return {
    columns: [
      { title: "Severity", kind: "tag" },
      { title: "Rule", kind: "mono" },
      { title: "Account" },
      { title: "Finding" },
      { title: "Source", kind: "mono" },
    ],
    rows: evidence.findings.map((finding) => [
      finding.severity,
      finding.ruleId,
      finding.accountId === undefined
        ? ""
        : `${finding.accountId} ${names.get(finding.accountId) ?? ""}`.trim(),
      maskKeysInText(finding.message),
      `${finding.location.file}:${finding.location.line}`,
    ]),
    filter: {
      column: 0,
      label: "severity",
      options: Severities.filter((severity) => evidence.findingCounts[severity] > 0),
    },
    complete: "`rootward plan --format json` lists every finding.",
  };
}

export function changesTable(changes: ChangeSet): TableSpec {
  const rows: string[][] = [
    ...changes.created.map((change) => [
      "credential created",
      change.accountId,
      change.name,
      credentialLabel(change.credential),
    ]),
    ...changes.removed.map((change) => [
      "credential removed",
      change.accountId,
      change.name,
      credentialLabel(change.credential),
    ]),
    ...changes.postureChanged.map((change) => [
      "posture changed",
      change.accountId,
      change.name,
      `${POSTURE_LABELS[change.from]} → ${POSTURE_LABELS[change.to]}`,
    ]),
    ...changes.joined.map((change) => ["account joined", change.accountId, change.name, ""]),
    ...changes.left.map((change) => ["account left", change.accountId, change.name, ""]),
  ];
  const kinds = [
    "credential created",
    "credential removed",
    "posture changed",
    "account joined",
    "account left",
  ];
  return {
    columns: [
      { title: "Change" },
      { title: "Account", kind: "mono" },
      { title: "Name" },
      { title: "Detail" },
    ],
    rows,
    filter: {
      column: 0,
      label: "change",
      options: kinds.filter((kind) => rows.some((row) => row[0] === kind)),
    },
    complete: "posture.json of both packs holds every account.",
  };
}

function credentialLabel(credential: string): string {
  if (credential.startsWith("access-key:")) return `access key ${maskAccessKeyId(credential.slice(11))}`;
  if (credential.startsWith("mfa:")) return `MFA device ${credential.slice(4)}`;
  if (credential.startsWith("signing-certificate:")) return `signing certificate ${credential.slice(20)}`;
  return credential;
}
