import { resolve } from "node:path";
import { applyPlan, applySucceeded } from "../../apply/apply-plan.js";
import { checkGuards, DEFAULT_MAX_ACTIONS } from "../../apply/guards.js";
import { defaultJournalPath, openJournal } from "../../apply/journal.js";
import { DEFAULT_AUDIT_OPTIONS } from "../../audit/run-audit.js";
import { auditUnlockTargets } from "../../audit/unlock-audit.js";
import { createAwsClients } from "../../aws/clients.js";
import type { DesiredState } from "../../desired/index.js";
import { RootwardError } from "../../errors.js";
import type { Plan } from "../../plan/model.js";
import { restrictToUnlocks } from "../../plan/restrict.js";
import { renderApplyJson, renderApplyMarkdown, renderApplyText } from "../../report/apply-report.js";
import { renderPlanText } from "../../report/plan-text.js";
import { noChangesText } from "../../report/plan-words.js";
import { applyProgress } from "../apply-progress.js";
import { useColor } from "../color.js";
import { relativeDir } from "../desired-files.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import type { LiveAuditFlags } from "../live-audit.js";
import { readPlanFile } from "../plan-file.js";
import { planOrRefuse } from "../plan-or-refuse.js";
import { buildPlan } from "./plan.js";
import { loadValidDesiredState } from "./validate.js";

export type ApplyCommandOptions = LiveAuditFlags & {
  desiredState: string;
  autoApprove: boolean;
  maxActions: number;
  journal?: string;
  applyConcurrency: number;
  format: "text" | "markdown" | "json";
  /** Plan and apply only the desired state's unlock requests (see plan/restrict.ts). */
  unlocksOnly?: boolean;
  /** --account: without a plan file, plan only these accounts; with one, the accounts a partial plan covers. */
  account?: string[];
};

export async function applyCommand(
  planFile: string | undefined,
  options: ApplyCommandOptions,
  io: CliIo,
): Promise<number> {
  const desired = await loadValidDesiredState(options.desiredState, io);
  if (!desired) return ExitCode.error;
  if (planFile && options.unlocksOnly) {
    throw new RootwardError(
      "unlocks-only-with-plan",
      "--unlocks-only plans the unlock requests itself; it takes no plan file",
      {
        hint: "rootward apply --unlocks-only --auto-approve",
      },
    );
  }
  const plan = planFile
    ? await readPlanFile(resolve(io.cwd, planFile))
    : await planToConfirm(options, io, desired);
  if (!plan) return ExitCode.error;
  if (plan.actions.length === 0) {
    io.stdout(`${noChangesText(plan)}\n`);
    return ExitCode.ok;
  }
  // Every guard runs before the plan is shown for confirmation: a "yes" is never asked for a
  // plan that would then be refused.
  const refusal = checkGuards({
    plan,
    desiredOrganizationId: desired.organization.id,
    desiredDigest: desired.digest,
    maxActions: options.maxActions,
    desiredStateDir: relativeDir(io.cwd, options.desiredState),
    ...(planFile ? { planFile } : {}),
    ...(options.account ? { accounts: options.account } : {}),
  });
  if (refusal)
    throw new RootwardError(refusal.code, `refusing to apply: ${refusal.message}`, { hint: refusal.hint });
  if (!planFile && !(await confirmPlan(plan, options, io))) {
    io.stdout("Apply cancelled.\n");
    return ExitCode.error;
  }

  const clients = await createAwsClients(io.env);
  const journal = openJournal(resolve(io.cwd, options.journal ?? defaultJournalPath(io.now())), io.now);
  let stop = false;
  const unsubscribe = io.onInterrupt(() => {
    if (!stop) io.stderr("\nInterrupted: no new accounts will start; waiting for calls in flight…\n");
    stop = true;
  });
  const progress = applyProgress({
    write: io.stderr,
    isTty: io.stderrIsTty === true,
    quiet: options.quiet,
    clock: () => io.now().getTime(),
  });
  try {
    const result = await applyPlan(clients, plan, desired, {
      concurrency: options.applyConcurrency,
      journal,
      now: io.now(),
      stopRequested: () => stop,
      onAccountStarted: progress.started,
      onAccountFinished: progress.finished,
    });
    progress.finish();
    const render = { text: renderApplyText, markdown: renderApplyMarkdown, json: renderApplyJson }[
      options.format
    ];
    io.stdout(render(result));
    if (result.interrupted) return ExitCode.interrupted;
    return applySucceeded(result) ? ExitCode.ok : ExitCode.error;
  } finally {
    progress.finish();
    unsubscribe();
    journal.close();
    clients.close();
  }
}

/** Plans as `rootward plan` would (or only the unlock requests); the guards and the prompt come after. */
async function planToConfirm(
  options: ApplyCommandOptions,
  io: CliIo,
  desired: DesiredState,
): Promise<Plan | undefined> {
  if (!options.autoApprove && !io.isTty) {
    throw new RootwardError(
      "approval-required",
      "apply without a plan file needs a terminal to confirm, or --auto-approve",
      {
        hint: "in CI, apply a reviewed plan: rootward plan --out plan.json, then rootward apply plan.json",
      },
    );
  }
  return options.unlocksOnly
    ? await planUnlocksOnly(io, desired)
    : await buildPlan({ ...options, format: "text", detailedExitcode: false }, io, desired);
}

/** Shows the plan; with --auto-approve that is all, otherwise only "yes" goes on. */
async function confirmPlan(plan: Plan, options: ApplyCommandOptions, io: CliIo): Promise<boolean> {
  io.stdout(renderPlanText(plan, { color: useColor(io) }));
  if (options.autoApprove) return true;
  return io.confirm("\nDo you want to apply this plan? Only 'yes' will be accepted: ");
}

/**
 * The unlock requests alone, planned from the narrow audit they need (no credential audit, no
 * OU walk, no SCPs), so the apply role can run it with exactly the permissions it holds.
 */
async function planUnlocksOnly(io: CliIo, desired: DesiredState): Promise<Plan> {
  const clients = await createAwsClients(io.env);
  try {
    const audit = await auditUnlockTargets(clients, desired, {
      now: io.now,
      deadlineMs: DEFAULT_AUDIT_OPTIONS.accountDeadlineMs,
      concurrency: 4,
      expectOrganizationId: desired.organization.id,
    });
    return restrictToUnlocks(planOrRefuse(desired, audit, io.now()));
  } finally {
    clients.close();
  }
}

export { DEFAULT_MAX_ACTIONS };
