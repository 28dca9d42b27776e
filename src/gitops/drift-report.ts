import type { Plan, Severity } from "../plan/model.js";
import { isOrganizationAction, Severities } from "../plan/model.js";
import { inertData } from "../report/inert-text.js";
import { GITHUB_COMMENT_LIMIT, REPORT_MARKDOWN_CHARS } from "../report/markdown-limits.js";
import { markdownCode, markdownText, plural } from "../report/markdown-text.js";
import { renderPlanMarkdown } from "../report/plan-markdown.js";
import { fenceFor } from "../report/plan-unlocks.js";
import { isCreate } from "../report/plan-words.js";
import type { DriftPaths } from "./drift-paths.js";
import { type ExceptionSnippet, exceptionSnippets } from "./exception-snippet.js";
import type { LabelSpec } from "./github-port.js";

/** Every label rootward puts on drift pull requests starts with this; others are left alone. */
export const LABEL_PREFIX = "rootward:";

const SEVERITY_COLOR: Record<Severity, string> = {
  critical: "b60205",
  high: "d93f0b",
  medium: "fbca04",
  low: "0e8a16",
  info: "c5def5",
};

/** Labels by what the plan does and by its worst finding (tfcmt-style: deletions are red). */
export function driftLabels(plan: Plan): LabelSpec[] {
  const labels: LabelSpec[] = [
    {
      name: `${LABEL_PREFIX}drift`,
      color: "5319e7",
      description: "The organization drifted from desired-state/",
    },
  ];
  const counts = actionCounts(plan);
  if (counts.deletes > 0)
    labels.push({
      name: `${LABEL_PREFIX}deletes-credentials`,
      color: "b60205",
      description: "Merging deletes root credentials",
    });
  if (counts.creates > 0)
    labels.push({
      name: `${LABEL_PREFIX}creates-credentials`,
      color: "fbca04",
      description: "Merging allows root password recovery",
    });
  if (counts.unlocks > 0)
    labels.push({
      name: `${LABEL_PREFIX}unlocks-policies`,
      color: "b60205",
      description: "Merging removes bucket or queue policies as the account root user",
    });
  if (counts.organization > 0)
    labels.push({
      name: `${LABEL_PREFIX}organization-settings`,
      color: "1d76db",
      description: "Merging changes organization-wide root access features",
    });
  const worst = Severities.find((severity) => plan.summary.findings[severity] > 0);
  if (worst)
    labels.push({
      name: `${LABEL_PREFIX}severity-${worst}`,
      color: SEVERITY_COLOR[worst],
      description: `The plan's most severe finding is ${worst}`,
    });
  return labels;
}

/** What the report and the pull request say about where they are and what made them. */
export type DriftReportOptions = { runUrl?: string; paths: DriftPaths };

export function driftTitle(plan: Plan, paths: DriftPaths): string {
  const counts = actionCounts(plan);
  const parts = [`${counts.deletes} to delete`, `${counts.creates} to create`];
  if (counts.unlocks > 0) parts.push(`${counts.unlocks} to unlock`);
  if (counts.organization > 0) parts.push(plural(counts.organization, "organization change"));
  const scope = plan.summary.drift > 0 ? plural(plan.summary.drift, "account") : "organization settings";
  const where = paths.organization === undefined ? "" : ` of ${paths.organization}`;
  return `rootward: drift in ${scope}${where} (${parts.join(", ")})`;
}

/** The pull-request body: fits GitHub's limit, giving the report the room the snippets leave. */
export function driftBody(input: Plan, options: DriftReportOptions): string {
  const plan = inertData(input);
  const snippets = exceptionSnippets(plan);
  const intro = introduction(plan, options);
  const { report: reportPath, plan: planPath } = options.paths;
  const keep = snippetSection(snippets, 12_000, `see \`${reportPath}\` on this branch`);
  const room = GITHUB_COMMENT_LIMIT - 1_000 - intro.length - keep.length;
  const report = renderPlanMarkdown(plan, {
    maxLength: room,
    fullPlanLink: `\`${reportPath}\` and \`${planPath}\` on this branch`,
  });
  return `${intro}${report}\n${keep}`;
}

