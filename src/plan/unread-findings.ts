import type { AuditSnapshot, ReadFailure } from "../audit/snapshot.js";
import type { DesiredState } from "../desired/index.js";
import type { Finding } from "./model.js";

/** Read actions named in the findings: what to grant so the next audit reads what this one could not. */
const SCP_READS =
  "organizations:ListPolicies, organizations:DescribePolicy and organizations:ListTargetsForPolicy";
const TRUSTED_ACCESS_READ = "organizations:ListAWSServiceAccessForOrganization";

/**
 * Says which analyses this plan is missing because the audit could not read something, and
 * why. Nothing unread is defaulted: without SCPs no denial is predicted (this finding says so
 * instead of an empty list looking like "no SCP blocks anything"), and without trusted access
 * the plan schedules no trusted-access action.
 */
export function unreadFindings(desired: DesiredState, audit: AuditSnapshot): Finding[] {
  const location = { file: desired.policyLocation.file, line: desired.policyLocation.line };
  const findings: Finding[] = [];
  const scps = audit.unread?.serviceControlPolicies;
  if (scps) {
    findings.push({
      ruleId: "scp-analysis-skipped",
      severity: "medium",
      message: `SCP analysis skipped: the service control policies could not be read (${reason(scps)}); root credentials were audited, but SCPs that would block a planned action inside root sessions are not predicted, so apply may fail with AccessDenied. Grant ${SCP_READS} (rootward iam-policy plan) and re-run`,
      location,
    });
  }
  const trusted = audit.unread?.trustedAccess;
  if (trusted) {
    findings.push({
      ruleId: "trusted-access-unread",
      severity: "medium",
      message: `trusted access for iam.amazonaws.com could not be read (${reason(trusted)}); the desired state has features.trustedAccess: ${desired.features.trustedAccess}, but this plan neither enables nor disables it. Grant ${TRUSTED_ACCESS_READ} (rootward iam-policy plan) and re-run`,
      location,
    });
  }
  return findings;
}

function reason(failure: ReadFailure): string {
  return `${failure.code}: ${failure.message}`;
}
