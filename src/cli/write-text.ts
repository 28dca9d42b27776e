import { writeFile } from "node:fs/promises";

/** UTF-16 code units per chunk: about 1 to 3 MB of UTF-8. */
const CHUNK = 1 << 20;

/**
 * Writes `text` as UTF-8 in chunks. `writeFile(path, text)` first encodes the whole string into
 * one Buffer: for a 100,000-account plan that is ~90 MB outside the heap at once, and the
 * external-memory pressure set off full garbage collections (issue 13). A chunk never ends
 * between the two halves of a surrogate pair, which would turn the character into U+FFFD.
 */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await writeFile(path, chunks(text));
}

function* chunks(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield text.slice(start, end);
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
