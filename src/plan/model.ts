import type { AuditStatus, RootCredentials, SkipReason } from "../audit/snapshot.js";
import type { CredentialRules } from "../desired/index.js";
import type {
  AccountOperation,
  OrganizationOperation,
  TaskPolicyName,
  UnlockTaskName,
} from "./operations.js";

export const PLAN_VERSION = 1;

export const Severities = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof Severities)[number];

export function severityRank(severity: Severity): number {
  return Severities.indexOf(severity);
}

/** A plan action; its `operation` is the AWS operation name it runs (DESIGN.md "Data flow"). */
export type OrganizationAction = {
  operation: OrganizationOperation;
  servicePrincipal?: string;
};

export type AccountAction = {
  operation: AccountOperation;
  accountId: string;
  taskPolicy: TaskPolicyName;
  accessKeyId?: string;
  serialNumber?: string;
  certificateId?: string;
};

/**
 * Removes the policy of one bucket or queue that an unlock request names, in a session of the
 * request's unlock task. `unlock` is the request's name; the SQS form always clears the policy.
 */
export type UnlockAction =
  | {
      operation: "DeleteBucketPolicy";
      accountId: string;
      taskPolicy: "S3UnlockBucketPolicy";
      unlock: string;
      bucket: string;
    }
  | {
      operation: "SetQueueAttributes";
      accountId: string;
      taskPolicy: "SQSUnlockQueuePolicy";
      unlock: string;
      queueUrl: string;
      attributes: { Policy: "" };
    };

export type PlanAction = OrganizationAction | AccountAction | UnlockAction;

/** A root-credential action (the `accountId` of an unlock action does not make it one). */
export function isAccountAction(action: PlanAction): action is AccountAction {
  return "accountId" in action && !("unlock" in action);
}

export function isUnlockAction(action: PlanAction): action is UnlockAction {
  return "unlock" in action;
}

/** An organization-level action, run with the caller's own credentials. */
export function isOrganizationAction(action: PlanAction): action is OrganizationAction {
  return !("accountId" in action);
}

export const FindingRules = [
  "organization-not-all-features",
  "root-credentials-management-off",
  "feature-change-needs-management-account",
  "trusted-access-disable-manual",
  "password-recovery-needs-root-sessions",
  "account-audit-failed",
  "account-not-audited",
  "account-governance-unverified",
  "account-not-active",
  "password-without-mfa",
  "recently-used-credential",
  "hardware-mfa-deactivation",
  "scp-blocks-action",
  "scp-analysis-skipped",
  "trusted-access-unread",
  "unmanaged-account-credentials",
  "exception-expired",
  "exception-expiring",
  "exception-unknown-account",
  "exception-unused",
  "exception-shadowed",
  "unmanaged-unused",
  "unlock-root-sessions-off",
  "unlock-not-verified",
  "unlock-target-missing",
  "unlock-account-excluded",
  "unlock-done",
  "root-event-outside-exception",
] as const;
export type FindingRule = (typeof FindingRules)[number];

export type PlanLocation = { file: string; line: number };

export type Finding = {
  ruleId: FindingRule;
  severity: Severity;
  accountId?: string;
  message: string;
  location: PlanLocation;
};

export type Governance =
  | { kind: "baseline"; location: PlanLocation }
  | { kind: "exception"; name: string; location: PlanLocation }
  | { kind: "unmanaged"; name: string; location: PlanLocation }
  | { kind: "out-of-scope"; location: PlanLocation }
  /** What governs the account could not be read (its tags): no entry can be chosen, nothing runs. */
  | { kind: "unverified"; location: PlanLocation };

/** What the plan decided for one account of the audit. */
export const Dispositions = ["compliant", "drift", "unmanaged", "not-verified", "out-of-scope"] as const;
export type Disposition = (typeof Dispositions)[number];

export type PlannedAccount = {
  accountId: string;
  name: string;
  ouPath: string;
  state: string;
  auditStatus: AuditStatus;
  reasonCode?: SkipReason;
  reason?: string;
  governedBy: Governance;
  rules?: CredentialRules;
  disposition: Disposition;
  /** The exact live credential set the actions were computed from; apply re-reads and compares. */
  live?: RootCredentials;
  liveFingerprint?: string;
};

/** What the plan decided for one unlock request. */
export const UnlockStatuses = ["pending", "done", "blocked", "not-verified"] as const;
export type UnlockStatus = (typeof UnlockStatuses)[number];

export type PlannedUnlock = {
  name: string;
  accountId: string;
  s3Bucket?: string;
  sqsQueueUrl?: string;
  taskPolicy: UnlockTaskName;
  /** pending: an action removes `policy`; done: no policy left; blocked / not-verified: see the findings. */
  status: UnlockStatus;
  /** The policy as the audit read it; apply removes it only if the live policy still equals it. */
  policy?: string;
  reason: string;
  owner: string;
  ticket?: string;
  location: PlanLocation;
};

export type FeatureName = "trustedAccess" | "rootCredentialsManagement" | "rootSessions";
/** `unread`: the live state could not be read (`live` is then not the truth) and no action changes it. */
export type FeatureComparison = Record<FeatureName, { live: boolean; desired: boolean; unread?: true }>;

export type PlanSummary = {
  accounts: number;
  compliant: number;
  drift: number;
  unmanaged: number;
  notVerified: number;
  outOfScope: number;
  organizationActions: number;
  accountActions: number;
  findings: Record<Severity, number>;
};

/**
 * Set when the plan was narrowed to the actions of a reviewed plan (`rootward plan --bounded-by`,
 * used by apply.yml after a drift pull request is merged): the actions are the fresh plan's that
 * the reviewed plan also lists. Neither list below runs; they are reported.
 */
export type PlanBound = {
  /** The reviewed plan file, as it was named on the command line. */
  source: string;
  /** The fingerprint the reviewed plan carries. */
  fingerprint: string;
  /** In the reviewed plan, but the desired state and the live organization do not justify them now. */
  excluded: PlanAction[];
  /** Justified now, but not in the reviewed plan: left for the next plan or drift run. */
  notReviewed: PlanAction[];
};

export type Plan = {
  version: typeof PLAN_VERSION;
  organizationId: string;
  managementAccountId: string;
  desiredStateDigest: string;
  auditGeneratedAt: string;
  plannedAt: string;
  features: FeatureComparison;
  accounts: PlannedAccount[];
  actions: PlanAction[];
  findings: Finding[];
  /** Every unlock request of the desired state, in account then name order. */
  unlocks: PlannedUnlock[];
  summary: PlanSummary;
  /** sha256 over the actions and the live state they were computed from. */
  fingerprint: string;
  bound?: PlanBound;
  /**
   * The desired-state directory `rootward plan` read, relative to where it ran, so apply can say
   * which one to pass. A hint only: not in the fingerprint, and apply trusts the digest.
   */
  desiredStateDir?: string;
  /** Set on a partial plan (`--account`): only these accounts were planned (target-plan.ts). */
  target?: PlanTarget;
};

/** The accounts a partial plan covers, in the order asked for. */
export type PlanTarget = { accounts: { id: string; name: string }[] };
