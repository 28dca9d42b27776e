import { compareText } from "../order.js";

/** A problem found in the desired state: user errors are data, never throws (STYLE.md §3). */
export type ProblemCode =
  | "no-files"
  | "file-too-large"
  | "too-many-files"
  | "symbolic-link"
  | "not-regular-file"
  | "not-utf8"
  | "empty-file"
  | "multiple-documents"
  | "yaml-syntax"
  | "duplicate-key"
  | "alias-limit"
  | "wrong-api-version"
  | "wrong-kind"
  | "unknown-key"
  | "missing-field"
  | "invalid-type"
  | "invalid-value"
  | "account-id-number"
  | "invalid-date"
  | "policy-missing"
  | "policy-duplicate"
  | "empty-selector"
  | "duplicate-name"
  | "duplicate-account"
  | "management-account"
  | "exception-expired"
  | "exception-expiring"
  | "exception-no-effect"
  | "feature-needs-trusted-access"
  | "unlock-target"
  | "unlock-queue-account"
  | "duplicate-unlock"
  | "control-character"
  | "placeholder";

export type Severity = "error" | "warning";

export type Problem = {
  severity: Severity;
  code: ProblemCode;
  file: string;
  line: number;
  col: number;
  /** Dotted path to the field, e.g. `exceptions[0].accounts[1]`; empty for the whole file. */
  path: string;
  message: string;
  hint?: string;
};

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    // Tag keys are free text; an empty one or one with dots or spaces would make the path ambiguous.
    else if (segment === "" || /[.[\]\s"]/.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/** Orders problems by file, then position, so output is stable and reads top to bottom. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.file, b.file) || a.line - b.line || a.col - b.col || compareText(a.message, b.message),
  );
}
