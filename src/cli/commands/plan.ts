import { open, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseAuditSnapshot } from "../../audit/parse-snapshot.js";
import type { AuditSnapshot } from "../../audit/snapshot.js";
import { type DesiredState, unlockTargetsOf, usesTagSelectors } from "../../desired/index.js";
import { RootwardError } from "../../errors.js";
import { BoundOrganizationError, boundPlan } from "../../plan/bound-plan.js";
import { type Plan, type Severity, severityRank } from "../../plan/model.js";
import { targetFlags, targetPlan } from "../../plan/target-plan.js";
import { inertLines } from "../../report/inert-text.js";
import { renderPlanJson, renderPlanJsonChunks } from "../../report/plan-json.js";
import { renderPlanMarkdown } from "../../report/plan-markdown.js";
import { renderPlanSarif } from "../../report/plan-sarif.js";
import { renderPlanText } from "../../report/plan-text.js";
import { namesAccount, resolveTarget } from "../account-target.js";
import { useColor } from "../color.js";
import { DEFAULT_DESIRED_STATE_DIR, relativeDir } from "../desired-files.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type LiveAuditFlags, liveAudit } from "../live-audit.js";
import { readPlanFile } from "../plan-file.js";
import { planOrRefuse } from "../plan-or-refuse.js";
import { shellCommand } from "../shell-words.js";
import { toolVersion } from "../version.js";
import { loadValidDesiredState } from "./validate.js";

export type PlanFormat = "text" | "markdown" | "json" | "sarif";

export type PlanCommandOptions = LiveAuditFlags & {
  desiredState: string;
  audit?: string;
  /** A reviewed plan: only the actions it also lists stay in this plan. */
  boundedBy?: string;
  out?: string;
  format: PlanFormat;
  detailedExitcode: boolean;
  failOn?: Severity;
  /** --account ID|NAME, repeatable: a partial plan of these accounts only (Terraform's -target). */
  account?: string[];
};

export async function planCommand(options: PlanCommandOptions, io: CliIo): Promise<number> {
  const fresh = await buildPlan(options, io);
  if (!fresh) return ExitCode.error;
  const built = options.boundedBy ? await bound(fresh, options.boundedBy, io) : fresh;
  if (options.out !== undefined || options.format === "json") await writePlanJson(built, options, io);
  if (options.format !== "json") io.stdout(renderPlan(built, options.format, io));
  if (options.out !== undefined) io.stderr(savedPlanMessage(options.out, built));
  return planExitCode(built, options);
}

/** Terraform's closing lines after `plan -out`: where the plan is and the command that applies it. */
export function savedPlanMessage(out: string, built: Plan): string {
  // A file named like an option would be read as one; ./ keeps it a file.
  const words = ["rootward", "apply", out.startsWith("-") ? `./${out}` : out];
  if (built.desiredStateDir !== undefined && built.desiredStateDir !== DEFAULT_DESIRED_STATE_DIR)
    words.push("--desired-state", built.desiredStateDir);
  // A partial plan is applied only with the same --account flags, said again (guards.ts).
  if (built.target) words.push(...targetFlags(built.target));
  return inertLines(
    `\nSaved the plan to ${out}.\nTo apply exactly this plan, run:\n  ${shellCommand(words)}\n`,
  );
}

/**
 * The JSON plan to --out and, with --format json, to stdout: rendered once, piece by piece. At
 * 100,000 accounts it is ~90 MB of text, which never has to exist as one string (issue 13).
 */
async function writePlanJson(built: Plan, options: PlanCommandOptions, io: CliIo): Promise<void> {
  const file = options.out === undefined ? undefined : await open(resolve(io.cwd, options.out), "w");
  try {
    for (const chunk of renderPlanJsonChunks(built)) {
      if (file) await file.write(chunk);
      if (options.format === "json") io.stdout(chunk);
    }
  } finally {
    await file?.close();
  }
}

