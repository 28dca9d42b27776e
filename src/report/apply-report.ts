import type { ApplyResult } from "../apply/apply-plan.js";
import { canonicalJson } from "../plan/canonical-json.js";
import { escapeCell, plural } from "./markdown-text.js";
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
  return `Apply: ${parts.join(", ")}.`;
}

export function renderApplyText(result: ApplyResult): string {
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

export function renderApplyMarkdown(result: ApplyResult): string {
  const rows = result.accounts.map((account) => {
    const done = account.actions.filter(
      (action) => action.outcome === "done" || action.outcome === "already-done",
    ).length;
    return `| \`${account.accountId}\` | ${escapeCell(account.name)} | ${account.outcome} | ${done}/${account.actions.length} | ${escapeCell(account.reason ?? "")} |`;
  });
  const organization = result.organizationActions.map(
    (entry) =>
      `- ${entry.outcome === "done" || entry.outcome === "already-done" ? "✅" : "❌"} \`${entry.action.operation}\`: ${escapeCell(describeAction(entry.action, true))} — ${entry.outcome}${entry.message ? `: ${escapeCell(entry.message)}` : ""}`,
  );
  return [
    `### rootward apply for \`${result.organizationId}\``,
    "",
    applySummaryLine(result),
    "",
    ...(organization.length > 0 ? ["#### Organization", "", ...organization, ""] : []),
    ...(rows.length > 0
      ? [
          "| Account | Name | Outcome | Actions done | Reason |",
          "| --- | --- | --- | ---: | --- |",
          ...rows,
          "",
        ]
      : []),
    `${plural(result.accounts.length, "account")} touched. Journal: \`${result.journalPath}\``,
    "",
  ].join("\n");
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
