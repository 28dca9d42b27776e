/**
 * Characters that change how the text around them is shown instead of being shown themselves.
 * Account, OU and tag names come from AWS and reasons, owners and tickets from pull-request
 * authors, so any of them may carry these; every renderer neutralises them (report/inert-text.ts)
 * and `validate` rejects them in the free text of desired-state files (desired/text-checks.ts).
 *
 * - C0 controls U+0000–U+001F and DEL U+007F: ESC starts ANSI colour, cursor and screen-clearing
 *   sequences and OSC 8 hyperlinks; CR returns to the start of the line so later text overwrites
 *   earlier text; BS erases; BEL rings.
 * - C1 controls U+0080–U+009F: U+009B is a one-character CSI and U+009D an OSC on terminals that
 *   honour 8-bit controls; U+0085 (NEL) is a line break to YAML 1.1 and some editors.
 * - U+2028 and U+2029, the Unicode line and paragraph separators, which some viewers break on.
 * - The bidirectional formatting characters, which reorder the text after them so that what is
 *   shown differs from what is there ("Trojan Source", CVE-2021-42574): the marks U+061C,
 *   U+200E, U+200F, the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069.
 *
 * Zero-width characters (U+200B–U+200D, U+FEFF) are left alone: they hide nothing they do not
 * also show, and emoji sequences need U+200D.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The character class itself, for patterns built on it. */
export const CONTROL_CHARACTER_CLASS = CONTROL.source;

/** A fresh global regex over the same characters (a shared global regex would carry `lastIndex`). */
export function controlCharacters(): RegExp {
  return new RegExp(CONTROL.source, "g");
}

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/** `U+001B`: how a user finds the character in an editor or a Unicode table. */
export function codePointLabel(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
