import type { AuditStatus, RootCredentials } from "../audit/snapshot.js";
import type { Finding, Governance as PlanGovernance, Severity } from "../plan/model.js";
import type { ControlRow, Governance } from "./control-status.js";
import type { ControlCheck } from "./controls-catalog.js";
import type { RegisterEntry } from "./exceptions-register.js";
import type { ChangeSet } from "./history.js";
import type { TrendPoint } from "./history-record.js";
import type { OuNode } from "./ou-tree.js";
import type { KindBreakdown, Posture, PostureCounts } from "./posture.js";

/** Everything the evidence pack shows, computed once; every renderer reads only this. */
export type Evidence = {
  /** When the pack was made (the clock is passed in, never read here). */
  generatedAt: string;
  toolVersion: string;
  audit: {
    generatedAt: string;
    organizationId: string;
    managementAccountId: string;
    featureSet: string;
    caller?: { accountId: string; arn: string };
    features: { trustedAccess: boolean; rootCredentialsManagement: boolean; rootSessions: boolean };
  };
  desiredState: { digest: string; commit?: DesiredStateCommit };
  /** Member accounts (the management account is out of scope and not counted). */
  members: number;
  /** Member accounts whose root credentials were read in this audit. */
  audited: number;
  /** Suspended or closing member accounts (counted as not verified). */
  inactive: number;
  counts: PostureCounts;
  accounts: EvidenceAccount[];
  kinds: KindBreakdown[];
  ouTree: OuNode;
  exceptions: RegisterEntry[];
  findings: Finding[];
  findingCounts: Record<Severity, number>;
  controls: ControlSummary[];
  organizationControl: { status: "pass" | "fail"; detail: string };
  history: { changes: ChangeSet[]; trend: TrendPoint[]; mixedBasis: boolean };
};

/** The commit the desired state was read from; `dirty` when its files differ from that commit. */
export type DesiredStateCommit = { id: string; dirty: boolean };

export type EvidenceAccount = {
  id: string;
  name: string;
  ouPath: string;
  ouIds: string[];
  state: string;
  auditStatus: AuditStatus;
  posture: Posture;
  governedBy: { kind: PlanGovernance["kind"]; name?: string; file: string; line: number };
  /** The credentials read in the audit; absent when they were not. */
  credentials?: RootCredentials;
  controls: ControlRow[];
  /** Why the account was not audited (error code and message, or state). */
  reason?: string;
};

export type ControlSummary = {
  check: ControlCheck;
  pass: number;
  fail: number;
  /** Failing accounts by why they fail: excepted, drift, allowed by the baseline, … */
  failBy: Record<Governance, number>;
  notVerified: number;
  outOfScope: number;
};
