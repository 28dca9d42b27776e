import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

/**
 * What GitHub would make of a markdown document, as far as a CommonMark + GFM parser can tell
 * (micromark with the GFM extension, raw HTML passed through as GitHub passes `<details>`), and
 * the text GitHub's own post-processing scans for @mentions and #references afterwards.
 */
export function renderHtml(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The visible text of rendered HTML, character references decoded as a browser would. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

export function tagNames(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}(?=[\\s>])[^>]*>`, "g"))].map((match) => match[0]);
}

export function headings(html: string): string[] {
  return [...html.matchAll(/<h([1-6])>([\s\S]*?)<\/h\1>/g)].map((match) =>
    visibleText(match[2] ?? "").trim(),
  );
}

/** Lines of a markdown source that start with `prefix`. */
export function linesStartingWith(markdown: string, pattern: RegExp): string[] {
  return markdown.split("\n").filter((line) => pattern.test(line));
}

/**
 * Each GFM table's rows, as the number of cell separators GitHub would split on (a `|` that is
 * not escaped); a table whose rows disagree with its header has had a cell broken.
 */
export function tablePipeCounts(markdown: string): number[][] {
  const tables: number[][] = [];
  let current: number[] | undefined;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      current ??= [];
      current.push((line.match(/(?<!\\)\|/g) ?? []).length);
    } else if (current) {
      tables.push(current);
      current = undefined;
    }
  }
  if (current) tables.push(current);
  return tables;
}
