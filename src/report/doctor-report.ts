import type { DoctorReport, DoctorStatus } from "../doctor/model.js";
import { canonicalJson } from "../plan/canonical-json.js";
import { inertData } from "./inert-text.js";
import { fitRows, SUMMARY_MARKDOWN_CHARS } from "./markdown-limits.js";
import { markdownCode, markdownText, plural } from "./markdown-text.js";

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

/** Details quote AWS error messages and SCP names and statements: made inert first. */
export function renderDoctorText(input: DoctorReport): string {
  const report = inertData(input);
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

/** At most this many targets are named per SCP statement in markdown; the text and JSON name all. */
const AFFECTED_SHOWN = 20;

/**
 * The job summary: at most `maxLength` characters. The checks are few and always shown; an
 * organization with many SCPs gets its statement table cut short (the text and JSON forms have
 * every statement).
 */
export function renderDoctorMarkdown(input: DoctorReport, maxLength = SUMMARY_MARKDOWN_CHARS): string {
  const report = inertData(input);
  const icon: Record<DoctorStatus, string> = { ok: "✅", warning: "⚠️", failure: "❌", skipped: "➖" };
  const rows = report.checks.map(
    (check) =>
      `| ${icon[check.status]} ${check.status} | ${markdownText(check.title)} | ${markdownText(check.detail)} | ${markdownText(check.status === "ok" ? "" : (check.fix ?? ""))} |`,
  );
  const checks = [
    "### rootward doctor",
    "",
    "| Status | Check | Detail | Fix |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "",
  ].join("\n");
  const tail = `${doctorSummaryLine(report)}\n`;
  const scp = report.scp.map(
    (verdict) =>
      `| ${markdownText(verdict.policyName)} (${markdownCode(verdict.policyId)}) | ${markdownText(verdict.statement)} | ${verdict.effect === "denies" ? `denies ${markdownText(verdict.tasks.join(", "))}` : "exempts root sessions"} | ${markdownText(affectedText(verdict.affected))} |\n`,
  );
  const statements =
    scp.length === 0
      ? ""
      : `${fitRows(
          "#### SCP statements that concern root\n\n| Policy | Statement | Effect | Affects |\n| --- | --- | --- | --- |\n",
          scp,
          maxLength - checks.length - tail.length - 1,
          (left) => `\n…and ${plural(left, "more statement")}: run \`rootward doctor\` for all of them.\n`,
        )}\n`;
  return `${checks}${statements}${tail}`;
}

function affectedText(affected: readonly string[]): string {
  if (affected.length <= AFFECTED_SHOWN) return affected.join(", ");
  return `${affected.slice(0, AFFECTED_SHOWN).join(", ")} and ${affected.length - AFFECTED_SHOWN} more`;
}

export function renderDoctorJson(report: DoctorReport): string {
  return `${canonicalJson(report, 2)}\n`;
}
