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
    `Audit:       ${explanation.audit.status}${explanation.audit.errorCode ? ` (${explanation.audit.errorCode})` : ""}${explanation.audit.found.length > 0 ? ` — ${explanation.audit.found.join(", ")}` : explanation.audit.status === "audited" ? " — no root credentials" : ""}`,
    `Plan:        ${explanation.actions.length === 0 ? "no change" : explanation.actions.map((action) => describeAction(action, false)).join("; ")}`,
  ];
  for (const finding of explanation.findings)
    lines.push(`Finding:     ${finding.severity} ${finding.ruleId}: ${finding.message}`);
  lines.push("", "Root sign-in:");
  for (const diagnosis of explanation.diagnoses) {
    lines.push(`  • ${diagnosis.summary}`, `    ${diagnosis.detail}`);
    if (diagnosis.snippet)
      lines.push(
        "    Exception to paste under `exceptions:` (through a pull request):",
        "",
        ...diagnosis.snippet.split("\n").map((line) => `    ${line}`),
        "",
      );
  }
  lines.push("");
  return lines.join("\n");
}

export function renderExplainJson(explanation: Explanation): string {
  return `${canonicalJson(explanation, 2)}\n`;
}
