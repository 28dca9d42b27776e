import { createPool } from "../audit/pool.js";
import { readAccountFacts } from "../aws/account-facts.js";
import { readCaller } from "../aws/caller.js";
import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import { executeOrganizationAction } from "../aws/features.js";
import { readLiveOrganization } from "../aws/organization.js";
import { type DesiredState, usesTagSelectors } from "../desired/index.js";
import { RootwardError } from "../errors.js";
import { byText } from "../order.js";
import { isOrganizationAction, type OrganizationAction, type Plan, type PlanTarget } from "../plan/model.js";
import { type AccountResult, applyAccount } from "./apply-account.js";
import { describe } from "./describe-action.js";
import type { Journal } from "./journal.js";
import {
  accountGovernance,
  type LiveOrganization,
  type MemberAction,
  organizationVerdict,
  type Verdict,
} from "./justify.js";

export type OrganizationActionResult = {
  action: OrganizationAction;
  outcome: "done" | "already-done" | "failed" | "skipped" | "unjustified";
  errorCode?: string;
  message?: string;
};

export type ApplyResult = {
  organizationId: string;
  planFingerprint: string;
  organizationActions: OrganizationActionResult[];
  accounts: AccountResult[];
  interrupted: boolean;
  journalPath: string;
  /** Set when a partial plan (--account) was applied: the rest of the organization was not planned. */
  target?: PlanTarget;
};

export type ApplyOptions = {
  concurrency: number;
  journal: Journal;
  now: Date;
  /** Checked before launching each account; in-flight accounts always finish. */
  stopRequested: () => boolean;
  /** Progress for the terminal: an account's first call is about to go out, or it has finished. */
  onAccountStarted?: (accountId: string, total: number) => void;
  onAccountFinished?: (result: AccountResult, total: number) => void;
};

/**
 * Executes a reviewed plan against the desired state it was made from. Before any change it
 * reads what it believes live: the organization and its management account, who it runs as
 * (GetCallerIdentity), the features, and each touched account's state, OU path and tags; every
 * action must then be justified by the desired state evaluated on those facts (and, inside
 * each session, on the credentials read there). Executed = plan ∩ fresh: the rest is reported
 * `unjustified`, `stale` or `unverified` and journalled, with no call made. Enables run first,
 * then each account, then disables.
 */
