import { inertText } from "../report/inert-text.js";
import type { ControlRow } from "./control-status.js";
import {
  CENTRALIZED_ROOT_ACCESS,
  CHECKS,
  type CheckId,
  CisVersions,
  type ControlCheck,
} from "./controls-catalog.js";
import type { RegisterEntry } from "./exceptions-register.js";
import type { Evidence, EvidenceAccount } from "./model.js";

export const CONTROLS_KIND = "rootward-controls";
export const CONTROLS_VERSION = 1;
/** The pack's copy of the audit snapshot, which every row's evidence points to. */
export const AUDIT_FILE = "audit.json";
/** The session every per-account answer was read in; its task policy is TASK_POLICY_ARN. */
const SESSION = "sts:AssumeRoot IAMAuditRootUserCredentials";
const TASK_POLICY_ARN = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";

const CATALOG = new Map<CheckId, ControlCheck>(CHECKS.map((check) => [check.id, check]));

type Row = { account: EvidenceAccount; control: ControlRow; check: ControlCheck; expires?: string };

function rowsOf(evidence: Evidence): Row[] {
  const expiry = new Map<string, RegisterEntry>(evidence.exceptions.map((entry) => [entry.name, entry]));
  return evidence.accounts.flatMap((account) =>
    account.controls.map((control) => {
      const entry =
        account.governedBy.kind === "exception" ? expiry.get(account.governedBy.name ?? "") : undefined;
      return {
        account,
        control,
        check: CATALOG.get(control.check) as ControlCheck,
        ...(entry?.expires ? { expires: entry.expires } : {}),
      };
    }),
  );
}

function governedByLabel(account: EvidenceAccount): string {
  const entry = account.governedBy;
  return entry.name === undefined ? entry.kind : `${entry.kind} ${entry.name}`;
}

/**
 * controls.json: the catalog, the organization-level control, and per account every control's
 * status, governance and evidence. Values are exactly what the audit and the desired state hold
 * (JSON keeps hostile text harmless by itself). One account per line: at 10,000 accounts the file
 * stays greppable and diffable without the bulk of indenting 30,000 rows.
 */
export function renderControlsJson(evidence: Evidence): string {
  const rows = rowsOf(evidence);
  const byAccount = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byAccount.get(row.account.id);
    if (list) list.push(row);
    else byAccount.set(row.account.id, [row]);
  }
  const document = {
    kind: CONTROLS_KIND,
    version: CONTROLS_VERSION,
    generatedAt: evidence.generatedAt,
    tool: { name: "rootward", version: evidence.toolVersion },
    audit: {
      file: AUDIT_FILE,
      generatedAt: evidence.audit.generatedAt,
      organizationId: evidence.audit.organizationId,
      managementAccountId: evidence.audit.managementAccountId,
      ...(evidence.audit.caller ? { caller: evidence.audit.caller } : {}),
      session: SESSION,
      taskPolicyArn: TASK_POLICY_ARN,
    },
    desiredState: evidence.desiredState,
    semantics: {
      status:
        "the control's own verdict on the live root credentials (pass, fail, not-verified, out-of-scope); an exception never turns a failure into a pass",
      governance:
        "why a failing account is that way under the desired state: excepted, drift (the plan removes it), allowed-by-baseline, unmanaged, not-verified; compliant when the control passes",
    },
    checks: CHECKS,
    organization: {
      ...CENTRALIZED_ROOT_ACCESS,
      status: evidence.organizationControl.status,
      evidence: {
        audit: AUDIT_FILE,
        auditedAt: evidence.audit.generatedAt,
        detail: evidence.organizationControl.detail,
      },
    },
    accounts: [] as unknown[],
  };
  const accounts = evidence.accounts.map((account) =>
    JSON.stringify({
      accountId: account.id,
      name: account.name,
      ouPath: account.ouPath,
      posture: account.posture,
      governedBy: account.governedBy,
      controls: (byAccount.get(account.id) ?? []).map((row) => ({
        check: row.control.check,
        securityHub: row.check.securityHub.id,
        status: row.control.status,
        basis: row.control.basis,
        governance: row.control.governance,
        ...(row.expires ? { exceptionExpires: row.expires } : {}),
        detail: row.control.detail,
        evidence: evidenceOf(evidence, row.control),
      })),
    }),
  );
  // `accounts` is the last key: its empty array becomes the one-account-per-line list.
  const head = JSON.stringify(document, null, 2).replace(/"accounts": \[\]\n\}$/, '"accounts": [\n');
  return `${head}${accounts.join(",\n")}\n]}\n`;
}

function evidenceOf(evidence: Evidence, control: ControlRow) {
  return {
    audit: AUDIT_FILE,
    auditedAt: evidence.audit.generatedAt,
    session: control.answeredBy === "" ? "" : SESSION,
    answeredBy: control.answeredBy,
  };
}

export const CSV_COLUMNS = [
  "account_id",
  "account_name",
  "ou_path",
  "account_posture",
  "check",
  ...CisVersions.map((version) => `cis_${version.replace(/\./g, "_")}`),
  "security_hub_control",
  "prowler_check",
  "aws_config_rule",
  "status",
  "basis",
  "governance",
  "governed_by",
  "governing_entry",
  "exception_expires",
  "detail",
  "audit_file",
  "audited_at",
  "organization_id",
  "session",
  "answered_by",
] as const;

/** controls.csv: one row per account and control (RFC 4180), for spreadsheets and GRC tools. */
export function renderControlsCsv(evidence: Evidence): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const { account, control, check, expires } of rowsOf(evidence)) {
    const cells = [
      account.id,
      account.name,
      account.ouPath,
      account.posture,
      check.id,
      ...CisVersions.map((version) => check.cis[version]),
      check.securityHub.id,
      check.prowler,
      check.awsConfigRule,
      control.status,
      control.basis,
      control.governance,
      governedByLabel(account),
      `${account.governedBy.file}:${account.governedBy.line}`,
      expires ?? "",
      control.detail,
      AUDIT_FILE,
      evidence.audit.generatedAt,
      evidence.audit.organizationId,
      control.answeredBy === "" ? "" : SESSION,
      control.answeredBy,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * One CSV field. Names and reasons come from AWS and pull requests: control and bidi characters
 * become visible escapes (report/inert-text.ts), and a field a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR; OWASP "CSV Injection") gets a leading apostrophe. Every
 * field is quoted, quotes doubled.
 */
export function csvCell(value: string): string {
  const inert = inertText(value);
  const safe = /^[=+\-@\t\r]/.test(inert) ? `'${inert}` : inert;
  return `"${safe.replace(/"/g, '""')}"`;
}
