import type { AuditedAccount, AuditSnapshot, RootCredentials } from "../audit/snapshot.js";
import type { DesiredState } from "../desired/index.js";
import { type AccountAction, isAccountAction, type Plan } from "../plan/model.js";
import { accountControls, Governances } from "./control-status.js";
import { CHECKS, CheckIds } from "./controls-catalog.js";
import { exceptionsRegister, type RegisterAccount } from "./exceptions-register.js";
import { changesSince, type HistoryPoint, mergeTrend, trendPointOf } from "./history.js";
import type { DesiredStateCommit, Evidence, EvidenceAccount } from "./model.js";
import { ouTree } from "./ou-tree.js";
import { accountPosture, emptyCounts, kindBreakdown } from "./posture.js";
import { currentHistoryPoint } from "./posture-record.js";

export type EvidenceInput = {
  audit: AuditSnapshot;
  desired: DesiredState;
  /** plan(desired, audit, now): the report shows the same verdicts as `rootward plan`. */
  plan: Plan;
  now: Date;
  toolVersion: string;
  commit?: DesiredStateCommit;
  /** Earlier states, for changes and the trend. */
  previous: readonly HistoryPoint[];
};

/** Builds the evidence model. Pure: no clock, no I/O; the same input gives the same output. */
export function buildEvidence(input: EvidenceInput): Evidence {
  const { audit, desired, plan } = input;
  const audited = new Map(audit.accounts.map((account) => [account.id, account]));
  const actions = new Map<string, AccountAction[]>();
  for (const action of plan.actions) {
    if (!isAccountAction(action)) continue;
    const list = actions.get(action.accountId);
    if (list) list.push(action);
    else actions.set(action.accountId, [action]);
  }
  const accounts: EvidenceAccount[] = [];
  const kindInput: Parameters<typeof kindBreakdown>[0][number][] = [];
  for (const planned of plan.accounts) {
    const source = audited.get(planned.accountId) as AuditedAccount;
    const own = actions.get(planned.accountId) ?? [];
    const credentials = source.status === "audited" ? source.rootCredentials : undefined;
    const governedBy = planned.governedBy;
    accounts.push({
      id: planned.accountId,
      name: planned.name,
      ouPath: planned.ouPath,
      ouIds: source.ouIds,
      state: planned.state,
      auditStatus: planned.auditStatus,
      posture: accountPosture(planned, desired.baseline),
      governedBy: {
        kind: governedBy.kind,
        ...("name" in governedBy ? { name: governedBy.name } : {}),
        file: governedBy.location.file,
        line: governedBy.location.line,
      },
      ...(credentials ? { credentials } : {}),
      controls: accountControls(planned, source, own, CheckIds),
      ...notVerifiedReason(source, credentials),
    });
    if (planned.disposition !== "out-of-scope") kindInput.push({ planned, credentials, actions: own });
  }
  const members = accounts.filter((account) => account.posture !== "out-of-scope");
  const counts = emptyCounts();
  for (const account of accounts) counts[account.posture]++;
  const evidence: Evidence = {
    generatedAt: input.now.toISOString(),
    toolVersion: input.toolVersion,
    audit: {
      generatedAt: audit.generatedAt,
      organizationId: audit.organization.id,
      managementAccountId: audit.organization.managementAccountId,
      featureSet: audit.organization.featureSet,
      ...(audit.caller ? { caller: audit.caller } : {}),
      features: audit.features,
    },
    desiredState: { digest: desired.digest, ...(input.commit ? { commit: input.commit } : {}) },
    members: members.length,
    audited: members.filter((account) => account.credentials !== undefined).length,
    inactive: members.filter((account) => account.auditStatus === "skipped" && account.state !== "ACTIVE")
      .length,
    counts,
    accounts,
    kinds: kindBreakdown(kindInput),
    ouTree: ouTree(audit, accounts),
    exceptions: exceptionsRegister(desired, governedByException(accounts), input.now),
    findings: plan.findings,
    findingCounts: plan.summary.findings,
    controls: controlSummaries(accounts),
    organizationControl: organizationControl(audit),
    history: { changes: [], trend: [], mixedBasis: false },
  };
  const current = currentHistoryPoint(evidence, desired, input.now);
  const previous = [...input.previous].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  evidence.history = {
    changes: previous.map((point) => changesSince(point, current)),
    trend: mergeTrend(trendPointOf(current.at, current.accounts), previous),
    mixedBasis: previous.some((point) => point.basis !== "recorded"),
  };
  return evidence;
}

function notVerifiedReason(
  source: AuditedAccount,
  credentials: RootCredentials | undefined,
): { reason?: string } {
  if (credentials) return {};
  const reason = [source.errorCode, source.reason].filter(Boolean).join(": ");
  return { reason: reason === "" ? source.status : reason };
}

function governedByException(accounts: readonly EvidenceAccount[]): Map<string, RegisterAccount[]> {
  const governed = new Map<string, RegisterAccount[]>();
  for (const account of accounts) {
    if (account.governedBy.kind !== "exception" || account.governedBy.name === undefined) continue;
    const entry = { id: account.id, name: account.name, posture: account.posture };
    const list = governed.get(account.governedBy.name);
    if (list) list.push(entry);
    else governed.set(account.governedBy.name, [entry]);
  }
  return governed;
}

function controlSummaries(accounts: readonly EvidenceAccount[]): Evidence["controls"] {
  return CHECKS.map((check) => {
    const summary = {
      check,
      pass: 0,
      fail: 0,
      failBy: Object.fromEntries(
        Governances.map((governance) => [governance, 0]),
      ) as Evidence["controls"][number]["failBy"],
      notVerified: 0,
      outOfScope: 0,
    };
    for (const account of accounts) {
      const row = account.controls.find((control) => control.check === check.id);
      if (!row) continue;
      if (row.status === "pass") summary.pass++;
      else if (row.status === "fail") {
        summary.fail++;
        summary.failBy[row.governance]++;
      } else if (row.status === "not-verified") summary.notVerified++;
      else summary.outOfScope++;
    }
    return summary;
  });
}

/** CIS v7.0.0 2.1.1, from ListOrganizationsFeatures as the audit read it. */
function organizationControl(audit: AuditSnapshot): Evidence["organizationControl"] {
  return audit.features.rootCredentialsManagement
    ? {
        status: "pass",
        detail: "RootCredentialsManagement is enabled (iam:ListOrganizationsFeatures)",
      }
    : {
        status: "fail",
        detail:
          "RootCredentialsManagement is not enabled (iam:ListOrganizationsFeatures); member accounts were not audited",
      };
}
