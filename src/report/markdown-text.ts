import { inertText } from "./inert-text.js";

/** Small wording and escaping helpers shared by every rendering. */

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Data (a name, a reason, an AWS message) as GitHub markdown that shows exactly those characters
 * and does nothing else, wherever rootward puts it: in a paragraph, a list item, a table cell or
 * the raw HTML of a `<summary>`. It therefore uses character references, never backslashes
 * (a backslash shows as itself inside HTML), and:
 *
 * - never ends the line or the cell: line breaks, CR included, are a space (`inertText`) and `|`
 *   is `&#124;` (GFM splits table rows on literal pipes only);
 * - never opens a block or markup: `#`, `>`, `<`, `` ` ``, `~`, `[`, `]`, `*`, `\` and `$` (math)
 *   are character references, which CommonMark never reads as structure, so no heading, quote,
 *   alert, fence, HTML tag, `<!-- comment -->` (a fake rootward marker), link or emphasis can
 *   start in data; `_` is escaped unless it sits inside a word, where it cannot emphasise;
 *   a leading space, `-`, `+`, `=` or `1.` is escaped too, so data that starts a line never
 *   starts a list, an indented code block or a setext heading;
 * - never notifies or links: GitHub finds @mentions, `#123` and `GH-123` references in the
 *   rendered text, after character references are decoded, and ignores backslashes there
 *   (github/cmark-gfm#181, github/markup#1168), so a zero-width space (`&#8203;`) goes after `@`,
 *   after `#` before a digit and inside `GH-`, as Renovate does (renovatebot/renovate
 *   lib/util/markdown.ts, sanitizeMarkdown); bare URLs get one in `://` and `www.` so the GFM
 *   autolink extension does not link them (`<https://…>` is already broken by escaping `<`).
 *
 * Commit SHAs are left as they are: at worst they link to a commit of this repository.
 */
export function markdownText(data: string): string {
  const escaped = inertText(data)
    .replace(/[&<>|`\\[\]*~$#_@]/g, (character, offset: number, whole: string) =>
      escapeCharacter(character, whole.charAt(offset - 1), whole.charAt(offset + 1)),
    )
    .replace(/:\/\//g, ":&#8203;//")
    .replace(/www\./gi, (www) => `${www.slice(0, 3)}&#8203;.`)
    .replace(/\bGH-(?=\d)/gi, (gh) => `${gh.slice(0, 2)}&#8203;-`);
  return escapeLineStart(escaped);
}

/**
 * Data in a code span when it is plain (ids, file paths, operation names), else as
 * `markdownText`: inside a code span GitHub links and mentions nothing, but a backtick would end
 * it and a `|` would still end a table cell.
 */
export function markdownCode(data: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9 ._:/+=,@()-]*$/.test(data) ? `\`${data}\`` : markdownText(data);
}

/** The names this escaping had before it covered every context; the same function. */
export const escapeCell = markdownText;
export const escapeHtml = markdownText;

const REFERENCES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "|": "&#124;",
  "`": "&#96;",
  "\\": "&#92;",
  "[": "&#91;",
  "]": "&#93;",
  "*": "&#42;",
  "~": "&#126;",
  $: "&#36;",
  _: "&#95;",
};

function escapeCharacter(character: string, before: string, after: string): string {
  switch (character) {
    case "@":
      return "@&#8203;";
    case "#":
      return /\d/.test(after) ? "&#35;&#8203;" : "&#35;";
    case "_":
      return isWordCharacter(before) && isWordCharacter(after) ? "_" : "&#95;";
    default:
      return REFERENCES[character] ?? character;
  }
}

function isWordCharacter(character: string): boolean {
  return /^[\p{L}\p{N}]$/u.test(character);
}

/** `- `, `+ `, `1. `, `1) `, `===`, `---` and indentation open blocks only at the start of a line. */
function escapeLineStart(text: string): string {
  return /^([ \-+=]|\d+[.)])/.test(text) ? `&#${text.charCodeAt(0)};${text.slice(1)}` : text;
}
