import type { ApplyResult } from "../apply/apply-plan.js";
import { canonicalJson } from "../plan/canonical-json.js";
import { inertData } from "./inert-text.js";
import { fitRows, SUMMARY_MARKDOWN_CHARS } from "./markdown-limits.js";
import { markdownCode, markdownText, plural } from "./markdown-text.js";
import { describeAction } from "./plan-words.js";

export function applySummaryLine(result: ApplyResult): string {
  const count = (outcome: string) => result.accounts.filter((account) => account.outcome === outcome).length;
  const actions = result.accounts.flatMap((account) => account.actions);
  const done = actions.filter(
    (action) => action.outcome === "done" || action.outcome === "already-done",
  ).length;
  const organizationDone = result.organizationActions.filter(
    (entry) => entry.outcome === "done" || entry.outcome === "already-done",
  ).length;
  const parts = [
    `${done}/${actions.length} account actions done`,
    `${organizationDone}/${result.organizationActions.length} organization actions done`,
    `${count("applied")} accounts applied`,
    `${count("stale")} stale`,
    `${count("failed")} failed`,
  ];
  const refused =
    actions.filter((action) => action.outcome === "unjustified").length +
    result.organizationActions.filter((entry) => entry.outcome === "unjustified").length;
  if (refused > 0) parts.push(`${refused} unjustified (refused, not called)`);
  if (count("unverified") > 0) parts.push(`${count("unverified")} not verified`);
  if (result.interrupted || count("interrupted") > 0)
    parts.push(`${count("interrupted")} not started (interrupted)`);
  const partial = result.target
    ? ` Partial (--account): only ${plural(result.target.accounts.length, "account")} planned; other accounts and the organization's features were not.`
    : "";
  return `Apply: ${parts.join(", ")}.${partial}`;
}

/** Apply results carry AWS error messages and names from the plan file: made inert first. */
export function renderApplyText(input: ApplyResult): string {
  const result = inertData(input);
  const lines = [`rootward apply for organization ${result.organizationId}`, ""];
  for (const entry of result.organizationActions) {
    lines.push(
      `  ${mark(entry.outcome)} ${entry.action.operation} ${describeAction(entry.action, false)} — ${entry.outcome}${entry.message ? `: ${entry.errorCode ? `${entry.errorCode} ` : ""}${entry.message}` : ""}`,
    );
  }
  if (result.organizationActions.length > 0) lines.push("");
  for (const account of result.accounts) {
    const why = account.reason ? `: ${account.reason}` : "";
    lines.push(`${account.accountId} ${account.name} — ${account.outcome}${why}`);
    for (const action of account.actions) {
      const detail =
        action.outcome === "already-done"
          ? " (already done)"
          : action.outcome === "unjustified"
            ? ` (unjustified, not called: ${action.message ?? ""})`
            : action.errorCode
              ? ` (${action.errorCode}: ${action.message ?? ""})`
              : "";
      lines.push(
        `  ${mark(action.outcome)} ${action.action.operation} ${describeAction(action.action, false)}${detail}`,
      );
    }
  }
  lines.push("", applySummaryLine(result), `Journal: ${result.journalPath}`, "");
  return lines.join("\n");
}

/**
 * The job summary and the apply comment: at most `maxLength` characters, the account table cut
 * short first (the journal holds every action).
 */
export function renderApplyMarkdown(input: ApplyResult, maxLength = SUMMARY_MARKDOWN_CHARS): string {
  const result = inertData(input);
  const rows = result.accounts.map((account) => {
    const done = account.actions.filter(
      (action) => action.outcome === "done" || action.outcome === "already-done",
    ).length;
    return `| ${markdownCode(account.accountId)} | ${markdownText(account.name)} | ${markdownText(account.outcome)} | ${done}/${account.actions.length} | ${markdownText(account.reason ?? "")} |\n`;
  });
  const organization = result.organizationActions.map(
    (entry) =>
      `- ${entry.outcome === "done" || entry.outcome === "already-done" ? "✅" : "❌"} ${markdownCode(entry.action.operation)}: ${markdownText(describeAction(entry.action, true))} — ${markdownText(entry.outcome)}${entry.message ? `: ${markdownText(entry.message)}` : ""}`,
  );
  const head = [
    `### rootward apply for ${markdownCode(result.organizationId)}`,
    "",
    applySummaryLine(result),
    "",
    ...(organization.length > 0 ? ["#### Organization", "", ...organization, ""] : []),
    "",
  ].join("\n");
  const journal = markdownCode(result.journalPath);
  const tail = `${plural(result.accounts.length, "account")} touched. Journal: ${journal}\n`;
  const table =
    rows.length === 0
      ? ""
      : `${fitRows(
          "| Account | Name | Outcome | Actions done | Reason |\n| --- | --- | --- | ---: | --- |\n",
          rows,
          maxLength - head.length - tail.length - 1,
          (left) => `\n…and ${plural(left, "more account")}: the journal ${journal} records every action.\n`,
        )}\n`;
  return `${head}${table}${tail}`;
}

export function renderApplyJson(result: ApplyResult): string {
  return `${canonicalJson(result, 2)}\n`;
}

function mark(outcome: string): string {
  switch (outcome) {
    case "done":
    case "already-done":
      return "✓";
    case "failed":
      return "✗";
    case "unjustified":
      return "!";
    default:
      return "·";
  }
}
