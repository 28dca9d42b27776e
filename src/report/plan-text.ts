import { createColors } from "picocolors";
import { governanceText } from "../plan/governance-text.js";
import { isOrganizationAction, type Plan } from "../plan/model.js";
import { inertData } from "./inert-text.js";
import { boundTextLines } from "./plan-bound.js";
import { notVerifiedTextLines } from "./plan-not-verified.js";
import { targetTextLines } from "./plan-target.js";
import { unlockTextLines } from "./plan-unlocks.js";
import { accountActions, describeAction, findingWhere, isCreate, summaryLine } from "./plan-words.js";

export type TextOptions = { color: boolean };

/**
 * A terminal view in the manner of `terraform plan`: what changes per account, then a summary.
 * The plan's strings are made inert first, so only rootward's own colours reach the terminal.
 */
export function renderPlanText(input: Plan, options: TextOptions): string {
  const plan = inertData(input);
  const c = createColors(options.color);
  const lines: string[] = [
    c.bold(`rootward plan for organization ${plan.organizationId}`) +
      c.dim(` (audit of ${plan.auditGeneratedAt}, desired state ${plan.desiredStateDigest.slice(0, 12)})`),
    "",
    ...targetTextLines(plan).map((line) => (line ? c.yellow(line) : line)),
    ...boundTextLines(plan, c.dim),
  ];
  const sign = (create: boolean) => (create ? c.green("  + ") : c.red("  - "));
  const organizationActions = plan.actions.filter(isOrganizationAction);
  if (organizationActions.length > 0) {
    lines.push(c.bold("Organization"));
    for (const action of organizationActions) {
      lines.push(`${sign(isCreate(action))}${action.operation}  ${c.dim(describeAction(action, false))}`);
    }
    lines.push("");
  }
  for (const account of plan.accounts) {
    const actions = accountActions(plan, account.accountId);
    if (actions.length === 0) continue;
    lines.push(
      `${c.bold(`${account.accountId} ${account.name}`)} ${c.dim(`${account.ouPath} — ${governanceText(account)}`)}`,
    );
    for (const action of actions) {
      lines.push(
        `${sign(isCreate(action))}${action.operation.padEnd(25)} ${describeAction(action, false)}  ${c.dim(action.taskPolicy)}`,
      );
    }
    lines.push("");
  }
  const unlocks = unlockTextLines(plan, c.dim, sign(false));
  if (unlocks.length > 0) lines.push(c.bold(unlocks[0] ?? ""), ...unlocks.slice(1));
  if (plan.findings.length > 0) {
    lines.push(c.bold("Findings"));
    for (const finding of plan.findings) {
      const severity = finding.severity.toUpperCase().padEnd(8);
      const colored =
        finding.severity === "critical" || finding.severity === "high"
          ? c.red(severity)
          : finding.severity === "medium"
            ? c.yellow(severity)
            : c.dim(severity);
      const account = finding.accountId ? `${finding.accountId} ` : "";
      lines.push(
        `  ${colored} ${finding.ruleId}  ${account}${finding.message}  ${c.dim(findingWhere(finding))}`,
      );
    }
    lines.push("");
  }
  const notVerified = notVerifiedTextLines(plan);
  if (notVerified.length > 0) lines.push(c.bold(notVerified[0] ?? ""), ...notVerified.slice(1));
  const summary = summaryLine(plan);
  lines.push(plan.actions.length === 0 ? c.green(summary) : c.bold(summary));
  return `${lines.join("\n")}\n`;
}
