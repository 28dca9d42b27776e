import type { AuditSnapshot } from "../audit/snapshot.js";
import type { DesiredState } from "../desired/index.js";
import type { FeatureComparison, Finding, OrganizationAction } from "./model.js";
import { IAM_SERVICE_PRINCIPAL } from "./operations.js";

export type FeaturePlan = {
  features: FeatureComparison;
  /** Run before any account action, prerequisites first. */
  enables: OrganizationAction[];
  /** Run after every account action, in reverse dependency order. */
  disables: OrganizationAction[];
  findings: Finding[];
};

export type LiveFeatures = AuditSnapshot["features"];

export function planFeatures(desired: DesiredState, audit: AuditSnapshot): FeaturePlan {
  const { features, enables, disables } = featureActions(desired, audit.features, audit.unread);
  const location = { file: desired.policyLocation.file, line: desired.policyLocation.line };
  const { rootCredentialsManagement } = features;
  const findings: Finding[] = [];
  if (audit.organization.featureSet !== "ALL") {
    findings.push({
      ruleId: "organization-not-all-features",
      severity: "critical",
      message: `the organization runs with feature set ${audit.organization.featureSet}; centralized root access needs all features enabled (Organizations console → Settings)`,
      location,
    });
  }
  if (!rootCredentialsManagement.live) {
    const unaudited = audit.accounts.filter(
      (account) => account.reasonCode === "root-credentials-management-disabled",
    ).length;
    findings.push({
      ruleId: "root-credentials-management-off",
      severity: rootCredentialsManagement.desired ? "info" : "high",
      message: rootCredentialsManagement.desired
        ? `root credentials management is off, so ${unaudited} member accounts could not be audited; this plan enables it and per-account changes will appear on the next plan`
        : `root credentials management is off and the desired state keeps it off: the root credentials of ${unaudited} member accounts cannot be verified`,
      location,
    });
  }
  return { features, enables, disables, findings };
}

/** Which live feature states could not be read; such a state is never defaulted. */
export type UnreadFeatures = { trustedAccess?: unknown };

/**
 * The feature switches that bring `live` to what the desired state asks, prerequisites first
 * for enables and in reverse dependency order for disables. Organization actions exist only for
 * IAM trusted access and the two root-access features, and only in the desired direction; a
 * feature whose live state could not be read gets none: the plan never acts on a guess.
 */
export function featureActions(
  desired: DesiredState,
  live: LiveFeatures,
  unread: UnreadFeatures = {},
): Pick<FeaturePlan, "features" | "enables" | "disables"> {
  const wanted = (state: "enabled" | "disabled") => state === "enabled";
  const trustedUnread = unread.trustedAccess !== undefined;
  const features: FeatureComparison = {
    trustedAccess: {
      live: live.trustedAccess,
      desired: wanted(desired.features.trustedAccess),
      ...(trustedUnread ? { unread: true as const } : {}),
    },
    rootCredentialsManagement: {
      live: live.rootCredentialsManagement,
      desired: wanted(desired.features.rootCredentialsManagement),
    },
    rootSessions: { live: live.rootSessions, desired: wanted(desired.features.rootSessions) },
  };
  const enables: OrganizationAction[] = [];
  const disables: OrganizationAction[] = [];
  const { trustedAccess, rootCredentialsManagement, rootSessions } = features;
  if (trustedAccess.desired && !trustedAccess.live && !trustedUnread) {
    enables.push({ operation: "EnableAWSServiceAccess", servicePrincipal: IAM_SERVICE_PRINCIPAL });
  }
  if (rootCredentialsManagement.desired && !rootCredentialsManagement.live) {
    enables.push({ operation: "EnableOrganizationsRootCredentialsManagement" });
  }
  if (rootSessions.desired && !rootSessions.live)
    enables.push({ operation: "EnableOrganizationsRootSessions" });
  if (!rootSessions.desired && rootSessions.live)
    disables.push({ operation: "DisableOrganizationsRootSessions" });
  if (!rootCredentialsManagement.desired && rootCredentialsManagement.live) {
    disables.push({ operation: "DisableOrganizationsRootCredentialsManagement" });
  }
  if (!trustedAccess.desired && trustedAccess.live && !trustedUnread) {
    disables.push({ operation: "DisableAWSServiceAccess", servicePrincipal: IAM_SERVICE_PRINCIPAL });
  }
  return { features, enables, disables };
}
