import { didYouMean } from "./did-you-mean.js";
import type { PathSegment } from "./problem.js";

/*
 * The words of validation messages: what a value means to a user and how to fix it. Pure text
 * from values, kept apart from the mapping of zod issues to YAML positions in zod-issues.ts.
 */

/** YAML reads an unquoted id as a number, which silently drops a leading zero (011111111111 → 11111111111). */
export function accountIdNumber(digits: string): { message: string; hint: string } {
  if (digits.length !== 12) {
    return {
      message: `${digits} is a YAML number, not an account id: an account id is 12 digits in quotes`,
      hint: `this has ${digits.length} digits; write the 12-digit id in quotes, e.g. "011111111111"`,
    };
  }
  if (digits.startsWith("0")) {
    return {
      message: `account id ${digits} is a YAML number, which YAML reads as ${BigInt(digits)}, losing the leading zero`,
      hint: `write it in quotes: "${digits}"`,
    };
  }
  return {
    message: `account id ${digits} is a YAML number; account ids must be quoted strings`,
    hint: `write it in quotes: "${digits}" (unquoted, an id like 011111111111 would lose its leading zero)`,
  };
}

export function invalidDate(value: string): { message: string; hint: string } {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!parts) {
    return {
      message: `${JSON.stringify(value)} is not a date in the form YYYY-MM-DD`,
      hint: "write the last day the exception applies, e.g. 2027-03-31",
    };
  }
  const [, year, month] = parts;
  const monthNumber = Number(month);
  const days = new Date(Date.UTC(Number(year), monthNumber, 0)).getUTCDate();
  return {
    message: `${JSON.stringify(value)} is not a real calendar date`,
    hint:
      monthNumber < 1 || monthNumber > 12
        ? `there is no month ${month}; the form is YYYY-MM-DD`
        : `${year}-${month} has ${days} days`,
  };
}

/** People write YAML 1.1 booleans for on/off switches; map them to the words rootward reads. */
export function enumSuggestion(got: unknown, allowed: readonly string[]): string | undefined {
  const synonyms: Record<string, string> = {
    true: "enabled",
    on: "enabled",
    yes: "enabled",
    false: "disabled",
    off: "disabled",
    no: "disabled",
  };
  const word = String(got).toLowerCase();
  const synonym = synonyms[word];
  const suggestion =
    synonym && allowed.includes(synonym)
      ? synonym
      : typeof got === "string"
        ? didYouMean(got, allowed)
        : undefined;
  return suggestion ? `did you mean \`${suggestion}\`?` : undefined;
}

export function missingHint(key: string): string | undefined {
  switch (key) {
    case "reason":
      return "say why these accounts are listed; reviewers and auditors read it";
    case "owner":
      return "name the team or person who answers for this entry, e.g. platform@example.com";
    default:
      return undefined;
  }
}

export function kindHint(path: readonly PathSegment[], got: unknown): string | undefined {
  const key = path[path.length - 1];
  if ((key === "accessKeys" || key === "signingCertificates") && (got === "present" || got === "required")) {
    return `no AWS API creates root ${key === "accessKeys" ? "access keys" : "signing certificates"}; use absent or allowed`;
  }
  if (key === "password" && got === "required") {
    return "`required` is for mfa; use `present` to create the login profile if missing";
  }
  if (key === "mfa" && got === "present") {
    return "no API can add an MFA device for someone; use `required` to report passwords without MFA";
  }
  return undefined;
}

export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "mapping";
  return typeof value;
}

export function article(type: string): string {
  const names: Record<string, string> = {
    object: "a mapping",
    mapping: "a mapping",
    array: "a list",
    list: "a list",
    string: "a string",
    number: "a number",
    boolean: "a boolean (true/false)",
    null: "nothing (null)",
    undefined: "nothing",
  };
  return names[type] ?? type;
}
