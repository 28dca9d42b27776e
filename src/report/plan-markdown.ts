import { governanceText } from "../plan/governance-text.js";
import {
  type Finding,
  isAccountAction,
  isOrganizationAction,
  isUnlockAction,
  type Plan,
  type PlannedAccount,
  Severities,
  type Severity,
} from "../plan/model.js";
import { inertData } from "./inert-text.js";
import { SUMMARY_MARKDOWN_CHARS } from "./markdown-limits.js";
import { markdownCode, markdownText, plural } from "./markdown-text.js";
import { boundMarkdown } from "./plan-bound.js";
import { targetMarkdown } from "./plan-target.js";
import { unlockMarkdownDetails, unlockMarkdownTable } from "./plan-unlocks.js";
import {
  accountActions,
  describeAction,
  findingWhere,
  isCreate,
  maskKeysInText,
  noChangesText,
  summaryLine,
} from "./plan-words.js";

export { GITHUB_COMMENT_LIMIT } from "./markdown-limits.js";

/** Below GitHub's comment limit, with room for a marker and a footer; also the job-summary size. */
const DEFAULT_BUDGET = SUMMARY_MARKDOWN_CHARS;

export type MarkdownOptions = {
  /** Maximum length of the result; the rendering degrades to fit (details → table → summary). */
  maxLength?: number;
  /** Where the full plan can be found (a workflow artifact URL or a file name). */
  fullPlanLink?: string;
};

const SEVERITY_ICON: Record<Severity, string> = {
  critical: "🟥",
  high: "🟧",
  medium: "🟨",
  low: "🟦",
  info: "⬜",
};

/**
 * Markdown for PR comments and job summaries. Access key ids are masked. When the full rendering
 * is too long, it collapses account details into one table, then summarises, and always says
 * where the full plan is. Every string from the plan goes through `markdownText` or
 * `markdownCode`; `fullPlanLink` is rootward's own markdown.
 */
export function renderPlanMarkdown(input: Plan, options: MarkdownOptions = {}): string {
  const plan = inertData(input);
  const budget = options.maxLength ?? DEFAULT_BUDGET;
  const head = header(plan) + targetMarkdown(plan) + boundMarkdown(plan);
  const findings = findingsSection(plan.findings);
  const organization = organizationSection(plan);
  const changed = plan.accounts.filter((account) => accountActions(plan, account.accountId).length > 0);
  const pointer = options.fullPlanLink
    ? `Full plan: ${options.fullPlanLink}`
    : "Full plan: run `rootward plan --format json`, or see the plan artifact of this run.";

  const unlocks = unlockMarkdownDetails(plan);
  const detailed = [head, organization, accountDetails(plan, changed), unlocks, findings].join("");
  if (detailed.length <= budget) return detailed;

  const tail = `\n_The plan is too long to show in full here. ${pointer}_\n`;
  const fixed = head.length + organization.length + tail.length;
  const unlockTable = unlockMarkdownTable(plan, Math.floor((budget - fixed) * 0.2));
  const table = accountTable(plan, changed, Math.floor((budget - fixed - unlockTable.length) * 0.6));
  const findingsFit = fitFindings(plan.findings, budget - fixed - unlockTable.length - table.length);
  return [head, organization, table, unlockTable, findingsFit, tail].join("").slice(0, budget);
}

function header(plan: Plan): string {
  const { summary } = plan;
  const lines = [`### rootward plan for ${markdownCode(plan.organizationId)}`, ""];
  const deletes = plan.actions.filter((action) => isAccountAction(action) && !isCreate(action)).length;
  const unlocks = plan.actions.filter(isUnlockAction).length;
  if (deletes > 0) {
    const recent = plan.findings.filter((finding) => finding.ruleId === "recently-used-credential").length;
    lines.push(
      "> [!CAUTION]",
      `> **This plan deletes root credentials:** ${plural(deletes, "delete")} in ${markdownText(plural(summary.drift, "account"))}. Review every account below before approving.`,
    );
    if (recent > 0) {
      lines.push(
        `> ⚠️ **${plural(recent, "credential")} to be deleted ${recent === 1 ? "was" : "were"} used in the last 30 days** — see the findings.`,
      );
    }
    lines.push("");
  }
  if (unlocks > 0) {
    lines.push(
      "> [!WARNING]",
      `> **This plan removes ${unlocks === 1 ? "a resource policy" : `${unlocks} resource policies`} as the account's root user.** Check each policy below is the one to remove; the apply journal keeps a copy.`,
      "",
    );
  } else if (plan.actions.length === 0) {
    lines.push("> [!NOTE]", `> ${noChangesText(plan)}`, "");
  }
  // A plan file's summary is not checked by its schema, so even its counts are escaped; in
  // severity order, since a plan read back from JSON has its keys sorted by name.
  const count = (value: unknown) => markdownText(String(value ?? 0));
  const findingCells = Severities.map(
    (severity) => `${SEVERITY_ICON[severity]} ${count(summary.findings[severity])} ${severity}`,
  ).join(" · ");
  lines.push(
    "| Accounts | Count |",
    "| --- | ---: |",
    `| Compliant | ${count(summary.compliant)} |`,
    `| To change | ${count(summary.drift)} |`,
    `| Unmanaged (never changed) | ${count(summary.unmanaged)} |`,
    `| Not verified | ${count(summary.notVerified)} |`,
    `| Out of scope (management) | ${count(summary.outOfScope)} |`,
    "",
    `**Findings:** ${findingCells}`,
    "",
    markdownText(summaryLine(plan)),
    "",
  );
  return `${lines.join("\n")}\n`;
}

