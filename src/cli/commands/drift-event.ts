import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { controlCharacters } from "../../control-characters.js";
import { type DesiredState, unlockTargetsOf, usesTagSelectors } from "../../desired/index.js";
import { RootwardError } from "../../errors.js";
import { type AccountEvent, parseDispatchPayload } from "../../events/dispatch-payload.js";
import { appendStepSummary, setStepOutputs } from "../../gitops/actions-output.js";
import type { ConnectGitHub } from "../../gitops/connect.js";
import { currentDriftPlan } from "../../gitops/current-drift-plan.js";
import { problemText } from "../../gitops/drift-branch-verdict.js";
import { driftPaths } from "../../gitops/drift-paths.js";
import { type DriftResult, ensureDriftPullRequest } from "../../gitops/ensure-drift-pr.js";
import { actionsFiles } from "../../gitops/github-settings.js";
import { resolveIdentity } from "../../gitops/identity.js";
import { eventFinding } from "../../plan/event-finding.js";
import { mergeAccountPlan } from "../../plan/merge-account.js";
import type { Finding, Plan } from "../../plan/model.js";
import { renderPlanJson } from "../../report/plan-json.js";
import { relativeDir } from "../desired-files.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { liveAudit } from "../live-audit.js";
import { planOrRefuse } from "../plan-or-refuse.js";
import { connectFromActions } from "./pr-comment.js";
import { loadValidDesiredState } from "./validate.js";

export type DriftEventOptions = {
  event: string;
  desiredState: string;
  base?: string;
  remote: string;
  commentAuthor?: string;
  /** The organization's name in the workflows' organizations input (its own drift branch and files). */
  organizationName?: string;
  /** Where to write the plan the drift pull request now carries (drift.yml keeps it as an artifact). */
  out?: string;
};

/**
 * `rootward drift --event FILE` (drift.yml on repository_dispatch): re-audits only the account a
 * rootward-account-event names, with the organization reads governance needs and no root session
 * in any other account, merges the result into the plan the drift pull request carries, and
 * updates that pull request: the account is added, or removed once it converged. In a repository
 * with several organizations every organization's job gets the event; only the one the account
 * belongs to (or whose drift pull request still lists it) changes anything.
 */
export async function driftEventCommand(
  options: DriftEventOptions,
  io: CliIo,
  connect: ConnectGitHub = connectFromActions,
): Promise<number> {
  const paths = driftPaths(options.organizationName);
  const event = await readEvent(resolve(io.cwd, options.event), options.event);
  io.stdout(
    `rootward: ${event.eventName} in account ${event.accountId} at ${event.eventTime} (CloudTrail event ${event.eventId}); auditing that account only.\n`,
  );
  const desired = await loadValidDesiredState(options.desiredState, io);
  if (!desired) return ExitCode.error;
  const planOf = (only?: string) => planAccounts(desired, io, options.desiredState, only);
  const fresh = await planOf(event.accountId);
  const member = fresh.accounts.some((account) => account.accountId === event.accountId);
  const finding = eventFinding(
    event,
    fresh.accounts.find((account) => account.accountId === event.accountId),
  );
  const extra = finding ? [finding] : [];
  const outputs = actionsFiles(io.env).outputPath;
  const mode = desired.remediation.mode;
  if (mode === "auto") {
    // No drift pull request to merge into: the workflow applies this account's plan.
    const plan = mergeAccountPlan(undefined, fresh, event.accountId, extra);
    await writePlan(plan, options, io);
    await setStepOutputs(outputs, { changes: String(plan.actions.length > 0), remediation: mode });
    io.stdout(
      `rootward: remediation mode is auto; ${plan.actions.length} action(s) for the workflow to apply.\n`,
    );
    return ExitCode.ok;
  }
  const { settings, github } = await connect(io.env, (message) => io.stderr(`${message}\n`));
  const identity = await resolveIdentity(github, options.commentAuthor ?? io.env.ROOTWARD_COMMENT_AUTHOR);
  const base = options.base ?? (await github.defaultBranch());
  const git = { repoDir: io.cwd, remote: options.remote, env: io.env };
  let whole: Plan | undefined;
  // Runs for other accounts merge into the same branch at the same time (one queue per account):
  // the push is leased on the tip this run merged into, and a lost race merges again.
  for (let attempt = 1; ; attempt++) {
    const current = await currentDriftPlan(github, desired, { git, paths, base, runUrl: settings.runUrl });
    const listed = current.plan?.accounts.some((account) => account.accountId === event.accountId) === true;
    // Another organization's account: nothing of this one changed (a stale drift pull request of
    // this organization waits for its scheduled run rather than a whole audit on someone else's event).
    if (!member && !listed) {
      io.stdout(
        `rootward: account ${event.accountId} is not in organization ${desired.organization.id}${paths.organization ? ` (${paths.organization})` : ""} and not in its drift pull request; nothing to do here.\n`,
      );
      await setStepOutputs(outputs, { changes: "false", remediation: mode });
      return ExitCode.ok;
    }
    if (current.stale !== undefined && whole === undefined) {
      io.stdout(`rootward: ${current.stale}; auditing the whole organization to rebuild it.\n`);
      whole = await planOf();
    }
    const plan = whole
      ? mergeAccountPlan(whole, whole, event.accountId, extra)
      : mergeAccountPlan(current.plan, fresh, event.accountId, extra);
    try {
      const result = await ensureDriftPullRequest(github, plan, {
        git,
        paths,
        base,
        runUrl: settings.runUrl,
        identity,
        expectedTip: current.tip,
        read: current.read,
      });
      await writePlan(plan, options, io);
      await setStepOutputs(outputs, { changes: String(plan.actions.length > 0), remediation: mode });
      return report(plan, result, event, finding, io, settings);
    } catch (error) {
      if (!(error instanceof RootwardError) || error.code !== "branch-moved" || attempt >= MERGE_ATTEMPTS)
        throw error;
      io.stdout(
        `rootward: ${paths.branch} changed while this run merged into it; merging again (${attempt}/${MERGE_ATTEMPTS}).\n`,
      );
    }
  }
}

