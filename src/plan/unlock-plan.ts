import type { AuditSnapshot, UnlockTargetRead } from "../audit/snapshot.js";
import { type DesiredState, type UnlockRule, unlockTargetId } from "../desired/index.js";
import { indexBy } from "../index-by.js";
import { compareText } from "../order.js";
import type {
  FeatureComparison,
  FeatureName,
  Finding,
  PlanLocation,
  PlannedAccount,
  PlannedUnlock,
  UnlockAction,
} from "./model.js";

export type UnlockPlan = { unlocks: PlannedUnlock[]; actions: UnlockAction[]; findings: Finding[] };

/**
 * Decides each unlock request: an action when the audit read a policy on a reachable account,
 * otherwise why not. The never-touch rules of accounts hold here too: the management account,
 * unmanaged and non-ACTIVE accounts get a finding, never an action.
 */
export function planUnlocks(
  desired: DesiredState,
  audit: AuditSnapshot,
  accounts: readonly PlannedAccount[],
  features: FeatureComparison,
  /** Each feature once the plan's organization actions have run (feature-plan.ts). */
  after: Record<FeatureName, boolean>,
): UnlockPlan {
  if (desired.unlocks.length === 0) return { unlocks: [], actions: [], findings: [] };
  const byId = new Map(accounts.map((account) => [account.accountId, account]));
  const rules = [...desired.unlocks].sort(
    (a, b) => compareText(a.accountId, b.accountId) || compareText(a.name, b.name),
  );
  const reads = indexBy(audit.unlockTargets ?? [], (read) =>
    readKey(read.accountId, read.s3Bucket !== undefined, read.s3Bucket ?? read.sqsQueueUrl ?? ""),
  );
  const plan: UnlockPlan = { unlocks: [], actions: [], findings: [] };
  for (const rule of rules) {
    const read = reads.get(
      readKey(rule.accountId, rule.target.kind === "s3-bucket", unlockTargetId(rule.target)),
    );
    const decision = decide(rule, byId.get(rule.accountId), read, features, after.rootSessions, desired);
    plan.unlocks.push(decision.unlock);
    if (decision.action) plan.actions.push(decision.action);
    if (decision.finding) plan.findings.push(decision.finding);
  }
  return plan;
}

type Decision = { unlock: PlannedUnlock; action?: UnlockAction; finding?: Finding };

function decide(
  rule: UnlockRule,
  account: PlannedAccount | undefined,
  read: UnlockTargetRead | undefined,
  features: FeatureComparison,
  rootSessionsAfter: boolean,
  desired: DesiredState,
): Decision {
  const location: PlanLocation = { file: rule.location.file, line: rule.location.line };
  const what = targetWords(rule);
  const base: PlannedUnlock = {
    name: rule.name,
    accountId: rule.accountId,
    ...(rule.target.kind === "s3-bucket"
      ? { s3Bucket: rule.target.bucket }
      : { sqsQueueUrl: rule.target.queueUrl }),
    taskPolicy: rule.target.kind === "s3-bucket" ? "S3UnlockBucketPolicy" : "SQSUnlockQueuePolicy",
    status: "blocked",
    reason: rule.reason,
    owner: rule.owner,
    ...(rule.ticket === undefined ? {} : { ticket: rule.ticket }),
    location,
  };
  const finding = (ruleId: Finding["ruleId"], severity: Finding["severity"], message: string): Finding => ({
    ruleId,
    severity,
    accountId: rule.accountId,
    message: `unlock ${rule.name}: ${message}`,
    location,
  });

  const excluded = exclusion(rule, account, desired.organization.managementAccountId);
  if (excluded) {
    const ruleId = excluded.missing ? "unlock-target-missing" : "unlock-account-excluded";
    return { unlock: base, finding: finding(ruleId, "medium", excluded.message) };
  }
  // Unlock sessions need RootSessions (AssumeRoot refuses them otherwise), so nothing was read.
  if (!features.rootSessions.live) {
    const message = !features.rootSessions.desired
      ? `root sessions are off and the desired state keeps them off, so ${what} cannot be unlocked; set features.rootSessions: enabled`
      : rootSessionsAfter
        ? `root sessions are off, so ${what} could not be read; this plan enables them and the unlock appears on the next plan`
        : `root sessions are off and this plan cannot enable them (see the finding feature-change-needs-management-account), so ${what} cannot be read or unlocked yet`;
    const severity = rootSessionsAfter ? "info" : "high";
    return {
      unlock: { ...base, status: "not-verified" },
      finding: finding("unlock-root-sessions-off", severity, message),
    };
  }
  if (read?.status !== "read") return unverified(base, read, what, finding);
  if (read.policy === undefined) {
    return {
      unlock: { ...base, status: "done" },
      finding: finding(
        "unlock-done",
        "low",
        `${what} has no policy any more: the request is done; remove it from the desired state`,
      ),
    };
  }
  return { unlock: { ...base, status: "pending", policy: read.policy }, action: unlockAction(rule) };
}

