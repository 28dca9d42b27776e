import { inertData, inertText } from "../../report/inert-text.js";

/**
 * HTML built only through the `html` tag: every interpolated string is data, made inert (control
 * and bidi characters become visible escapes, see report/inert-text.ts) and then escaped, so an
 * account name, OU, reason or owner can never open an element, an attribute or a comment. Only
 * values that are already `Html` (built by this tag, or the page's own constant CSS and script
 * through `trusted`) pass through unchanged.
 */
export type Html = { readonly html: string };

type Value = Html | string | number | boolean | undefined | readonly Html[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

export function escapeText(value: string): string {
  return inertText(value).replace(/[&<>"'`]/g, (character) => ESCAPES[character] ?? character);
}

export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return { html: out };
}

function render(value: Value): string {
  if (value === undefined || value === false || value === true) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeText(value);
  if (isHtmlList(value)) return value.map((item) => item.html).join("");
  return value.html;
}

function isHtmlList(value: Html | readonly Html[]): value is readonly Html[] {
  return Array.isArray(value);
}

/** The page's own constant markup (CSS, script): never data. */
export function trusted(constant: string): Html {
  return { html: constant };
}

/**
 * A JSON document inside `<script type="application/json">`: `<` becomes `\u003c` (still the
 * same JSON), so no `</script>` or `<!--` in the data can end the element. Its strings are made
 * inert here like every other rendering's, and the page's script shows them with textContent only.
 */
export function jsonScript(id: string, value: unknown): Html {
  const json = JSON.stringify(inertData(value)).replace(/</g, "\\u003c");
  return { html: `<script type="application/json" id="${escapeText(id)}">${json}</script>` };
}

/** 1234567 → "1,234,567": fixed, not the reader's locale, so the page reads the same everywhere. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
