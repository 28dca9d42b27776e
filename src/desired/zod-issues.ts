import { z } from "zod";
import { didYouMean } from "./did-you-mean.js";
import {
  accountIdNumber,
  article,
  enumSuggestion,
  invalidDate,
  kindHint,
  missingHint,
  typeOf,
} from "./issue-wording.js";
import { formatPath, type PathSegment, type Problem } from "./problem.js";
import { RootAccessExceptions, RootAccessPolicy } from "./schema.js";
import type { YamlSource } from "./yaml-source.js";

/** Turns zod issues into problems located in the YAML, with wording for humans (STYLE.md §3). */
export function problemsFromIssues(
  source: YamlSource,
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
): Problem[] {
  const problems: Problem[] = [];
  // A misspelt key also makes the real one missing; the did-you-mean already says both.
  const suggested = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== "symbol");
    if (issue.code !== "unrecognized_keys") continue;
    const known = knownKeys(schema, path);
    for (const key of issue.keys) {
      const suggestion = didYouMean(key, known);
      if (suggestion) suggested.add(formatPath([...path, suggestion]));
      problems.push(
        at(source, [...path, key], "key", {
          code: "unknown-key",
          message: `unknown field \`${key}\``,
          hint: suggestion
            ? `did you mean \`${suggestion}\`?`
            : (elsewhereHint(schema, path, key) ?? `known fields here: ${known.join(", ")}`),
        }),
      );
    }
  }
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== "symbol");
    if (issue.code === "unrecognized_keys") continue;
    const problem = describe(source, schema, path, issue);
    if (problem.code === "missing-field" && suggested.has(problem.path)) continue;
    problems.push(problem);
  }
  return problems;
}

function describe(
  source: YamlSource,
  schema: z.ZodType,
  path: PathSegment[],
  issue: z.core.$ZodIssue,
): Problem {
  const key = path[path.length - 1];
  const got = valueAt(source.data, path);
  if ((issue.code === "invalid_type" || issue.code === "invalid_value") && source.node(path) === undefined) {
    const values = issue.code === "invalid_value" ? issue.values.map(String) : [];
    // Point at the key that opens the parent mapping (or the list item), where the field belongs.
    return at(source, path.slice(0, -1), "key", {
      code: "missing-field",
      message: `missing required field \`${String(key)}\``,
      hint: missingHint(String(key)) ?? addFieldHint(schema, path, values),
      path,
    });
  }
  if (issue.code === "invalid_key") {
    return at(source, path, "key", {
      code: "invalid-value",
      message: key === "" ? "a tag key must not be empty" : `invalid key: ${issue.message}`,
    });
  }
  if (key === "expires" && issue.code === "invalid_type" && typeof got === "number") {
    return at(source, path, "value", { code: "invalid-date", ...invalidDate(String(got)) });
  }
  if (issue.code === "invalid_type" && got === null && typeof key === "number") {
    return at(source, path, "value", {
      code: "invalid-type",
      message: `expected ${article(issue.expected)}, found an empty list item`,
      hint: "give the item a value, or remove it",
    });
  }
  if (issue.code === "invalid_type" && got === null && typeof key === "string") {
    return at(source, path, "key", {
      code: "invalid-type",
      message: `\`${key}\` has no value`,
      hint: emptyValueHint(schema, path, issue.expected),
    });
  }
  if (issue.code === "invalid_type") {
    const written = (source.sourceText(path) ?? "").trim();
    const actual = typeOf(got);
    if (isAccountIdPath(path) && actual === "number" && /^\d+$/.test(written)) {
      return at(source, path, "value", { code: "account-id-number", ...accountIdNumber(written) });
    }
    return at(source, path, "value", {
      code: "invalid-type",
      message: `expected ${article(issue.expected)}, found ${article(actual)}`,
      hint: wrongTypeHint(schema, path, issue.expected, actual, written),
    });
  }
  if (issue.code === "invalid_value") {
    const allowed = issue.values.map(String);
    return at(source, path, "value", {
      code: "invalid-value",
      message: `${JSON.stringify(got)} is not one of: ${allowed.join(", ")}`,
      hint: kindHint(path, got) ?? enumSuggestion(got, allowed),
    });
  }
  if (issue.code === "invalid_format" && issue.format === "date") {
    return at(source, path, "value", { code: "invalid-date", ...invalidDate(String(got)) });
  }
  const shown = typeof got === "string" || typeof got === "number" ? ` (got ${JSON.stringify(got)})` : "";
  return at(source, path, "value", { code: "invalid-value", message: `${issue.message}${shown}` });
}

function addFieldHint(
  schema: z.ZodType,
  path: readonly PathSegment[],
  values: readonly string[],
): string | undefined {
  const key = String(path[path.length - 1]);
  if (values.length > 0) return `add \`${key}:\` with one of: ${values.join(", ")}`;
  if (schemaAt(schema, path) instanceof z.ZodArray) {
    return `add \`${key}:\` and list its entries below it, each starting with "- "`;
  }
  const fields = knownKeys(schema, path);
  return fields.length > 0 ? `add \`${key}:\` with its fields: ${fields.join(", ")}` : undefined;
}

function isAccountIdPath(path: readonly PathSegment[]): boolean {
  const key = path[path.length - 1];
  return key === "managementAccountId" || key === "account" || path[path.length - 2] === "accounts";
}

function wrongTypeHint(
  schema: z.ZodType,
  path: readonly PathSegment[],
  expected: string,
  actual: string,
  written: string,
): string | undefined {
  const key = String(path[path.length - 1]);
  if (expected === "object" && actual === "list") {
    return `remove the "- " in front of each field: \`${key}\` holds fields (${knownKeys(schema, path).join(", ")}), not list items`;
  }
  if (expected === "array" && actual === "mapping") {
    return `start each entry of \`${key}\` with "- "`;
  }
  if (expected === "array" && (actual === "string" || actual === "number")) {
    return `write it as a list: [${written}]`;
  }
  if (actual === "number" || actual === "boolean")
    return `quote the value if you meant the text "${written}"`;
  return undefined;
}

function emptyValueHint(schema: z.ZodType, path: readonly PathSegment[], expected: string): string {
  const key = String(path[path.length - 1]);
  if (expected === "object") return `indent its fields below it: ${knownKeys(schema, path).join(", ")}`;
  if (expected === "array") return `list the values below it, each starting with "- ", or remove \`${key}\``;
  return missingHint(key) ?? `write a value after \`${key}:\``;
}

/** A policy-only section written in an exceptions file gets a pointer to where it belongs. */
function elsewhereHint(schema: z.ZodType, path: readonly PathSegment[], key: string): string | undefined {
  if (schema !== RootAccessExceptions || path.length > 0 || !(key in RootAccessPolicy.shape))
    return undefined;
  return `\`${key}\` belongs in the RootAccessPolicy file; a RootAccessExceptions file holds only exceptions`;
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

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The field names a strict object at `path` accepts, for did-you-mean suggestions. */
function knownKeys(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const current = schemaAt(schema, path);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function schemaAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject) current = current.shape[String(segment)] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return undefined;
  }
  return unwrap(current);
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
    current = current.unwrap() as z.ZodType;
  return current;
}
