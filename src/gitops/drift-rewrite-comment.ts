import { controlCharacters } from "../control-characters.js";
import type { BranchProblem, BranchVerdict } from "./drift-branch-verdict.js";

/** At most this many commits are named; the branch history on GitHub has the rest. */
const NAMED_COMMITS = 10;

/**
 * The pull-request comment after rootward rewrote its drift branch over content it did not write.
 * Commit authors and subjects are anyone's text: each goes into a code span (no mentions, links
 * or markup), stripped of control characters.
 */
export function rewriteComment(
  verdict: Extract<BranchVerdict, { kind: "foreign" }>,
  where: { branch: string; base: string; commit: string },
): string {
  const lines = [
    `**rootward rewrote \`${where.branch}\`**: the branch did not hold only rootward's own commit, so it was replaced with one commit on top of \`${where.base}\` written from this run's plan (${codeSpan(where.commit.slice(0, 12))}).`,
    "",
    "What was found:",
    "",
    ...verdict.problems.map(problemLine),
  ];
  if (verdict.commits.length > 0) {
    lines.push("", "Commits that were on the branch and not on the base branch:", "");
    for (const commit of verdict.commits.slice(0, NAMED_COMMITS))
      lines.push(
        `- ${codeSpan(commit.sha.slice(0, 12))} by ${codeSpan(commit.author)}: ${codeSpan(commit.subject)}`,
      );
    if (verdict.commits.length > NAMED_COMMITS)
      lines.push(`- …and ${verdict.commits.length - NAMED_COMMITS} more`);
  }
  lines.push(
    "",
    "Only rootward writes this branch; changes to what it proposes belong in `desired-state/`, in a pull request of their own. Review this pull request again before merging.",
  );
  return `${lines.join("\n")}\n`;
}

/** A markdown code span that `text` cannot close, whatever backticks it holds. */
function codeSpan(text: string): string {
  const clean = stripControls(text);
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence} ${clean} ${fence}`;
}

/** rootward's words as they are; what came from the branch in a code span. */
function problemLine(problem: BranchProblem): string {
  return `- ${problem.message}${problem.detail === undefined ? "" : `: ${codeSpan(problem.detail)}`}`;
}

function stripControls(text: string): string {
  return text.replace(controlCharacters(), " ");
}
