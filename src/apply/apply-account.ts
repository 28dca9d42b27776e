import type { IAMClient } from "@aws-sdk/client-iam";
import type { RootCredentials } from "../audit/snapshot.js";
import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import { executeAccountAction, loginProfileExists } from "../aws/root-credential-writes.js";
import { ALL_PRESENT, readRootCredentials } from "../aws/root-credentials.js";
import { assumeRoot } from "../aws/root-session.js";
import type { DesiredState } from "../desired/index.js";
import {
  type AccountAction,
  isAccountAction,
  isUnlockAction,
  type PlannedAccount,
  type PlannedUnlock,
} from "../plan/model.js";
import type { TaskPolicyName } from "../plan/operations.js";
import { applyUnlock } from "./apply-unlock.js";
import { describe } from "./describe-action.js";
import type { Journal } from "./journal.js";
import {
  type AccountGovernance,
  credentialVerdict,
  governanceVerdict,
  type MemberAction,
  type Verdict,
} from "./justify.js";
import { liveMatchesPlan, passwordMatchesPlan } from "./staleness.js";

export type { MemberAction } from "./justify.js";

export type ActionOutcome = "done" | "already-done" | "failed" | "skipped" | "unjustified";

export type ActionResult = {
  action: MemberAction;
  outcome: ActionOutcome;
  errorCode?: string;
  message?: string;
};

/**
 * applied: every action done or already done; stale: the credentials changed since the plan;
 * unjustified: the desired state and the live state do not call for an action of the plan;
 * unverified: what governs the account could not be read, so nothing ran.
 */
export const AccountOutcomes = [
  "applied",
  "stale",
  "failed",
  "interrupted",
  "unjustified",
  "unverified",
] as const;
export type AccountOutcome = (typeof AccountOutcomes)[number];

export type AccountResult = {
  accountId: string;
  name: string;
  outcome: AccountOutcome;
  reason?: string;
  errorCode?: string;
  actions: ActionResult[];
};

export type AccountWork = {
  accountId: string;
  /** The plan's entry for the account (its name and the credentials the plan was made from). */
  planned: PlannedAccount | undefined;
  /** How the desired state governs the account, from facts read live in this run. */
  governance: AccountGovernance;
  actions: readonly MemberAction[];
  unlocks: ReadonlyMap<string, PlannedUnlock>;
};

/**
 * Applies one account's reviewed actions. Each action must be justified twice before its call:
 * by the governing rules (from live facts, before any session) and by the credentials read
 * inside the session; the rest is refused without a call. One session per task, actions in plan
 * order, unlocks last, each in its own session. Nothing outside `actions` is ever called.
 */
export async function applyAccount(
  clients: AwsClients,
  desired: DesiredState,
  work: AccountWork,
  journal: Journal,
): Promise<AccountResult> {
  const name =
    work.governance.kind === "governed" ? work.governance.account.name : (work.planned?.name ?? "");
  const recorder = resultRecorder(journal);
  const candidates: MemberAction[] = [];
  for (const action of work.actions) {
    const verdict = governanceVerdict(desired, work.governance, action);
    if (verdict.kind === "run") candidates.push(action);
    else if (work.governance.kind === "unverified") recorder.skip(action, verdict.reason);
    else recorder.verdict(action, verdict);
  }
  const finish = (outcome?: "stale" | "failed", reason?: string, errorCode?: string): AccountResult =>
    accountResult(work, name, recorder.results, outcome, reason, errorCode);
  if (work.governance.kind !== "governed") return finish();

  const rules = work.governance.rules;
  const credentialActions = candidates.filter(isAccountAction);
  const groups: Array<[TaskPolicyName, AccountAction[]]> = [
    [
      "IAMDeleteRootUserCredentials",
      credentialActions.filter((a) => a.taskPolicy === "IAMDeleteRootUserCredentials"),
    ],
    [
      "IAMCreateRootUserPassword",
      credentialActions.filter((a) => a.taskPolicy === "IAMCreateRootUserPassword"),
    ],
  ];
  const planned = work.planned?.live;
  if (!planned && credentialActions.length > 0) {
    for (const action of credentialActions)
      recorder.verdict(action, {
        kind: "unjustified",
        reason:
          "the plan holds no audited credentials for this account, so it was not written by rootward plan",
      });
  }
  for (const [task, group] of groups) {
    if (group.length === 0 || !planned) continue;
    let iam: IAMClient;
    let live: RootCredentials;
    let stale: string | undefined;
    try {
      iam = clients.iamForSession(await assumeRoot(clients.sts, work.accountId, task));
      if (task === "IAMDeleteRootUserCredentials") {
        live = await readRootCredentials(iam, ALL_PRESENT);
        stale = liveMatchesPlan(planned, live, credentialActions);
      } else {
        // Only GetLoginProfile can be read in an IAMCreateRootUserPassword session.
        const present = await loginProfileExists(iam);
        live = { password: { present }, accessKeys: [], mfaDevices: [], signingCertificates: [] };
        stale = passwordMatchesPlan(planned, present, credentialActions);
      }
    } catch (error) {
      const failure = awsFailure(error);
      const reason = `${task} session: ${failure.message}`;
      recorder.skipRest(work.actions, reason, "failed", failure.code);
      return finish("failed", reason, failure.code);
    }
    if (stale) {
      const reason = `${stale}; re-plan needed`;
      recorder.skipRest(work.actions, reason, "stale");
      return finish("stale", reason);
    }
    for (const action of group) {
      const verdict = credentialVerdict(work.accountId, rules, planned, live, action);
      if (verdict.kind !== "run") {
        recorder.verdict(action, verdict);
        continue;
      }
      const result = await runAction(iam, action, journal);
      recorder.add(result);
      if (result.outcome === "failed") {
        recorder.skipRest(work.actions, "an earlier action of this account failed");
        return finish("failed", result.message ?? "", result.errorCode);
      }
    }
  }
  for (const action of candidates.filter(isUnlockAction)) {
    const { outcome, errorCode, message } = await applyUnlock(
      clients,
      action,
      work.unlocks.get(action.unlock),
      journal,
    );
    recorder.add({
      action,
      outcome: outcome === "stale" ? "skipped" : outcome,
      ...(errorCode ? { errorCode } : {}),
      ...(message ? { message } : {}),
      ...(outcome === "stale" ? { stale: true } : {}),
    });
  }
  return finish();
}

