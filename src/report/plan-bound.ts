import { isOrganizationAction, type Plan, type PlanAction, type PlanBound } from "../plan/model.js";
import { markdownCode, markdownText, plural } from "./markdown-text.js";
import { describeAction } from "./plan-words.js";

/**
 * The part of plan renderings that says a plan was bounded by a reviewed plan (`rootward plan
 * --bounded-by`): which reviewed plan, and the actions of either side that do not run.
 */

const EXCLUDED_HEADING = "In the reviewed drift plan but not justified now (not run):";
const NOT_REVIEWED_HEADING =
  "Justified now but not in the reviewed drift plan (not run; the next drift run proposes them):";

/** At most this many actions per list in markdown; the plan JSON lists them all. */
const MARKDOWN_ITEMS = 50;

function where(action: PlanAction): string {
  return isOrganizationAction(action) ? "organization" : action.accountId;
}

function actionText(action: PlanAction, mask: boolean): string {
  return `${action.operation} ${where(action)}: ${describeAction(action, mask)}`;
}

function introduction(bound: PlanBound, actions: number): string {
  return `Bounded by ${bound.source} (plan ${bound.fingerprint.slice(0, 12)}): ${plural(actions, "action")} of this plan ${actions === 1 ? "is" : "are"} also in the reviewed plan, and only ${actions === 1 ? "it runs" : "those run"}.`;
}

export function boundTextLines(plan: Plan, dim: (text: string) => string): string[] {
  const { bound } = plan;
  if (!bound) return [];
  const lines = [introduction(bound, plan.actions.length)];
  const list = (heading: string, actions: readonly PlanAction[]) => {
    if (actions.length === 0) return;
    lines.push(`  ${heading}`);
    for (const action of actions) lines.push(`    ${dim("×")} ${actionText(action, false)}`);
  };
  list(EXCLUDED_HEADING, bound.excluded);
  list(NOT_REVIEWED_HEADING, bound.notReviewed);
  return [...lines, ""];
}

/** A markdown section, or "" for a plan that was not bounded; every piece of data is escaped. */
export function boundMarkdown(plan: Plan): string {
  const cell = markdownText;
  const { bound } = plan;
  if (!bound) return "";
  const lines = [
    "#### Bounded by the reviewed drift plan",
    "",
    cell(introduction(bound, plan.actions.length)),
    "",
  ];
  const list = (heading: string, actions: readonly PlanAction[]) => {
    if (actions.length === 0) return;
    lines.push(`**${heading}**`, "");
    for (const action of actions.slice(0, MARKDOWN_ITEMS))
      lines.push(
        `- ✖️ ${markdownCode(action.operation)} ${cell(`${where(action)}: ${describeAction(action, true)}`)}`,
      );
    if (actions.length > MARKDOWN_ITEMS)
      lines.push(`- …and ${actions.length - MARKDOWN_ITEMS} more (the plan JSON lists them all)`);
    lines.push("");
  };
  list(EXCLUDED_HEADING, bound.excluded);
  list(NOT_REVIEWED_HEADING, bound.notReviewed);
  return `${lines.join("\n")}\n`;
}
