import type { IAMClient } from "@aws-sdk/client-iam";
import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import { executeAccountAction, loginProfileExists } from "../aws/root-credential-writes.js";
import { ALL_PRESENT, readRootCredentials } from "../aws/root-credentials.js";
import { assumeRoot } from "../aws/root-session.js";
import {
  type AccountAction,
  isAccountAction,
  isUnlockAction,
  type PlannedAccount,
  type PlannedUnlock,
  type UnlockAction,
} from "../plan/model.js";
import type { TaskPolicyName } from "../plan/operations.js";
import { applyUnlock, unlockRecord } from "./apply-unlock.js";
import type { Journal } from "./journal.js";
import { liveMatchesPlan, passwordMatchesPlan } from "./staleness.js";

export type ActionOutcome = "done" | "already-done" | "failed" | "skipped";
/** Any action on a member account: a root-credential action or an unlock. */
export type MemberAction = AccountAction | UnlockAction;

export type ActionResult = {
  action: MemberAction;
  outcome: ActionOutcome;
  errorCode?: string;
  message?: string;
};

export const AccountOutcomes = ["applied", "stale", "failed", "interrupted"] as const;
export type AccountOutcome = (typeof AccountOutcomes)[number];

export type AccountResult = {
  accountId: string;
  name: string;
  outcome: AccountOutcome;
  reason?: string;
  errorCode?: string;
  actions: ActionResult[];
};

/**
 * Applies one account's reviewed actions: one session per task, the live state re-read inside
 * the session first, then the actions in plan order; unlocks last, each in its own session.
 * Nothing outside `actions` is ever called.
 */
export async function applyAccount(
  clients: AwsClients,
  account: PlannedAccount,
  actions: readonly MemberAction[],
  journal: Journal,
  unlocks: readonly PlannedUnlock[] = [],
): Promise<AccountResult> {
  const results: ActionResult[] = [];
  const base = { accountId: account.accountId, name: account.name };
  const credentialActions = actions.filter(isAccountAction);
  const groups: Array<[TaskPolicyName, AccountAction[]]> = [
    [
      "IAMDeleteRootUserCredentials",
      credentialActions.filter((action) => action.taskPolicy === "IAMDeleteRootUserCredentials"),
    ],
    [
      "IAMCreateRootUserPassword",
      credentialActions.filter((action) => action.taskPolicy === "IAMCreateRootUserPassword"),
    ],
  ];
  // Unlocks do not depend on the root credentials, so only credential actions need them audited.
  // Leaves every action not yet run, records why, and ends the account with `outcome`.
  const stop = (outcome: "stale" | "failed", reason: string, errorCode?: string): AccountResult => {
    const rest = actions.filter((action) => !results.some((result) => result.action === action));
    const refused = refuse(base, outcome, reason, rest, journal, errorCode);
    return { ...refused, actions: [...results, ...refused.actions] };
  };
  const planned = account.live;
  if (!planned && credentialActions.length > 0)
    return stop("stale", "the plan holds no audited state for this account");

  for (const [task, group] of groups) {
    if (group.length === 0 || !planned) continue;
    let iam: IAMClient;
    let stale: string | undefined;
    try {
      iam = clients.iamForSession(await assumeRoot(clients.sts, account.accountId, task));
      stale =
        task === "IAMDeleteRootUserCredentials"
          ? liveMatchesPlan(planned, await readRootCredentials(iam, ALL_PRESENT), credentialActions)
          : passwordMatchesPlan(planned, await loginProfileExists(iam), credentialActions);
    } catch (error) {
      const failure = awsFailure(error);
      return stop("failed", `${task} session: ${failure.message}`, failure.code);
    }
    if (stale) return stop("stale", `${stale}; re-plan needed`);
    for (const action of group) {
      const result = await runAction(iam, action, journal);
      results.push(result);
      if (result.outcome === "failed") {
        const rest = actions.filter((candidate) => !results.some((done) => done.action === candidate));
        for (const skipped of rest) {
          results.push({
            action: skipped,
            outcome: "skipped",
            message: "an earlier action of this account failed",
          });
          journal.write({
            event: "skipped",
            ...describe(skipped),
            message: "an earlier action of this account failed",
          });
        }
        return {
          ...base,
          outcome: "failed",
          actions: results,
          reason: result.message ?? "",
          ...(result.errorCode ? { errorCode: result.errorCode } : {}),
        };
      }
    }
  }
  return applyUnlocks(clients, base, actions.filter(isUnlockAction), unlocks, results, journal);
}

/** Every unlock of the account runs; the account is stale or failed if any one was. */
async function applyUnlocks(
  clients: AwsClients,
  base: { accountId: string; name: string },
  actions: readonly UnlockAction[],
  unlocks: readonly PlannedUnlock[],
  results: ActionResult[],
  journal: Journal,
): Promise<AccountResult> {
  let failed: ActionResult | undefined;
  let stale: string | undefined;
  for (const action of actions) {
    const planned = unlocks.find((unlock) => unlock.name === action.unlock);
    const { outcome, errorCode, message } = await applyUnlock(clients, action, planned, journal);
    const result: ActionResult = {
      action,
      outcome: outcome === "stale" ? "skipped" : outcome,
      ...(errorCode ? { errorCode } : {}),
      ...(message ? { message } : {}),
    };
    results.push(result);
    if (outcome === "failed") failed ??= result;
    if (outcome === "stale") stale ??= message;
  }
  if (failed) {
    return {
      ...base,
      outcome: "failed",
      actions: results,
      reason: failed.message ?? "",
      ...(failed.errorCode ? { errorCode: failed.errorCode } : {}),
    };
  }
  if (stale) return { ...base, outcome: "stale", reason: stale, actions: results };
  return { ...base, outcome: "applied", actions: results };
}

async function runAction(iam: IAMClient, action: AccountAction, journal: Journal): Promise<ActionResult> {
  journal.write({ event: "started", ...describe(action) });
  try {
    const outcome = await executeAccountAction(iam, action);
    journal.write({ event: "succeeded", ...describe(action), outcome });
    return { action, outcome };
  } catch (error) {
    const failure = awsFailure(error);
    journal.write({
      event: "failed",
      ...describe(action),
      errorCode: failure.code,
      message: failure.message,
    });
    return { action, outcome: "failed", errorCode: failure.code, message: failure.message };
  }
}

function refuse(
  base: { accountId: string; name: string },
  outcome: "stale" | "failed",
  reason: string,
  actions: readonly MemberAction[],
  journal: Journal,
  errorCode?: string,
): AccountResult {
  for (const action of actions) {
    journal.write({
      event: "skipped",
      ...describe(action),
      outcome,
      message: reason,
      ...(errorCode ? { errorCode } : {}),
    });
  }
  return {
    ...base,
    outcome,
    reason,
    ...(errorCode ? { errorCode } : {}),
    actions: actions.map((action) => ({ action, outcome: "skipped" as const, message: reason })),
  };
}

export function describe(action: MemberAction): {
  operation: string;
  accountId: string;
  identifier?: string;
} {
  if (isUnlockAction(action)) return unlockRecord(action);
  const identifier = action.accessKeyId ?? action.serialNumber ?? action.certificateId;
  return { operation: action.operation, accountId: action.accountId, ...(identifier ? { identifier } : {}) };
}
