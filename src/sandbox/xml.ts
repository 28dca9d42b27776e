/**
 * The little XML the query protocol needs. Lists serialize as `<member>` children and maps as
 * `<entry><key/><value/></entry>` (awsQuery defaults, e.g. IAM `SummaryMap`); `undefined`
 * members are left out, as AWS leaves out absent optional members.
 */
export type XmlValue = string | number | boolean | undefined | XmlValue[] | XmlMap | XmlObject;
export type XmlObject = { [name: string]: XmlValue };

export class XmlMap {
  constructor(readonly entries: ReadonlyArray<readonly [string, string | number]>) {}
}

export function toXml(value: XmlValue): string {
  if (value === undefined) return "";
  if (typeof value === "string") return escapeXml(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    let out = "";
    for (const item of value) out += `<member>${toXml(item)}</member>`;
    return out;
  }
  if (value instanceof XmlMap) {
    let out = "";
    for (const [key, item] of value.entries) {
      out += `<entry><key>${escapeXml(key)}</key><value>${escapeXml(String(item))}</value></entry>`;
    }
    return out;
  }
  let out = "";
  for (const name in value) {
    const child = value[name];
    if (child === undefined) continue;
    out += `<${name}>${toXml(child)}</${name}>`;
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function escapeXml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char) : text;
}

/** AWS query timestamps are ISO-8601 in UTC, to the second (e.g. STS `Expiration`). */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
