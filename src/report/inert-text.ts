import { CONTROL_CHARACTER_CLASS, controlCharacters } from "../control-characters.js";

/**
 * Data made inert for terminals, logs and plain-text fields (SARIF messages): what a renderer
 * prints is exactly what it says, never a cursor move, a colour, a cleared screen, a hyperlink
 * or reordered text. Renderers pass their input through `inertData` once, where the data enters,
 * and then add their own colours; the characters handled are listed in control-characters.ts.
 *
 * - Line breaks (LF, CRLF, a lone CR, NEL, U+2028, U+2029) in a one-line field become one space:
 *   a multi-line YAML reason still reads well, and a CR can no longer overwrite the line.
 * - Every other control or bidi character becomes a visible `\u001b`-style escape, so a reviewer
 *   sees that something was there instead of having it silently dropped.
 * - A document (a resource policy, a YAML snippet) keeps its LF line breaks and tabs; CRLF
 *   becomes LF.
 * - Data never starts a line with a GitHub Actions workflow command: the runner reads any line of
 *   a step's output that starts, after leading whitespace, with `::` (or the older `##[`) as one
 *   (actions/runner, src/Runner.Common/ActionCommand.cs: `message.TrimStart()`, then
 *   `StartsWith("::")`), so `::error::`, `::add-mask::` or `::stop-commands::` in an account
 *   name would act on the job. Its first character becomes a visible escape (`\u003a:`).
 */

const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/g;
const DOCUMENT_LINE_BREAK = /\r\n/g;

/** Fields, by key, whose values are documents with lines of their own. */
const DOCUMENT_KEYS: ReadonlySet<string> = new Set(["policy", "snippet", "yaml"]);

/** A workflow command at the start of a line: `::` or `##[` after optional whitespace. */
const WORKFLOW_COMMAND = /^(\s*)(:(?=:)|#(?=#\[))/gm;

/** Anything either function changes; most data has none, and is returned as it is. */
const NEEDS_WORK = new RegExp(`${CONTROL_CHARACTER_CLASS}|^\\s*(?:::|##\\[)`, "m");

/** One line of data. */
export function inertText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text
    .replace(LINE_BREAK, " ")
    .replace(controlCharacters(), visibleEscape)
    .replace(WORKFLOW_COMMAND, escapeCommand);
}

/** A document of several lines: LF and TAB stay, the rest as `inertText`. */
export function inertLines(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text
    .replace(DOCUMENT_LINE_BREAK, "\n")
    .replace(controlCharacters(), (character) =>
      character === "\n" || character === "\t" ? character : visibleEscape(character),
    )
    .replace(WORKFLOW_COMMAND, escapeCommand);
}

function escapeCommand(_match: string, space: string, first: string): string {
  return `${space}${visibleEscape(first)}`;
}

/**
 * Every string of a JSON-shaped value (a plan, an audit snapshot, an apply result), keys
 * included, made inert: `DOCUMENT_KEYS` through `inertLines`, the rest through `inertText`.
 * Unchanged parts are returned as they are, so a clean value comes back identical.
 */
export function inertData<T>(value: T): T {
  return inertValue(value, false) as T;
}

function inertValue(value: unknown, document: boolean): unknown {
  if (typeof value === "string") return document ? inertLines(value) : inertText(value);
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    value.forEach((item, index) => {
      const inert = inertValue(item, false);
      if (items === undefined && inert !== item) items = value.slice(0, index);
      items?.push(inert);
    });
    return items ?? value;
  }
  if (value === null || typeof value !== "object") return value;
  // Entries are copied only from the first change on: plans run to tens of thousands of objects.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let entries: Array<[string, unknown]> | undefined;
  keys.forEach((key, index) => {
    const item = record[key];
    const inertKey = inertText(key);
    const inert = inertValue(item, DOCUMENT_KEYS.has(key));
    if (entries === undefined && (inertKey !== key || inert !== item))
      entries = keys.slice(0, index).map((earlier) => [earlier, record[earlier]]);
    entries?.push([inertKey, inert]);
  });
  return entries === undefined ? value : Object.fromEntries(entries);
}

function visibleEscape(character: string): string {
  return `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
}
