import { createPool } from "../audit/pool.js";
import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import { executeOrganizationAction } from "../aws/features.js";
import { describeOrganization } from "../aws/organization.js";
import { RootwardError } from "../errors.js";
import { byText } from "../order.js";
import { isOrganizationAction, type OrganizationAction, type Plan } from "../plan/model.js";
import { type AccountResult, applyAccount, describe, type MemberAction } from "./apply-account.js";
import type { Journal } from "./journal.js";

export type OrganizationActionResult = {
  action: OrganizationAction;
  outcome: "done" | "failed" | "skipped";
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
};

export type ApplyOptions = {
  concurrency: number;
  journal: Journal;
  /** Checked before launching each account; in-flight accounts always finish. */
  stopRequested: () => boolean;
};

/**
 * Executes a reviewed plan: enables first with the caller's credentials, then every account
 * (bounded concurrency, one session per task), then disables. Only the plan's actions run.
 */
export async function applyPlan(
  clients: AwsClients,
  plan: Plan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { journal } = options;
  const live = await describeOrganization(clients.organizations);
  if (live.id !== plan.organizationId) {
    throw new RootwardError(
      "organization-mismatch",
      `refusing to apply: the credentials reach organization ${live.id}, the plan is for ${plan.organizationId}`,
      {
        hint: "check AWS_PROFILE",
      },
    );
  }
  journal.write({
    event: "apply-started",
    organizationId: plan.organizationId,
    planFingerprint: plan.fingerprint,
  });
  const isMember = (action: Plan["actions"][number]): action is MemberAction => "accountId" in action;
  const accountActions = plan.actions.filter(isMember);
  // The plan orders organization actions around the member actions: those before run first
  // (prerequisites), those after run last (disables).
  const firstMember = plan.actions.findIndex(isMember);
  const split = firstMember < 0 ? plan.actions.length : firstMember;
  const enables = plan.actions.slice(0, split).filter(isOrganizationAction);
  const disables = plan.actions.slice(split).filter(isOrganizationAction);

  const organizationResults: OrganizationActionResult[] = [];
  const enabled = await runOrganizationActions(
    clients,
    enables,
    journal,
    organizationResults,
    options.stopRequested,
  );

  const accounts: AccountResult[] = [];
  let interrupted = !enabled && options.stopRequested();
  const byAccount = new Map<string, MemberAction[]>();
  for (const action of accountActions)
    byAccount.set(action.accountId, [...(byAccount.get(action.accountId) ?? []), action]);
  const pool = createPool(options.concurrency);
  for (const planned of plan.accounts) {
    const actions = byAccount.get(planned.accountId);
    if (!actions) continue;
    pool.submit(async () => {
      if (!enabled || options.stopRequested()) {
        interrupted ||= options.stopRequested();
        const reason = enabled
          ? "apply was interrupted before this account started"
          : "an organization action failed";
        for (const action of actions)
          journal.write({ event: "skipped", ...describe(action), message: reason });
        accounts.push({
          accountId: planned.accountId,
          name: planned.name,
          outcome: "interrupted",
          reason,
          actions: actions.map((action) => ({ action, outcome: "skipped", message: reason })),
        });
        return;
      }
      accounts.push(await applyAccount(clients, planned, actions, journal, plan.unlocks));
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
  journal.write({ event: "apply-finished", interrupted, accounts: accounts.length });
  return {
    organizationId: plan.organizationId,
    planFingerprint: plan.fingerprint,
    organizationActions: organizationResults,
    accounts,
    interrupted,
    journalPath: journal.path,
  };
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
    journal.write({ event: "started", operation: action.operation });
    try {
      await executeOrganizationAction(clients, action);
      journal.write({ event: "succeeded", operation: action.operation });
      results.push({ action, outcome: "done" });
    } catch (error) {
      const failure = awsFailure(error);
      journal.write({
        event: "failed",
        operation: action.operation,
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
    result.organizationActions.every((entry) => entry.outcome === "done") &&
    result.accounts.every((account) => account.outcome === "applied")
  );
}
