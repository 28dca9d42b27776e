import type { AuditStatus, RootCredentials, SkipReason } from "../audit/snapshot.js";
import type { CredentialRules } from "../desired/index.js";
import type { AccountOperation, OrganizationOperation, TaskPolicyName } from "./operations.js";

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

export type PlanAction = OrganizationAction | AccountAction;

export function isAccountAction(action: PlanAction): action is AccountAction {
  return "accountId" in action;
}

export const FindingRules = [
  "organization-not-all-features",
  "root-credentials-management-off",
  "account-audit-failed",
  "account-not-audited",
  "account-not-active",
  "password-without-mfa",
  "recently-used-credential",
  "hardware-mfa-deactivation",
  "scp-blocks-action",
  "unmanaged-account-credentials",
  "exception-expired",
  "exception-expiring",
  "exception-unknown-account",
  "exception-unused",
  "exception-shadowed",
  "unmanaged-unused",
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
  | { kind: "out-of-scope"; location: PlanLocation };

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

export type FeatureName = "trustedAccess" | "rootCredentialsManagement" | "rootSessions";
export type FeatureComparison = Record<FeatureName, { live: boolean; desired: boolean }>;

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
  summary: PlanSummary;
  /** sha256 over the actions and the live state they were computed from. */
  fingerprint: string;
};
