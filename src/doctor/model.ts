import type { ScpVerdict } from "./scp-analysis.js";

export const DoctorStatuses = ["ok", "warning", "failure", "skipped"] as const;
export type DoctorStatus = (typeof DoctorStatuses)[number];

export const DoctorCheckIds = [
  "endpoint",
  "credentials",
  "organization",
  "all-features",
  "trusted-access",
  "features",
  "caller-actions",
  "password-recovery",
  "sts-endpoint",
  "audit-session",
  "scp",
] as const;
export type DoctorCheckId = (typeof DoctorCheckIds)[number];

export type DoctorCheck = {
  id: DoctorCheckId;
  title: string;
  status: DoctorStatus;
  detail: string;
  /** What to do about a warning or failure. */
  fix?: string;
};

export type DoctorReport = { checks: DoctorCheck[]; scp: ScpVerdict[] };

export function doctorFailed(report: DoctorReport): boolean {
  return report.checks.some((check) => check.status === "failure");
}
