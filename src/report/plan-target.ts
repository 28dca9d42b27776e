import type { Plan } from "../plan/model.js";
import { markdownText } from "./markdown-text.js";

/** The accounts shown by name; a partial plan is for a few accounts, but an edited file may list more. */
const SHOWN = 10;

/** What every rendering of a partial plan (`--account`) says before anything else. */
export function targetSentence(plan: Plan): string | undefined {
  const { target } = plan;
  if (!target) return undefined;
  const named = target.accounts.slice(0, SHOWN).map((account) => `${account.id} (${account.name})`);
  const more = target.accounts.length - named.length;
  return (
    `Partial plan (--account): only ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}. ` +
    "Other accounts and the organization's features were not planned, so this plan does not show " +
    "whether the organization matches the desired state; apply it only with the same --account flags."
  );
}

export function targetTextLines(plan: Plan): string[] {
  const sentence = targetSentence(plan);
  return sentence ? [sentence, ""] : [];
}

export function targetMarkdown(plan: Plan): string {
  const sentence = targetSentence(plan);
  return sentence ? `> [!WARNING]\n> ${markdownText(sentence)}\n\n` : "";
}
