import { isUnlockAction, type Plan, type PlannedUnlock, type UnlockAction } from "../plan/model.js";
import { inertLines } from "./inert-text.js";
import { markdownCode, markdownText } from "./markdown-text.js";

/**
 * The unlock part of plan renderings: each pending request with its action and the policy it
 * removes, so the reviewer sees exactly what goes. Pure text; the size of the markdown form is
 * bounded by its caller.
 */

export type PendingUnlock = { unlock: PlannedUnlock; action: UnlockAction };

/** Pending requests in plan order, each with its action. */
export function pendingUnlocks(plan: Plan): PendingUnlock[] {
  const byName = new Map(plan.unlocks.map((unlock) => [unlock.name, unlock]));
  return plan.actions.filter(isUnlockAction).flatMap((action) => {
    const unlock = byName.get(action.unlock);
    return unlock ? [{ unlock, action }] : [];
  });
}

export function unlockTargetText(unlock: PlannedUnlock): string {
  return unlock.s3Bucket !== undefined ? `bucket ${unlock.s3Bucket}` : `queue ${unlock.sqsQueueUrl ?? ""}`;
}

/** `requested by OWNER (TICKET): REASON`. */
export function requestText(unlock: PlannedUnlock): string {
  const ticket = unlock.ticket ? ` (${unlock.ticket})` : "";
  return `requested by ${unlock.owner}${ticket}: ${unlock.reason}`;
}

/**
 * Indented JSON when the policy parses (AWS returns it compact), else the text as AWS returned it;
 * inert either way, since JSON.parse decodes a `\u009b` escape that JSON.stringify writes back raw.
 */
export function policyText(policy: string): string {
  try {
    return inertLines(JSON.stringify(JSON.parse(policy), null, 2));
  } catch {
    return inertLines(policy);
  }
}

export function unlockTextLines(plan: Plan, dim: (text: string) => string, sign: string): string[] {
  const pending = pendingUnlocks(plan);
  if (pending.length === 0) return [];
  const lines = ["Policies to unlock"];
  for (const { unlock, action } of pending) {
    lines.push(
      `${sign}${action.operation.padEnd(25)} ${unlock.accountId} ${unlockTargetText(unlock)}  ${dim(action.taskPolicy)}`,
      `      unlock ${unlock.name} ${dim(`(${unlock.location.file}:${unlock.location.line})`)}, ${requestText(unlock)}`,
      "      current policy (apply removes it and keeps it in the journal):",
      ...policyText(unlock.policy ?? "")
        .split("\n")
        .map((line) => `        ${line}`),
    );
  }
  return [...lines, ""];
}

/** Per request, at most this much policy is quoted in markdown; the plan JSON has all of it. */
export const MARKDOWN_POLICY_CHARS = 4_000;

export function unlockMarkdownDetails(plan: Plan): string {
  const pending = pendingUnlocks(plan);
  if (pending.length === 0) return "";
  const blocks = pending.map(({ unlock, action }) => {
    const full = policyText(unlock.policy ?? "");
    const shown =
      full.length <= MARKDOWN_POLICY_CHARS
        ? full
        : `${full.slice(0, MARKDOWN_POLICY_CHARS)}\n… ${full.length - MARKDOWN_POLICY_CHARS} more characters (the plan JSON holds the whole policy)`;
    const fence = fenceFor(shown);
    return [
      `<details><summary><code>${markdownText(unlock.accountId)}</code> ${markdownText(unlockTargetText(unlock))} — unlock ${markdownText(unlock.name)}</summary>`,
      "",
      `➖ ${markdownCode(action.operation)} with ${markdownCode(action.taskPolicy)} · ${markdownText(requestText(unlock))} · ${markdownCode(`${unlock.location.file}:${unlock.location.line}`)}`,
      "",
      "Current policy (apply removes it and keeps it in the journal):",
      "",
      `${fence}json`,
      shown,
      fence,
      "",
      "</details>",
      "",
    ].join("\n");
  });
  return `#### Policies to unlock\n\n${blocks.join("\n")}\n`;
}

/** The collapsed form: one row per request, no policies, within `budget` characters. */
export function unlockMarkdownTable(plan: Plan, budget: number): string {
  const pending = pendingUnlocks(plan);
  if (pending.length === 0) return "";
  let out =
    "#### Policies to unlock\n\n| Account | Resource | Unlock | Action |\n| --- | --- | --- | --- |\n";
  let shown = 0;
  for (const { unlock, action } of pending) {
    const row = `| ${markdownCode(unlock.accountId)} | ${markdownText(unlockTargetText(unlock))} | ${markdownText(unlock.name)} | ${markdownCode(action.operation)} |\n`;
    if (out.length + row.length > budget) break;
    out += row;
    shown++;
  }
  if (shown < pending.length) out += `\n…and ${pending.length - shown} more policies to unlock.\n`;
  return `${out}\n`;
}

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}
