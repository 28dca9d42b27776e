/** Where strict UTF-8 decoding fails, in the terms a message needs: line and column like the YAML ones. */
export type Utf8Failure = { offset: number; byte: number; line: number; col: number };

export function decodeUtf8(content: Uint8Array): { text: string } | { failure: Utf8Failure } {
  if (decodes(content, false)) return { text: new TextDecoder("utf-8").decode(content) };
  const offset = firstInvalidByte(content);
  // The prefix before the bad byte is valid; columns count UTF-16 units, as the YAML parser's do.
  const lines = new TextDecoder("utf-8").decode(content.subarray(0, offset)).split("\n");
  return {
    failure: {
      offset,
      byte: content[offset] ?? 0,
      line: lines.length,
      col: (lines[lines.length - 1] ?? "").length + 1,
    },
  };
}

function firstInvalidByte(content: Uint8Array): number {
  let low = 0;
  let high = content.byteLength;
  // Binary search for the shortest invalid prefix; `stream: true` tolerates a cut multi-byte tail.
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (decodes(content.subarray(0, middle + 1), true)) low = middle + 1;
    else high = middle;
  }
  // That prefix ends where the decoder noticed; a lead byte left unfinished before it (é in Latin-1) is the culprit.
  let start = low;
  while (start > 0 && low - start < 3 && !decodes(content.subarray(0, start), false)) start--;
  return start;
}

function decodes(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}