function organizationSection(plan: Plan): string {
  const actions = plan.actions.filter(isOrganizationAction);
  if (actions.length === 0) return "";
  const rows = actions.map(
    (action) =>
      `- ${isCreate(action) ? "➕" : "➖"} ${markdownCode(action.operation)}: ${markdownText(describeAction(action, true))}`,
  );
  return `#### Organization\n\n${rows.join("\n")}\n\n`;
}

function accountDetails(plan: Plan, changed: readonly PlannedAccount[]): string {
  if (changed.length === 0) return "";
  const blocks = changed.map((account) => {
    const actions = accountActions(plan, account.accountId);
    const rows = actions.map(
      (action) =>
        `| ${isCreate(action) ? "➕" : "➖"} ${markdownCode(action.operation)} | ${markdownText(describeAction(action, true))} | ${markdownCode(action.taskPolicy)} |`,
    );
    return [
      `<details><summary><code>${markdownText(account.accountId)}</code> ${markdownText(account.name)} — ${plural(actions.length, "action")}</summary>`,
      "",
      `${markdownText(account.ouPath)} · governed by ${markdownText(governanceText(account))}`,
      "",
      "| Action | What | Task policy |",
      "| --- | --- | --- |",
      ...rows,
      "",
      "</details>",
      "",
    ].join("\n");
  });
  return `#### Accounts to change\n\n${blocks.join("\n")}\n`;
}

function accountTable(plan: Plan, changed: readonly PlannedAccount[], budget: number): string {
  if (changed.length === 0) return "";
  let out =
    "#### Accounts to change\n\n| Account | Name | Deletes | Creates |\n| --- | --- | ---: | ---: |\n";
  let shown = 0;
  for (const account of changed) {
    const actions = accountActions(plan, account.accountId);
    const creates = actions.filter(isCreate).length;
    const row = `| ${markdownCode(account.accountId)} | ${markdownText(account.name)} | ${actions.length - creates} | ${creates} |\n`;
    if (out.length + row.length > budget) break;
    out += row;
    shown++;
  }
  if (shown < changed.length) out += `\n…and ${changed.length - shown} more accounts to change.\n`;
  return `${out}\n`;
}

function findingsSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return "";
  return `#### Findings\n\n| Severity | Rule | Account | Finding | Where |\n| --- | --- | --- | --- | --- |\n${findings.map(findingRow).join("")}\n`;
}

function fitFindings(findings: readonly Finding[], budget: number): string {
  if (findings.length === 0 || budget <= 200) return "";
  let out =
    "#### Findings\n\n| Severity | Rule | Account | Finding | Where |\n| --- | --- | --- | --- | --- |\n";
  let shown = 0;
  for (const finding of findings) {
    const row = findingRow(finding);
    if (out.length + row.length > budget - 80) break;
    out += row;
    shown++;
  }
  if (shown < findings.length) out += `\n…and ${findings.length - shown} more findings.\n`;
  return `${out}\n`;
}

function findingRow(finding: Finding): string {
  const account = finding.accountId ? markdownCode(finding.accountId) : "";
  return `| ${SEVERITY_ICON[finding.severity]} ${finding.severity} | ${markdownCode(finding.ruleId)} | ${account} | ${markdownText(maskKeysInText(finding.message))} | ${markdownCode(findingWhere(finding))} |\n`;
}