/**
 * `drift/REPORT.md`: the report and the snippets, within `maxLength` characters, because the apply
 * workflow shows it in a job summary, which GitHub drops entirely above 1 MiB (markdown-limits.ts).
 * Past that it collapses like the comment and points to `drift/plan.json`, which has everything.
 */
export function driftReportFile(
  input: Plan,
  options: DriftReportOptions,
  maxLength = REPORT_MARKDOWN_CHARS,
): string {
  const plan = inertData(input);
  const intro = introduction(plan, options);
  const planPath = options.paths.plan;
  // The report may take 70%; the snippets get whatever it leaves.
  const report = renderPlanMarkdown(plan, {
    maxLength: Math.floor(maxLength * 0.7) - intro.length,
    fullPlanLink: `\`${planPath}\` on this branch`,
  });
  const snippets = snippetSection(
    exceptionSnippets(plan),
    maxLength - intro.length - report.length - 1,
    `this file stops here to fit a job summary; \`${planPath}\` lists every action`,
  );
  return `${intro}${report}\n${snippets}`;
}

function introduction(plan: Plan, { runUrl, paths }: DriftReportOptions): string {
  const run = runUrl ? ` by [this run](${runUrl})` : "";
  const desired = markdownCode(`${plan.desiredStateDir ?? "desired-state"}/`);
  const named = paths.organization === undefined ? "" : ` (${markdownCode(paths.organization)})`;
  return [
    "## rootward drift report",
    "",
    `The live organization ${markdownCode(plan.organizationId)}${named} no longer matches ${desired} (audited ${markdownText(plan.auditGeneratedAt)}${run}).`,
    "",
    `- **Merging this pull request applies what \`${paths.plan}\` lists and nothing else** (workflow \`apply\`, environment \`root-apply\`): apply plans afresh and runs only the actions both plans hold; anything here that no longer holds is reported, never guessed at.`,
    `- A credential must stay? Close this pull request and add an exception to ${desired} (snippets below). A closed drift pull request is not reopened until the drift changes.`,
    "- This pull request updates itself when the drift changes and closes itself when the organization matches again.",
    "",
    `Plan fingerprint ${markdownCode(plan.fingerprint.slice(0, 12))}.`,
    "",
    "",
  ].join("\n");
}

function snippetSection(snippets: readonly ExceptionSnippet[], budget: number, rest: string): string {
  if (snippets.length === 0) return "";
  let out =
    "### Keep credentials instead\n\nFor each account below, this entry under `exceptions:` (in the RootAccessPolicy or a RootAccessExceptions file) keeps exactly the credentials this plan would delete. Fill in `reason` and `owner`; shorten `expires` if you can.\n\n";
  let shown = 0;
  for (const snippet of snippets) {
    const fence = fenceFor(snippet.yaml);
    const block = `<details><summary><code>${markdownText(snippet.accountId)}</code> ${markdownText(snippet.accountName)}</summary>\n\n${fence}yaml\n${snippet.yaml}\n${fence}\n\n</details>\n\n`;
    if (out.length + block.length > budget - 200) break;
    out += block;
    shown++;
  }
  if (shown < snippets.length) out += `…and ${plural(snippets.length - shown, "more account")}: ${rest}.\n`;
  return out;
}

function actionCounts(plan: Plan): {
  deletes: number;
  creates: number;
  unlocks: number;
  organization: number;
} {
  let deletes = 0;
  let creates = 0;
  let unlocks = 0;
  let organization = 0;
  for (const action of plan.actions) {
    if (isOrganizationAction(action)) organization++;
    else if ("unlock" in action) unlocks++;
    else if (isCreate(action)) creates++;
    else deletes++;
  }
  return { deletes, creates, unlocks, organization };
}
