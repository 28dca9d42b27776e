import { compareText } from "../order.js";
import { sortKeys } from "./canonical-json.js";

/** Pieces are joined until they reach this many UTF-16 code units (1 to 2 MiB of text). */
const BATCH = 1 << 20;

/**
 * The text of `canonicalJson(value, indent)` in pieces of about a million characters: joined, they
 * are exactly that string. A 100,000-account plan is ~90 MB of JSON, and 180 MB in memory once a
 * single character outside Latin-1 (an em dash in a message) makes V8 store the whole string in
 * UTF-16; written piece by piece it never exists whole (issue 13). Objects and arrays are walked
 * here; each array element is printed by the native JSON.stringify from its key-sorted copy, so
 * copies stay small and short-lived. Pieces end between JSON tokens, never inside a string.
 */
export function* canonicalJsonChunks(value: unknown, indent?: number): Generator<string> {
  const gap = " ".repeat(Math.max(0, Math.min(10, Math.trunc(indent ?? 0))));
  let parts: string[] = [];
  let size = 0;
  for (const part of pieces(value, gap, 0)) {
    parts.push(part);
    size += part.length;
    if (size < BATCH) continue;
    yield parts.join("");
    parts = [];
    size = 0;
  }
  if (parts.length > 0) yield parts.join("");
}

function* pieces(value: unknown, gap: string, depth: number): Generator<string> {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value);
    if (text !== undefined) yield text;
    return;
  }
  const inner = gap === "" ? "" : `\n${gap.repeat(depth + 1)}`;
  const outer = gap === "" ? "" : `\n${gap.repeat(depth)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    for (let index = 0; index < value.length; index++) {
      yield `${index === 0 ? "[" : ","}${inner}`;
      yield element(value[index], gap, depth + 1);
    }
    yield `${outer}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of canonicalKeys(record)) {
    const entry = record[key];
    if (entry === undefined || typeof entry === "function" || typeof entry === "symbol") continue;
    yield `${first ? "{" : ","}${inner}${JSON.stringify(key)}${gap === "" ? ":" : ": "}`;
    first = false;
    yield* pieces(entry, gap, depth + 1);
  }
  yield first ? "{}" : `${outer}}`;
}

/**
 * One array element at `depth`, by the native serializer: wrapped in `depth` arrays, so that
 * JSON.stringify indents it as it would inside the whole document, then cut out of the wrapping.
 */
function element(value: unknown, gap: string, depth: number): string {
  let wrapped: unknown = sortKeys(value);
  for (let level = 0; level < depth; level++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, gap);
  // Opening level i (1-based) is "[" then, when indenting, a newline and i gaps; closing level i
  // is the newline and i-1 gaps, then "]".
  let head = depth;
  let tail = depth;
  if (gap !== "") {
    head += depth + (gap.length * depth * (depth + 1)) / 2;
    tail += depth + (gap.length * depth * (depth - 1)) / 2;
  }
  return text.slice(head, text.length - tail);
}

/**
 * The order in which a copy made with sorted keys enumerates them: array-index keys ("0", "17")
 * first in numeric order, as every JavaScript object does, then the rest in code-unit order.
 */
function canonicalKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record).sort(compareText);
  const indices = keys.filter(isArrayIndex);
  if (indices.length === 0) return keys;
  indices.sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((key) => !isArrayIndex(key))];
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}
