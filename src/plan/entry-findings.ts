import type { AuditSnapshot } from "../audit/snapshot.js";
import { type DesiredState, exceptionEndsAt, isExpired, selects } from "../desired/index.js";
import type { Finding, PlannedAccount } from "./model.js";

export const EXPIRY_NOTICE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Findings about desired-state entries themselves: stale, dead or unreachable exceptions. */
export function entryFindings(
  desired: DesiredState,
  audit: AuditSnapshot,
  planned: readonly PlannedAccount[],
  now: Date,
): Finding[] {
  const members = audit.accounts.filter((account) => account.id !== desired.organization.managementAccountId);
  const known = new Set<string>();
  for (const account of audit.accounts) known.add(account.id);
  // Once, not a scan of every planned account per exception.
  const governing = new Set<string>();
  for (const account of planned)
    if (account.governedBy.kind === "exception") governing.add(account.governedBy.name);
  const findings: Finding[] = [];
  for (const rule of desired.exceptions) {
    const location = { file: rule.location.file, line: rule.location.line };
    if (rule.expires !== undefined && isExpired(rule, now)) {
      findings.push({
        ruleId: "exception-expired",
        severity: "medium",
        message: `exception ${rule.name} expired after ${rule.expires}; its accounts fall back to the baseline — remove it or extend it`,
        location,
      });
      continue;
    }
    if (rule.expires !== undefined) {
      const left = exceptionEndsAt(rule.expires).getTime() - now.getTime();
      if (left <= EXPIRY_NOTICE_DAYS * DAY_MS) {
        const days = Math.ceil(left / DAY_MS);
        findings.push({
          ruleId: "exception-expiring",
          severity: "low",
          message: `exception ${rule.name} expires after ${rule.expires} (${days} day${days === 1 ? "" : "s"} left); then its accounts fall back to the baseline`,
          location,
        });
      }
    }
    for (const id of rule.selectors.accounts) {
      if (known.has(id)) continue;
      findings.push({
        ruleId: "exception-unknown-account",
        severity: "medium",
        message: `exception ${rule.name} lists account ${id}, which is not in organization ${audit.organization.id}`,
        location,
      });
    }
    let matched = 0;
    for (const account of members) if (selects(rule.selectors, account)) matched++;
    if (matched === 0) {
      findings.push({
        ruleId: "exception-unused",
        severity: "low",
        message: `exception ${rule.name} matches no account in the organization`,
        location,
      });
    } else if (!governing.has(rule.name)) {
      findings.push({
        ruleId: "exception-shadowed",
        severity: "low",
        message: `exception ${rule.name} matches ${matched} account(s), but an earlier entry governs each of them`,
        location,
      });
    }
  }
  for (const rule of desired.unmanaged) {
    if (members.some((account) => selects(rule.selectors, account))) continue;
    findings.push({
      ruleId: "unmanaged-unused",
      severity: "low",
      message: `${rule.label} matches no account in the organization`,
      location: { file: rule.location.file, line: rule.location.line },
    });
  }
  return findings;
}
