import type { Explanation } from "../explain/diagnose.js";
import { canonicalJson } from "../plan/canonical-json.js";
import { inertData } from "./inert-text.js";
import { describeAction } from "./plan-words.js";

export function renderExplainText(input: Explanation): string {
  const explanation = inertData(input);
  const lines = [
    `${explanation.accountId} ${explanation.name}  ${explanation.ouPath}  ${explanation.state}`,
    "",
    `Governed by: ${explanation.governedBy}`,
    ...explanation.expiredExceptions.map(
      (expired) =>
        `             exception ${expired.name} (${expired.file}:${expired.line}) also selects this account but expired: it applied through ${expired.expires} and ended at ${expired.endedAt}; the baseline governs since then`,
    ),
    `Audit:       ${explanation.audit.status}${explanation.audit.errorCode ? ` (${explanation.audit.errorCode})` : ""}${explanation.audit.found.length > 0 ? ` — ${explanation.audit.found.join(", ")}` : explanation.audit.status === "audited" ? " — no root credentials" : ""}`,
    `Plan:        ${explanation.actions.length === 0 ? "no change" : explanation.actions.map((action) => describeAction(action, false)).join("; ")}`,
  ];
  for (const finding of explanation.findings)
    lines.push(`Finding:     ${finding.severity} ${finding.ruleId}: ${finding.message}`);
  lines.push("", "Root sign-in:");
  for (const diagnosis of explanation.diagnoses) {
    lines.push(`  • ${diagnosis.summary}`, `    ${diagnosis.detail}`);
    if (diagnosis.snippetWarning) lines.push(`    Warning: ${diagnosis.snippetWarning}.`);
    // Flush left, as it goes in the file, so it pastes as is (or: rootward explain ACCOUNT --snippet).
    if (diagnosis.snippet)
      lines.push(
        "    Exception to paste under `exceptions:` (through a pull request; or print it alone with --snippet):",
        "",
        diagnosis.snippet,
        "",
      );
  }
  lines.push("");
  return lines.join("\n");
}

export function renderExplainJson(explanation: Explanation): string {
  return `${canonicalJson(explanation, 2)}\n`;
}

/** Only the YAML of the first exception explain suggests, or undefined when it suggests none. */
export function explainSnippet(input: Explanation): string | undefined {
  const snippet = inertData(input).diagnoses.find((diagnosis) => diagnosis.snippet)?.snippet;
  return snippet === undefined ? undefined : `${snippet}\n`;
}