const MERGE_ATTEMPTS = 5;

async function report(
  plan: Plan,
  result: DriftResult,
  event: AccountEvent,
  finding: Finding | undefined,
  io: CliIo,
  settings: { stepSummaryPath?: string; outputPath?: string },
): Promise<number> {
  const inPull = plan.accounts.some(
    (account) => account.accountId === event.accountId && account.disposition === "drift",
  );
  const where = result.pull ? ` #${result.pull.number} (${result.pull.url})` : "";
  const line = `rootward: account ${event.accountId} ${inPull ? "drifts" : "has no drift"}; drift pull request${where} ${result.action}${result.reason ? `: ${result.reason}` : ""}.`;
  io.stdout(`${line}\n`);
  for (const problem of result.rewritten ?? []) io.stdout(`  found: ${problemText(problem)}\n`);
  if (finding) io.stdout(`  high: ${finding.message}\n`);
  await appendStepSummary(settings.stepSummaryPath, `\n${line}\n`);
  if (result.pull) await setStepOutputs(settings.outputPath, { "pull-request": String(result.pull.number) });
  return ExitCode.ok;
}

async function readEvent(file: string, shown: string): Promise<AccountEvent> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new RootwardError(
      "event-unreadable",
      `cannot read the event payload ${shown}: ${(error as Error).message}`,
      {
        hint: 'in drift.yml it is "$GITHUB_EVENT_PATH" of a repository_dispatch run',
      },
    );
  }
  const parsed = parseDispatchPayload(text);
  if (parsed.ok) return parsed.event;
  // The payload comes from whoever holds a dispatch token: its keys are shown inert and short.
  const problems = parsed.problems
    .slice(0, 5)
    .map((problem) => `${inert(problem.path)}: ${inert(problem.message)}`)
    .join("; ");
  throw new RootwardError(
    "event-invalid",
    `refusing the repository_dispatch payload ${shown}: ${problems}; nothing was audited or changed`,
    {
      hint: 'send {"event_type":"rootward-account-event","client_payload":{"accountId":"111122223333","eventName":"CreateAccessKey","eventTime":"2026-11-20T10:15:00Z","eventId":"<CloudTrail eventID>"}} as the receiver template (`rootward events receiver`) does',
    },
  );
}

function inert(text: string): string {
  const flat = text.replace(controlCharacters(), " ");
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/**
 * The plan of `only` alone, with the organization reads governance needs and no root session in
 * any other account; or, without `only`, of the whole organization (a stale drift pull request).
 */
async function planAccounts(
  desired: DesiredState,
  io: CliIo,
  directory: string,
  only?: string,
): Promise<Plan> {
  const audit = await liveAudit(
    {
      concurrency: only === undefined ? WHOLE_ORGANIZATION_CONCURRENCY : 1,
      thorough: false,
      withTags: usesTagSelectors(desired),
      quiet: true,
      ...(only === undefined ? {} : { only: (account: { id: string }) => account.id === only }),
      unlockTargets: unlockTargetsOf(desired),
      // The plan role cannot open unlock sessions (drift.yml audits with --no-unlock-reads too).
      unlockReads: false,
      expectOrganizationId: desired.organization.id,
    },
    io,
  );
  if (only !== undefined && !audit.accounts.some((account) => account.id === only)) {
    io.stdout(`rootward: account ${only} is not in organization ${audit.organization.id} (any more).\n`);
  }
  const planned = planOrRefuse(desired, audit, io.now());
  return { ...planned, desiredStateDir: relativeDir(io.cwd, directory) };
}

/** `rootward audit`'s default, which the scheduled drift run uses. */
const WHOLE_ORGANIZATION_CONCURRENCY = 16;

async function writePlan(plan: Plan, options: DriftEventOptions, io: CliIo): Promise<void> {
  if (options.out !== undefined) await writeFile(resolve(io.cwd, options.out), renderPlanJson(plan));
}
