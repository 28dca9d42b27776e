import { compareText } from "../order.js";

/**
 * Hidden markers: an HTML comment on the first line of a comment or pull-request body, which
 * GitHub does not render. It lets a re-run find what rootward wrote before and tell whether it
 * is still current (STYLE.md §9), e.g. `<!-- rootward:plan fingerprint=… content=… -->`.
 */
export const MarkerKinds = ["plan", "apply", "drift"] as const;
export type MarkerKind = (typeof MarkerKinds)[number];

export type Marker = { kind: MarkerKind; fields: Readonly<Record<string, string>> };

const FIELD_VALUE = /^[A-Za-z0-9._:/-]+$/;

export function formatMarker(marker: Marker): string {
  const fields = Object.entries(marker.fields)
    .sort(([a], [b]) => compareText(a, b))
    .map(([key, value]) => {
      // Values are hashes and words; anything else could end the comment early or break parsing.
      if (!FIELD_VALUE.test(value) || !FIELD_VALUE.test(key)) throw new Error(`invalid marker field ${key}`);
      return `${key}=${value}`;
    });
  return `<!-- rootward:${[marker.kind, ...fields].join(" ")} -->`;
}

/**
 * Reads the marker of `kind` from the first line of `body`. Only the first line counts, so a
 * person quoting a rootward comment (`> <!-- … -->`) does not create a second "own" comment.
 */
export function parseMarker(body: string | null | undefined, kind: MarkerKind): Marker | undefined {
  if (!body) return undefined;
  const firstLine = body.split("\n", 1)[0]?.trim() ?? "";
  const match = /^<!-- rootward:([a-z]+)((?: [^ =]+=[^ ]*)*) -->$/.exec(firstLine);
  if (!match || match[1] !== kind) return undefined;
  const fields: Record<string, string> = {};
  for (const pair of (match[2] ?? "").trim().split(" ")) {
    if (pair === "") continue;
    const [key, value] = pair.split("=", 2);
    if (key !== undefined && value !== undefined) fields[key] = value;
  }
  return { kind, fields };
}

export function sameFields(a: Marker["fields"], b: Marker["fields"]): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
