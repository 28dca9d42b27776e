import type { Problem } from "../desired/index.js";
import { inertData, inertText } from "./inert-text.js";
import { plural } from "./markdown-text.js";

export type ProblemFormat = "text" | "json" | "github";

export type ValidationSummary = {
  directory: string;
  files: number;
  exceptions: number;
  unmanaged: number;
  unlocks?: number;
};

/**
 * Renders validation problems; pure, so the CLI only decides where the text goes. Messages quote
 * the YAML of a pull request, so text and annotations get them inert (JSON escapes on its own).
 */
export function renderProblems(
  input: readonly Problem[],
  summary: ValidationSummary,
  format: ProblemFormat,
): string {
  if (format === "json") {
    const errors = input.filter((problem) => problem.severity === "error").length;
    return `${JSON.stringify({ valid: errors === 0, ...summary, problems: input }, null, 2)}\n`;
  }
  if (format === "github") return input.map(githubAnnotation).join("");
  const problems = inertData(input);
  const lines = problems.map((problem) => {
    const label = problem.severity === "warning" ? "warning: " : "";
    const head = `${problem.file}:${problem.line}:${problem.col}  ${problem.path || "-"}  ${label}${problem.message}`;
    return problem.hint ? `${head}\n    hint: ${problem.hint}` : head;
  });
  lines.push(summaryLine(problems, summary));
  return `${lines.join("\n")}\n`;
}

export function summaryLine(problems: readonly Problem[], summary: ValidationSummary): string {
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const warnings = problems.length - errors;
  const unlocks = summary.unlocks ? `, ${plural(summary.unlocks, "unlock request")}` : "";
  const checked = `${plural(summary.files, "file")}, ${plural(summary.exceptions, "exception")}, ${plural(summary.unmanaged, "unmanaged entry", "unmanaged entries")}${unlocks}`;
  if (errors > 0)
    return `${summary.directory}: ${plural(errors, "error")}, ${plural(warnings, "warning")} in ${checked}`;
  return `${summary.directory}: valid (${checked}${warnings > 0 ? `; ${plural(warnings, "warning")}` : ""})`;
}

/**
 * GitHub workflow commands; `%`, CR and LF must be escaped or the annotation is cut. The command
 * line is also shown raw in the job log, whose viewer renders ANSI sequences, so what is left
 * after GitHub's escaping is made inert.
 */
function githubAnnotation(problem: Problem): string {
  const escapeData = (value: string) =>
    inertText(value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
  const escapeProperty = (value: string) => escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const text = problem.hint ? `${problem.message} (hint: ${problem.hint})` : problem.message;
  const title = problem.path ? `rootward: ${problem.path}` : "rootward";
  return `::${problem.severity} file=${escapeProperty(problem.file)},line=${problem.line},col=${problem.col},title=${escapeProperty(title)}::${escapeData(text)}\n`;
}
