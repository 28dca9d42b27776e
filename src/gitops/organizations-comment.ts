import { sha256 } from "../plan/canonical-json.js";
import type { Plan } from "../plan/model.js";
import { markdownCode, plural } from "../report/markdown-text.js";
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from "../report/plan-markdown.js";
import { type CommentContext, planComment } from "./plan-comment.js";
import type { StickyComment } from "./sticky-comment.js";

/** One organization of a policy repository: its plan, or none when its plan job failed. */
export type OrganizationPlan = { name: string; plan?: Plan };

/** Room for the marker line, the heading, the footer and each section's own heading. */
const RESERVED = 1_000;
const SECTION_HEADING_ROOM = 200;

/**
 * The one sticky plan comment of a pull request to a repository with several organizations
 * (issue 15): a section per organization, in the caller's order, sharing GitHub's 65,536-character
 * limit evenly (each section collapses and summarises within its share as a single plan does).
 * With one organization it is exactly the single-plan comment. The marker carries every plan's
 * fingerprint and a digest of the text, so a re-run with the same plans leaves the comment alone.
 */
export function organizationsComment(
  organizations: readonly OrganizationPlan[],
  context: CommentContext,
): StickyComment {
  const [only] = organizations;
  if (organizations.length === 1 && only?.plan) return planComment(only.plan, context);
  const share = Math.floor(
    (GITHUB_COMMENT_LIMIT - RESERVED) / Math.max(1, organizations.length) - SECTION_HEADING_ROOM,
  );
  const link = context.runUrl ? `the \`plan-NAME\` artifacts of [this run](${context.runUrl})` : undefined;
  const sections = organizations.map((organization) => {
    const heading = `## Organization ${markdownCode(organization.name)}\n\n`;
    if (!organization.plan) {
      return `${heading}_No plan: the plan job of this organization did not finish; see the workflow run._\n`;
    }
    const body = renderPlanMarkdown(organization.plan, {
      maxLength: share,
      ...(link ? { fullPlanLink: link } : {}),
    });
    return `${heading}${body}`;
  });
  const planned = organizations.filter((organization) => organization.plan !== undefined);
  const fingerprints = organizations.map((entry) => `${entry.name}:${entry.plan?.fingerprint ?? "none"}`);
  const stable = organizations
    .map(
      (entry) => `${entry.name}\n${entry.plan ? renderPlanMarkdown(entry.plan, { maxLength: share }) : ""}`,
    )
    .join("\n");
  const head = `# rootward plan: ${plural(organizations.length, "organization")}\n\n`;
  const run = context.runUrl ? ` · [workflow run](${context.runUrl})` : "";
  const missing = organizations.length - planned.length;
  const footer = `\n---\n<sub>rootward ${context.toolVersion} · ${plural(planned.length, "plan")}${missing > 0 ? `, ${missing} missing` : ""}${run}</sub>\n`;
  return {
    marker: {
      kind: "plan",
      fields: {
        fingerprint: sha256(fingerprints.join("\n")).slice(0, 64),
        content: sha256(stable).slice(0, 16),
      },
    },
    body: `${head}${sections.join("\n")}${footer}`,
  };
}
