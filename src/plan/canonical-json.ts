import { createHash } from "node:crypto";
import { compareText } from "../order.js";

/** JSON with object keys sorted at every level, so equal data always hashes and prints the same. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A copy with every object's keys in code-unit order (undefined entries dropped; JSON drops them
 * anyway). Loops instead of entries/filter/fromEntries: a 100,000-account plan has millions of
 * objects, and the temporary arrays per object kept the garbage collector busy (issue 13). The
 * native JSON.stringify of the copy stays much faster than any serializer written here.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = sortKeys(value[index]);
    return copy;
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(compareText);
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const entry = record[key];
    if (entry === undefined) continue;
    // Assigning `__proto__` would set the prototype instead of adding the key, as fromEntries does.
    if (key === "__proto__")
      Object.defineProperty(copy, key, {
        value: sortKeys(entry),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = sortKeys(entry);
  }
  return copy;
}
