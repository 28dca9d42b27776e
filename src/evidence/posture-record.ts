import type { AuditSnapshot, RootCredentials } from "../audit/snapshot.js";
import { type DesiredState, isExpired } from "../desired/index.js";
import { plan } from "../plan/plan.js";
import type { HistoryPoint } from "./history.js";
import {
  POSTURE_RECORD_KIND,
  POSTURE_RECORD_VERSION,
  type PostureRecord,
  type RecordedAccount,
  type RecordedException,
} from "./history-record.js";
import type { Evidence } from "./model.js";
import { accountPosture } from "./posture.js";

/** `password`, `access-key:ID`, `mfa:SERIAL`, `signing-certificate:ID`, in a stable order. */
export function credentialIds(credentials: RootCredentials): string[] {
  return [
    ...(credentials.password.present ? ["password"] : []),
    ...credentials.accessKeys.map((key) => `access-key:${key.accessKeyId}`),
    ...credentials.mfaDevices.map((device) => `mfa:${device.serialNumber}`),
    ...credentials.signingCertificates.map(
      (certificate) => `signing-certificate:${certificate.certificateId}`,
    ),
  ].sort();
}

function recordedExceptions(desired: DesiredState, now: Date): RecordedException[] {
  return desired.exceptions.map((rule) => ({
    name: rule.name,
    ...(rule.expires === undefined ? {} : { expires: rule.expires }),
    expired: isExpired(rule, now),
  }));
}

/** This report as a point of history. */
export function currentHistoryPoint(evidence: Evidence, desired: DesiredState, now: Date): HistoryPoint {
  const accounts: RecordedAccount[] = evidence.accounts.map((account) => ({
    id: account.id,
    name: account.name,
    posture: account.posture,
    ...(account.governedBy.kind === "exception" && account.governedBy.name !== undefined
      ? { exception: account.governedBy.name }
      : {}),
    credentials: account.credentials ? credentialIds(account.credentials) : null,
  }));
  return {
    source: "this report",
    at: evidence.audit.generatedAt,
    basis: "recorded",
    accounts,
    exceptions: recordedExceptions(desired, now),
    trend: evidence.history.trend,
  };
}

/** posture.json of this pack. */
export function postureRecordOf(evidence: Evidence, desired: DesiredState, now: Date): PostureRecord {
  const point = currentHistoryPoint(evidence, desired, now);
  return {
    kind: POSTURE_RECORD_KIND,
    version: POSTURE_RECORD_VERSION,
    auditGeneratedAt: evidence.audit.generatedAt,
    organizationId: evidence.audit.organizationId,
    desiredStateDigest: evidence.desiredState.digest,
    ...(evidence.desiredState.commit ? { commit: evidence.desiredState.commit.id } : {}),
    accounts: point.accounts,
    exceptions: point.exceptions ?? [],
    trend: evidence.history.trend,
  };
}

export function historyPointFromRecord(record: PostureRecord, source: string): HistoryPoint {
  return {
    source,
    at: record.auditGeneratedAt,
    basis: "recorded",
    accounts: record.accounts,
    exceptions: record.exceptions,
    trend: record.trend,
  };
}

/**
 * A bare audit snapshot, planned against today's desired state as of the snapshot's own time:
 * its credentials are exact, its postures are "that day under today's policy", and which
 * exceptions existed then is unknown (so no exception changes are claimed).
 */
export function historyPointFromAudit(
  desired: DesiredState,
  audit: AuditSnapshot,
  source: string,
): HistoryPoint {
  const at = new Date(audit.generatedAt);
  const planned = plan(desired, audit, at);
  const byId = new Map(audit.accounts.map((account) => [account.id, account]));
  const accounts = planned.accounts.map((account): RecordedAccount => {
    const credentials = byId.get(account.accountId)?.rootCredentials;
    const audited = byId.get(account.accountId)?.status === "audited";
    return {
      id: account.accountId,
      name: account.name,
      posture: accountPosture(account, desired.baseline),
      ...(account.governedBy.kind === "exception" ? { exception: account.governedBy.name } : {}),
      credentials: audited && credentials ? credentialIds(credentials) : null,
    };
  });
  return { source, at: audit.generatedAt, basis: "current-desired-state", accounts, trend: [] };
}
