import { sha256 } from "../plan/canonical-json.js";
import type { Plan } from "../plan/model.js";
import { markdownCode } from "../report/markdown-text.js";
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from "../report/plan-markdown.js";
import type { GitHubPort } from "./github-port.js";
import type { GitHubIdentity } from "./identity.js";
import { ensureStickyComment, type StickyComment, type StickyResult } from "./sticky-comment.js";

/** Room for the marker line and the footer inside GitHub's comment limit. */
const RESERVED = 1_000;

export type CommentContext = { toolVersion: string; runUrl?: string; identity: GitHubIdentity };

/**
 * The sticky plan comment. Its marker carries the plan fingerprint and a digest of the rendered
 * plan without run-specific links, so a re-run with the same plan leaves the comment alone (no
 * notification, no churn) while any change in what reviewers would read updates it.
 */
export function planComment(plan: Plan, context: CommentContext): StickyComment {
  const maxLength = GITHUB_COMMENT_LIMIT - RESERVED;
  const stable = renderPlanMarkdown(plan, { maxLength });
  const shown = context.runUrl
    ? renderPlanMarkdown(plan, {
        maxLength,
        fullPlanLink: `the \`plan\` artifact of [this run](${context.runUrl})`,
      })
    : stable;
  return {
    marker: { kind: "plan", fields: { fingerprint: plan.fingerprint, content: digest(stable) } },
    body: `${shown}${footer(plan, context)}`,
  };
}

/** The result of an apply, posted once per applied plan on the pull request that was merged. */
export function applyComment(plan: Plan, report: string, context: CommentContext): StickyComment {
  const heading = "### rootward apply\n\n";
  const tail = footer(plan, context);
  const room = GITHUB_COMMENT_LIMIT - RESERVED - heading.length;
  const text =
    report.length <= room
      ? report
      : `${report.slice(0, room - 200)}\n\n_…the apply report is too long for a comment; see the job summary and the journal artifact._\n`;
  return {
    marker: {
      kind: "apply",
      fields: { fingerprint: plan.fingerprint, content: digest(report), organization: plan.organizationId },
    },
    body: `${heading}${text}${tail}`,
  };
}

function footer(plan: Plan, context: CommentContext): string {
  const run = context.runUrl ? ` · [workflow run](${context.runUrl})` : "";
  return `\n---\n<sub>rootward ${context.toolVersion} · plan ${markdownCode(plan.fingerprint.slice(0, 12))}${run}</sub>\n`;
}

function digest(text: string): string {
  return sha256(text).slice(0, 16);
}

/** Exactly one rootward plan comment on the pull request, edited in place, untouched when current. */
export function ensurePlanComment(
  github: GitHubPort,
  pull: number,
  plan: Plan,
  context: CommentContext,
): Promise<StickyResult> {
  return ensureStickyComment(github, pull, planComment(plan, context), context.identity);
}

/** Exactly one apply-result comment per applied plan on the merged pull request. */
export function ensureApplyComment(
  github: GitHubPort,
  pull: number,
  plan: Plan,
  report: string,
  context: CommentContext,
): Promise<StickyResult> {
  return ensureStickyComment(github, pull, applyComment(plan, report, context), context.identity);
}