export async function applyPlan(
  clients: AwsClients,
  plan: Plan,
  desired: DesiredState,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { journal } = options;
  // Who apply runs as decides which organization calls it may make (src/plan/caller.ts).
  const [organizationRead, caller] = await Promise.all([
    readLiveOrganization(clients),
    readCaller(clients.sts),
  ]);
  const organization: LiveOrganization = { ...organizationRead, caller };
  if (organization.id !== plan.organizationId || organization.id !== desired.organization.id) {
    throw new RootwardError(
      "organization-mismatch",
      `refusing to apply: the credentials reach organization ${organization.id}, the plan is for ${plan.organizationId}`,
      { hint: "check AWS_PROFILE" },
    );
  }
  const members = new Map<string, MemberAction[]>();
  for (const action of plan.actions) {
    if (isOrganizationAction(action)) continue;
    members.set(action.accountId, [...(members.get(action.accountId) ?? []), action]);
  }
  const facts = await readAccountFacts(clients.organizations, [...members.keys()], {
    withTags: usesTagSelectors(desired),
    concurrency: Math.max(1, options.concurrency),
  });
  journal.write({
    event: "apply-started",
    organizationId: plan.organizationId,
    planFingerprint: plan.fingerprint,
    ...(plan.target ? { partialPlanAccounts: plan.target.accounts.map((account) => account.id) } : {}),
  });

  const organizationResults: OrganizationActionResult[] = [];
  const verdicts = plan.actions
    .filter(isOrganizationAction)
    .map((action) => ({ action, verdict: organizationVerdict(desired, organization, action) }));
  // Refusals are decided and journalled before the first call that changes anything.
  for (const { action, verdict } of verdicts) {
    if (verdict.kind !== "run") organizationResults.push(recordVerdict(journal, action, verdict));
  }
  const runnable = verdicts.filter(({ verdict }) => verdict.kind === "run").map(({ action }) => action);
  const enables = runnable.filter((action) => action.operation.startsWith("Enable"));
  const disables = runnable.filter((action) => action.operation.startsWith("Disable"));
  const enabled = await runOrganizationActions(
    clients,
    enables,
    journal,
    organizationResults,
    options.stopRequested,
  );

  const plannedAccounts = new Map(plan.accounts.map((account) => [account.accountId, account]));
  const unlocks = new Map(plan.unlocks.map((unlock) => [unlock.name, unlock]));
  const accounts: AccountResult[] = [];
  let interrupted = !enabled && options.stopRequested();
  const pool = createPool(options.concurrency);
  for (const [accountId, actions] of members) {
    const planned = plannedAccounts.get(accountId);
    pool.submit(async () => {
      if (!enabled || options.stopRequested()) {
        interrupted ||= options.stopRequested();
        const reason = enabled
          ? "apply was interrupted before this account started"
          : "an organization action failed";
        for (const action of actions)
          journal.write({ event: "skipped", ...describe(action), message: reason });
        accounts.push({
          accountId,
          name: planned?.name ?? "",
          outcome: "interrupted",
          reason,
          actions: actions.map((action) => ({ action, outcome: "skipped", message: reason })),
        });
        return;
      }
      options.onAccountStarted?.(accountId, members.size);
      const governance = accountGovernance(
        desired,
        organization,
        accountId,
        facts.get(accountId),
        options.now,
      );
      const result = await applyAccount(
        clients,
        desired,
        { accountId, planned, governance, actions, unlocks },
        journal,
      );
      accounts.push(result);
      options.onAccountFinished?.(result, members.size);
    });
  }
  await pool.drain();
  const allApplied = accounts.every((account) => account.outcome === "applied");
  if (allApplied && enabled)
    await runOrganizationActions(clients, disables, journal, organizationResults, options.stopRequested);
  else
    for (const action of disables)
      organizationResults.push({ action, outcome: "skipped", message: "not every account was applied" });
  accounts.sort(byText((account) => account.accountId));
  const order = new Map(plan.actions.map((action, index) => [action, index]));
  organizationResults.sort((a, b) => (order.get(a.action) ?? 0) - (order.get(b.action) ?? 0));
  journal.write({ event: "apply-finished", interrupted, accounts: accounts.length });
  return {
    organizationId: plan.organizationId,
    planFingerprint: plan.fingerprint,
    organizationActions: organizationResults,
    accounts,
    interrupted,
    journalPath: journal.path,
    ...(plan.target ? { target: plan.target } : {}),
  };
}

function recordVerdict(
  journal: Journal,
  action: OrganizationAction,
  verdict: Exclude<Verdict, { kind: "run" }>,
): OrganizationActionResult {
  if (verdict.kind === "already-done") {
    journal.write({
      event: "succeeded",
      ...describe(action),
      outcome: "already-done",
      message: verdict.reason,
    });
    return { action, outcome: "already-done", message: verdict.reason };
  }
  journal.write({ event: "unjustified", ...describe(action), message: verdict.reason });
  return { action, outcome: "unjustified", message: verdict.reason };
}

async function runOrganizationActions(
  clients: AwsClients,
  actions: readonly OrganizationAction[],
  journal: Journal,
  results: OrganizationActionResult[],
  stopRequested: () => boolean,
): Promise<boolean> {
  for (const action of actions) {
    if (stopRequested()) {
      results.push({ action, outcome: "skipped", message: "apply was interrupted" });
      return false;
    }
    journal.write({ event: "started", ...describe(action) });
    try {
      await executeOrganizationAction(clients, action);
      journal.write({ event: "succeeded", ...describe(action) });
      results.push({ action, outcome: "done" });
    } catch (error) {
      const failure = awsFailure(error);
      journal.write({
        event: "failed",
        ...describe(action),
        errorCode: failure.code,
        message: failure.message,
      });
      results.push({ action, outcome: "failed", errorCode: failure.code, message: failure.message });
      return false;
    }
  }
  return true;
}

export function applySucceeded(result: ApplyResult): boolean {
  return (
    !result.interrupted &&
    result.organizationActions.every(
      (entry) => entry.outcome === "done" || entry.outcome === "already-done",
    ) &&
    result.accounts.every((account) => account.outcome === "applied")
  );
}