type RecordedResult = ActionResult & { stale?: boolean };

/** Collects action results in the order they are decided, journalling refusals as they happen. */
function resultRecorder(journal: Journal) {
  const results: RecordedResult[] = [];
  const decided = new Set<MemberAction>();
  const add = (result: RecordedResult) => {
    results.push(result);
    decided.add(result.action);
  };
  return {
    results,
    add,
    verdict(action: MemberAction, verdict: Exclude<Verdict, { kind: "run" }>) {
      if (verdict.kind === "already-done") {
        journal.write({
          event: "succeeded",
          ...describe(action),
          outcome: "already-done",
          message: verdict.reason,
        });
        add({ action, outcome: "already-done", message: verdict.reason });
        return;
      }
      journal.write({ event: "unjustified", ...describe(action), message: verdict.reason });
      add({ action, outcome: "unjustified", message: verdict.reason });
    },
    skip(action: MemberAction, reason: string, outcome?: string, errorCode?: string) {
      journal.write({
        event: "skipped",
        ...describe(action),
        ...(outcome ? { outcome } : {}),
        message: reason,
        ...(errorCode ? { errorCode } : {}),
      });
      add({ action, outcome: "skipped", message: reason, ...(outcome === "stale" ? { stale: true } : {}) });
    },
    /** Every action of the account not decided yet is skipped with `reason`. */
    skipRest(actions: readonly MemberAction[], reason: string, outcome?: string, errorCode?: string) {
      for (const action of actions) if (!decided.has(action)) this.skip(action, reason, outcome, errorCode);
    },
  };
}

/** failed beats stale beats unjustified beats unverified; otherwise the account is applied. */
function accountResult(
  work: AccountWork,
  name: string,
  results: readonly RecordedResult[],
  outcome?: "stale" | "failed",
  reason?: string,
  errorCode?: string,
): AccountResult {
  const order = new Map(work.actions.map((action, index) => [action, index]));
  const actions: ActionResult[] = [...results]
    .sort((a, b) => (order.get(a.action) ?? 0) - (order.get(b.action) ?? 0))
    .map(({ stale: _stale, ...result }) => result);
  const base = { accountId: work.accountId, name, actions };
  const failed = results.find((result) => result.outcome === "failed");
  if (outcome === "failed" || failed) {
    const code = errorCode ?? failed?.errorCode;
    return {
      ...base,
      outcome: "failed",
      reason: reason ?? failed?.message ?? "",
      ...(code ? { errorCode: code } : {}),
    };
  }
  const stale = results.find((result) => result.stale);
  if (outcome === "stale" || stale)
    return { ...base, outcome: "stale", reason: reason ?? stale?.message ?? "" };
  const unjustified = results.find((result) => result.outcome === "unjustified");
  if (unjustified) return { ...base, outcome: "unjustified", reason: unjustified.message ?? "" };
  if (work.governance.kind === "unverified") {
    return { ...base, outcome: "unverified", reason: `account is not verified: ${work.governance.reason}` };
  }
  return { ...base, outcome: "applied" };
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
