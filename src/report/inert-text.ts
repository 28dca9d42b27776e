import { controlCharacters, hasControlCharacter } from "../control-characters.js";

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
 */

const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/g;
const DOCUMENT_LINE_BREAK = /\r\n/g;

/** Fields, by key, whose values are documents with lines of their own. */
const DOCUMENT_KEYS: ReadonlySet<string> = new Set(["policy", "snippet", "yaml"]);

/** One line of data. */
export function inertText(text: string): string {
  if (!hasControlCharacter(text)) return text;
  return text.replace(LINE_BREAK, " ").replace(controlCharacters(), visibleEscape);
}

/** A document of several lines: LF and TAB stay, the rest as `inertText`. */
export function inertLines(text: string): string {
  if (!hasControlCharacter(text)) return text;
  return text
    .replace(DOCUMENT_LINE_BREAK, "\n")
    .replace(controlCharacters(), (character) =>
      character === "\n" || character === "\t" ? character : visibleEscape(character),
    );
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
    let changed = false;
    const items = value.map((item) => {
      const inert = inertValue(item, false);
      if (inert !== item) changed = true;
      return inert;
    });
    return changed ? items : value;
  }
  if (value === null || typeof value !== "object") return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
    const inertKey = inertText(key);
    const inert = inertValue(item, DOCUMENT_KEYS.has(key));
    if (inertKey !== key || inert !== item) changed = true;
    return [inertKey, inert];
  });
  return changed ? Object.fromEntries(entries) : value;
}

function visibleEscape(character: string): string {
  return `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;
}