/** Loads the desired state, audits (or reads an audit), and plans; undefined when the desired state is invalid. */
export async function buildPlan(
  options: PlanCommandOptions,
  io: CliIo,
  given?: DesiredState,
): Promise<Plan | undefined> {
  const desired = given ?? (await loadValidDesiredState(options.desiredState, io));
  if (!desired) return undefined;
  const requested = options.account ?? [];
  // With --account a live audit reads only the accounts named (an emergency does not wait for
  // the whole organization); every name discovered is kept for "did you mean".
  const known: string[] = [];
  const only = (account: { id: string; name: string }) => {
    known.push(account.name);
    return requested.some((value) => namesAccount(value, account));
  };
  const audit: AuditSnapshot = options.audit
    ? parseAuditSnapshot(await readAuditFile(resolve(io.cwd, options.audit)), options.audit)
    : await liveAudit(
        {
          ...options,
          withTags: options.withTags || usesTagSelectors(desired),
          unlockTargets: unlockTargetsOf(desired),
          expectOrganizationId: desired.organization.id,
          ...(requested.length > 0 ? { only } : {}),
        },
        io,
      );
  if (audit.incomplete && requested.length === 0)
    throw incompleteAudit(audit.incomplete.notAudited, options.audit);
  const target =
    requested.length > 0
      ? resolveTarget(
          requested,
          audit.accounts,
          [...known, ...audit.accounts.map((account) => account.name)],
          audit.organization.id,
        )
      : undefined;
  const planned = planOrRefuse(desired, audit, io.now());
  const narrowed = target ? targetPlan(planned, target) : planned;
  return { ...narrowed, desiredStateDir: relativeDir(io.cwd, options.desiredState) };
}

/** The fresh plan ∩ the reviewed plan in `file` (apply after a merged drift pull request). */
async function bound(fresh: Plan, file: string, io: CliIo): Promise<Plan> {
  let reviewed: Plan;
  try {
    reviewed = await readPlanFile(resolve(io.cwd, file));
  } catch (error) {
    if (!(error instanceof RootwardError)) throw error;
    throw new RootwardError(error.code, `--bounded-by: ${error.message}`, {
      hint: "pass the reviewed plan, e.g. the drift/plan.json of a merged drift pull request",
      cause: error,
    });
  }
  try {
    return boundPlan(fresh, reviewed, file);
  } catch (error) {
    if (error instanceof BoundOrganizationError) {
      throw new RootwardError(
        "bound-organization-mismatch",
        `refusing to plan: --bounded-by ${file}: ${error.message}`,
        {
          hint: "pass a plan made for this organization (organization.id in the RootAccessPolicy file)",
        },
      );
    }
    throw error;
  }
}

export function renderPlan(result: Plan, format: PlanFormat, io: CliIo): string {
  switch (format) {
    case "json":
      return renderPlanJson(result);
    case "markdown":
      return renderPlanMarkdown(result);
    case "sarif":
      return renderPlanSarif(result, toolVersion);
    case "text":
      return renderPlanText(result, { color: useColor(io) });
  }
}

/**
 * Terraform's convention with --detailed-exitcode: 0 no changes, 2 changes (or findings at
 * --fail-on), 1 error. --fail-on alone implies --detailed-exitcode: a CI gate written without
 * it would otherwise always pass, silently.
 */
export function planExitCode(
  result: Plan,
  options: Pick<PlanCommandOptions, "detailedExitcode" | "failOn">,
): number {
  if (!options.detailedExitcode && options.failOn === undefined) return ExitCode.ok;
  const threshold = options.failOn;
  const failing =
    threshold !== undefined &&
    result.findings.some((finding) => severityRank(finding.severity) <= severityRank(threshold));
  return result.actions.length > 0 || failing ? ExitCode.changes : ExitCode.ok;
}

/** The text of a saved audit snapshot; `flag` names the option that gave it, for the hint. */
export async function readAuditFile(file: string, flag = "--audit"): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new RootwardError(
      "audit-missing",
      `cannot read audit snapshot ${file}: ${(error as Error).message}`,
      {
        hint: `write one with \`rootward audit --out FILE\`, or leave out ${flag} to audit live`,
      },
    );
  }
}

/**
 * A plan from an interrupted audit would call every account it never reached "not verified" and
 * plan nothing for them: refused, so it is never mistaken for the organization's plan.
 */
function incompleteAudit(notAudited: number, file: string | undefined): RootwardError {
  if (file === undefined) {
    return new RootwardError(
      "interrupted",
      `the audit was interrupted before ${notAudited} accounts were audited; no plan was made`,
      {
        hint: "run the plan again and let the audit finish",
      },
    );
  }
  return new RootwardError(
    "audit-incomplete",
    `${file} is an incomplete audit snapshot: it was interrupted before ${notAudited} accounts were audited`,
    {
      hint: `run rootward audit --out ${file} again to the end, or plan only accounts it audited with --account ID`,
    },
  );
}
