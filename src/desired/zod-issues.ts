import { z } from "zod";
import { didYouMean } from "./did-you-mean.js";
import { formatPath, type PathSegment, type Problem } from "./problem.js";
import type { YamlSource } from "./yaml-source.js";

/** Turns zod issues into problems located in the YAML, with wording for humans (STYLE.md §3). */
export function problemsFromIssues(
  source: YamlSource,
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys(schema, path);
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        problems.push(
          at(source, [...path, key], "key", {
            code: "unknown-key",
            message: `unknown field \`${key}\``,
            hint: suggestion ? `did you mean \`${suggestion}\`?` : `known fields here: ${known.join(", ")}`,
          }),
        );
      }
      continue;
    }
    problems.push(describe(source, path, issue));
  }
  return problems;
}

function describe(source: YamlSource, path: PathSegment[], issue: z.core.$ZodIssue): Problem {
  const field = formatPath(path) || "document";
  const present = source.node(path) !== undefined;
  if (issue.code === "invalid_type" && !present) {
    const key = path[path.length - 1];
    return at(source, path.slice(0, -1), "value", {
      code: "missing-field",
      message: `missing required field \`${String(key)}\``,
      hint: missingHint(String(key)),
      path,
    });
  }
  if (issue.code === "invalid_type") {
    const written = source.sourceText(path) ?? "";
    const actual = typeOf(valueAt(source.data, path));
    if (issue.expected === "string" && actual === "number" && /^-?\d+$/.test(written.trim())) {
      const digits = written.trim();
      return at(source, path, "value", {
        code: "account-id-number",
        message: `${digits} is a YAML number, not a string; account ids must be quoted (a leading zero would be lost)`,
        hint:
          digits.length === 12
            ? `quote it: "${digits}"`
            : `quote it, and check it: an account id has 12 digits, this has ${digits.length}`,
      });
    }
    return at(source, path, "value", {
      code: "invalid-type",
      message: `expected ${article(issue.expected)}, found ${article(actual)}`,
      hint:
        actual === "number" || actual === "boolean"
          ? `quote the value if you meant the text "${written.trim()}"`
          : undefined,
    });
  }
  if (issue.code === "invalid_value") {
    const allowed = issue.values.map(String);
    const got = valueAt(source.data, path);
    const suggestion = typeof got === "string" ? didYouMean(got, allowed) : undefined;
    return at(source, path, "value", {
      code: "invalid-value",
      message: `${field} is ${JSON.stringify(got)}; allowed: ${allowed.join(", ")}`,
      hint: suggestion ? `did you mean \`${suggestion}\`?` : kindHint(path, got),
    });
  }
  if (issue.code === "invalid_format" && issue.format === "date") {
    return at(source, path, "value", {
      code: "invalid-date",
      message: `${JSON.stringify(valueAt(source.data, path))} ${issue.message}`,
      hint: "write the last day the exception applies, e.g. 2027-03-31",
    });
  }
  const got = valueAt(source.data, path);
  const shown = typeof got === "string" || typeof got === "number" ? ` (got ${JSON.stringify(got)})` : "";
  return at(source, path, "value", { code: "invalid-value", message: `${field}: ${issue.message}${shown}` });
}

function at(
  source: YamlSource,
  locatePath: readonly PathSegment[],
  target: "key" | "value",
  details: {
    code: Problem["code"];
    message: string;
    hint?: string | undefined;
    path?: readonly PathSegment[];
  },
): Problem {
  const position = source.locate(locatePath, target);
  const problem: Problem = {
    severity: "error",
    code: details.code,
    file: source.file,
    line: position.line,
    col: position.col,
    path: formatPath(details.path ?? locatePath),
    message: details.message,
  };
  if (details.hint) problem.hint = details.hint;
  return problem;
}

function missingHint(key: string): string | undefined {
  switch (key) {
    case "reason":
      return "say why these accounts are listed; reviewers and auditors read it";
    case "owner":
      return "name the team or person who answers for this entry, e.g. platform@example.com";
    case "baseline":
      return "add `baseline:` with password, accessKeys, signingCertificates and mfa";
    default:
      return undefined;
  }
}

function kindHint(path: readonly PathSegment[], got: unknown): string | undefined {
  const key = path[path.length - 1];
  if ((key === "accessKeys" || key === "signingCertificates") && (got === "present" || got === "required")) {
    return `no AWS API creates root ${key === "accessKeys" ? "access keys" : "signing certificates"}; use absent or allowed`;
  }
  if (key === "password" && got === "required") return "use `present` to create the login profile if missing";
  if (key === "mfa" && got === "present") {
    return "no API can add an MFA device for someone; use `required` to report passwords without MFA";
  }
  return undefined;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "mapping";
  return typeof value;
}

function article(type: string): string {
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

/** The field names a strict object at `path` accepts, for did-you-mean suggestions. */
function knownKeys(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject) current = current.shape[String(segment)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
    current = current.unwrap() as z.ZodType;
  return current;
}
