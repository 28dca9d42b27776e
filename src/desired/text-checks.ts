import { codePointLabel, controlCharacters } from "../control-characters.js";
import {
  exceptionsInOrder,
  type Located,
  type ParsedDocument,
  problemAt,
  unmanagedInOrder,
} from "./checks.js";
import type { PathSegment, Problem } from "./problem.js";
import { unlocksInOrder } from "./unlocks.js";

/** Free-text fields: shown in terminals, pull-request comments and drift reports. */
const TEXT_FIELDS = ["reason", "owner", "ticket"] as const;

/**
 * Reasons, owners, tickets, name globs and tag selectors may not hold control or bidi characters
 * (control-characters.ts): a reviewer reading the pull request, or the plan it produces, would not
 * see what is written. Every renderer neutralises them anyway; this says so where the author can
 * fix it. Line breaks and tabs are ordinary in a YAML block scalar and stay allowed.
 */
export function controlCharacterProblems(documents: readonly ParsedDocument[]): Problem[] {
  const entries: Located<Record<string, unknown>>[] = [
    ...exceptionsInOrder(documents),
    ...unmanagedInOrder(documents),
    ...unlocksInOrder(documents),
  ];
  return entries.flatMap(({ entry, source, path }) => {
    const texts: Array<[PathSegment[], string, "key" | "value"]> = [];
    for (const field of TEXT_FIELDS) {
      const value = entry[field];
      if (typeof value === "string") texts.push([[...path, field], value, "value"]);
    }
    const names = entry.names;
    if (Array.isArray(names))
      names.forEach((name, index) => {
        if (typeof name === "string") texts.push([[...path, "names", index], name, "value"]);
      });
    const tags = entry.tags;
    if (tags !== null && typeof tags === "object")
      for (const [key, value] of Object.entries(tags)) {
        texts.push([[...path, "tags", key], key, "key"]);
        if (typeof value === "string") texts.push([[...path, "tags", key], value, "value"]);
      }
    return texts.flatMap(([at, text, target]) => {
      const found = firstControlCharacter(text);
      if (found === undefined) return [];
      const problem = problemAt(source, at, "control-character", {
        message: `contains the control character ${codePointLabel(found.character)} at character ${found.index + 1}`,
        hint: "remove it: terminals and pull-request pages would not show this text as written (line breaks and tabs are fine)",
      });
      return [target === "key" ? { ...problem, ...source.locate(at, "key") } : problem];
    });
  });
}

function firstControlCharacter(text: string): { character: string; index: number } | undefined {
  for (const match of text.matchAll(controlCharacters())) {
    if (match[0] !== "\n" && match[0] !== "\t") return { character: match[0], index: match.index };
  }
  return undefined;
}
