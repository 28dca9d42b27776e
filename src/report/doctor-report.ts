import type { DoctorReport, DoctorStatus } from "../doctor/model.js";
import { canonicalJson } from "../plan/canonical-json.js";
import { escapeCell } from "./markdown-text.js";

const MARK: Record<DoctorStatus, string> = {
  ok: "✓ ok     ",
  warning: "! warning",
  failure: "✗ failure",
  skipped: "- skipped",
};

export function doctorSummaryLine(report: DoctorReport): string {
  const count = (status: DoctorStatus) => report.checks.filter((check) => check.status === status).length;
  return `${count("ok")} ok, ${count("warning")} warnings, ${count("failure")} failures, ${count("skipped")} skipped`;
}

export function renderDoctorText(report: DoctorReport): string {
  const lines = ["rootward doctor", ""];
  for (const check of report.checks) {
    lines.push(`  ${MARK[check.status]}  ${check.title}: ${check.detail}`);
    if (check.fix && check.status !== "ok") lines.push(`               fix: ${check.fix}`);
  }
  if (report.scp.length > 0) {
    lines.push("", "SCP statements that concern root:");
    for (const verdict of report.scp) {
      const what =
        verdict.effect === "denies"
          ? `DENIES ${verdict.tasks.join(", ")} in root sessions (${verdict.actions.join(", ")})`
          : "denies the root user, exempts root sessions (aws:AssumedRoot)";
      lines.push(
        `  ${verdict.policyName} (${verdict.policyId}) ${verdict.statement}: ${what}`,
        `      affects ${verdict.affected.join(", ")}`,
      );
    }
  }
  lines.push("", doctorSummaryLine(report), "");
  return lines.join("\n");
}

export function renderDoctorMarkdown(report: DoctorReport): string {
  const icon: Record<DoctorStatus, string> = { ok: "✅", warning: "⚠️", failure: "❌", skipped: "➖" };
  const rows = report.checks.map(
    (check) =>
      `| ${icon[check.status]} ${check.status} | ${escapeCell(check.title)} | ${escapeCell(check.detail)} | ${escapeCell(check.status === "ok" ? "" : (check.fix ?? ""))} |`,
  );
  const scp = report.scp.map(
    (verdict) =>
      `| ${escapeCell(verdict.policyName)} (\`${verdict.policyId}\`) | ${verdict.statement} | ${verdict.effect === "denies" ? `denies ${verdict.tasks.join(", ")}` : "exempts root sessions"} | ${escapeCell(verdict.affected.join(", "))} |`,
  );
  return [
    "### rootward doctor",
    "",
    "| Status | Check | Detail | Fix |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    ...(scp.length > 0
      ? [
          "#### SCP statements that concern root",
          "",
          "| Policy | Statement | Effect | Affects |",
          "| --- | --- | --- | --- |",
          ...scp,
          "",
        ]
      : []),
    doctorSummaryLine(report),
    "",
  ].join("\n");
}

export function renderDoctorJson(report: DoctorReport): string {
  return `${canonicalJson(report, 2)}\n`;
}