/** The one call that removes the policy; SQS removes a queue policy when Policy is set empty. */
function unlockAction(rule: UnlockRule): UnlockAction {
  return rule.target.kind === "s3-bucket"
    ? {
        operation: "DeleteBucketPolicy",
        accountId: rule.accountId,
        taskPolicy: "S3UnlockBucketPolicy",
        unlock: rule.name,
        bucket: rule.target.bucket,
      }
    : {
        operation: "SetQueueAttributes",
        accountId: rule.accountId,
        taskPolicy: "SQSUnlockQueuePolicy",
        unlock: rule.name,
        queueUrl: rule.target.queueUrl,
        attributes: { Policy: "" },
      };
}

function exclusion(
  rule: UnlockRule,
  account: PlannedAccount | undefined,
  managementAccountId: string,
): { message: string; missing: boolean } | undefined {
  if (rule.accountId === managementAccountId) {
    return { message: "the management account cannot be targeted by AssumeRoot", missing: false };
  }
  if (!account) {
    return { message: `account ${rule.accountId} is not in the organization`, missing: true };
  }
  if (account.governedBy.kind === "unverified") {
    return {
      message: `what governs account ${rule.accountId} could not be read (its tags); rootward does not act on it`,
      missing: false,
    };
  }
  if (account.governedBy.kind === "unmanaged") {
    const where = `${account.governedBy.location.file}:${account.governedBy.location.line}`;
    return {
      message: `account ${rule.accountId} is unmanaged (${account.governedBy.name}, ${where}); rootward never changes it`,
      missing: false,
    };
  }
  if (account.state !== "ACTIVE") {
    return {
      message: `account ${rule.accountId} is ${account.state}; rootward never changes it`,
      missing: false,
    };
  }
  return undefined;
}

function unverified(
  base: PlannedUnlock,
  read: UnlockTargetRead | undefined,
  what: string,
  finding: (ruleId: Finding["ruleId"], severity: Finding["severity"], message: string) => Finding,
): Decision {
  if (read?.reasonCode === "not-found") {
    return {
      unlock: base,
      finding: finding(
        "unlock-target-missing",
        "medium",
        `${what} does not exist${read.errorCode ? ` (${read.errorCode})` : ""}; fix the name or remove the request`,
      ),
    };
  }
  if (read?.reasonCode === "not-read") {
    // By design, not a problem: a read-only plan role cannot open unlock sessions.
    return {
      unlock: { ...base, status: "not-verified" },
      finding: finding(
        "unlock-not-verified",
        "info",
        `the policy of ${what} was not read: ${read.reason ?? "the run that made this audit opened no unlock sessions"}`,
      ),
    };
  }
  const because = read
    ? `${read.errorCode ? `${read.errorCode}: ` : ""}${read.reason ?? read.status}`
    : "the audit did not read it (an audit snapshot made without this desired state?)";
  return {
    unlock: { ...base, status: "not-verified" },
    finding: finding("unlock-not-verified", "high", `the policy of ${what} could not be read: ${because}`),
  };
}

/** The audit's read of a target: account, kind and bucket name or queue URL, as one key. */
function readKey(accountId: string, bucket: boolean, target: string): string {
  return `${accountId} ${bucket ? "s3" : "sqs"} ${target}`;
}

export function targetWords(rule: Pick<UnlockRule, "target">): string {
  return `${rule.target.kind === "s3-bucket" ? "bucket" : "queue"} ${unlockTargetId(rule.target)}`;
}
