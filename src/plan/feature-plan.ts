import type { AuditSnapshot } from "../audit/snapshot.js";
import type { DesiredState } from "../desired/index.js";
import {
  type CallerStanding,
  callerStanding,
  featureOfOperation,
  featuresAfter,
  manualCommand,
  type Withholding,
  withholding,
} from "./caller.js";
import type { FeatureComparison, FeatureName, Finding, OrganizationAction, PlanLocation } from "./model.js";
import { IAM_SERVICE_PRINCIPAL } from "./operations.js";

export type FeaturePlan = {
  features: FeatureComparison;
  /** Run before any account action, prerequisites first. */
  enables: OrganizationAction[];
  /** Run after every account action, in reverse dependency order. */
  disables: OrganizationAction[];
  /** Each feature once `enables` and `disables` have run; a withheld change leaves it live. */
  after: Record<FeatureName, boolean>;
  findings: Finding[];
};

export type LiveFeatures = AuditSnapshot["features"];

/**
 * The organization actions of a plan: the feature switches the desired state asks for, except
 * those the caller cannot make (src/plan/caller.ts), which become findings naming the call, who
 * must make it and the command. Nothing downstream counts on a withheld switch (`after`).
 */
export function planFeatures(desired: DesiredState, audit: AuditSnapshot): FeaturePlan {
  const wanted = featureActions(desired, audit.features, audit.unread);
  const { features } = wanted;
  const standing = callerStanding(audit.caller, audit.organization.managementAccountId);
  const location = { file: desired.policyLocation.file, line: desired.policyLocation.line };
  const findings: Finding[] = [];
  const schedule = (actions: readonly OrganizationAction[]) =>
    actions.filter((action) => {
      const withheld = withholding(action, standing);
      if (withheld) findings.push(withheldFinding(action, withheld, standing, location));
      return !withheld;
    });
  const enables = schedule(wanted.enables);
  const disables = schedule(wanted.disables);
  const after = featuresAfter(features, [...enables, ...disables]);
  if (audit.organization.featureSet !== "ALL") {
    findings.push({
      ruleId: "organization-not-all-features",
      severity: "critical",
      message: `the organization runs with feature set ${audit.organization.featureSet}; centralized root access needs all features enabled (Organizations console → Settings)`,
      location,
    });
  }
  const { rootCredentialsManagement } = features;
  if (!rootCredentialsManagement.live) {
    const unaudited = audit.accounts.filter(
      (account) => account.reasonCode === "root-credentials-management-disabled",
    ).length;
    const off = `root credentials management is off, so ${unaudited} member accounts could not be audited`;
    findings.push({
      ruleId: "root-credentials-management-off",
      severity: after.rootCredentialsManagement ? "info" : "high",
      message: !rootCredentialsManagement.desired
        ? `root credentials management is off and the desired state keeps it off: the root credentials of ${unaudited} member accounts cannot be verified`
        : after.rootCredentialsManagement
          ? `${off}; this plan enables it and per-account changes will appear on the next plan`
          : `${off}, and this plan cannot enable it (see the finding feature-change-needs-management-account)`,
      location,
    });
  }
  return { features, enables, disables, after, findings };
}

/** What each feature is for, so a finding says what waits while it is off. */
const UNTIL_ENABLED: Record<FeatureName, string> = {
  trustedAccess: "IAM cannot manage root access at all",
  rootCredentialsManagement: "no member account's root credentials can be audited, deleted or created",
  rootSessions: "unlock requests cannot run and member accounts cannot recover their root password",
};

function withheldFinding(
  action: OrganizationAction,
  withheld: Withholding,
  standing: CallerStanding,
  location: PlanLocation,
): Finding {
  const feature = featureOfOperation(action.operation);
  const command = manualCommand(action.operation);
  if (withheld.why === "never-rootward") {
    return {
      ruleId: "trusted-access-disable-manual",
      severity: "low",
      message: `features.trustedAccess: disabled needs ${action.operation} for ${IAM_SERVICE_PRINCIPAL}, which rootward never calls (no role that rootward iam-policy prints may, and only the management account can). After the root-access features are off, an administrator of the management account runs: ${command}`,
      location,
    };
  }
  const who =
    standing.kind === "other-account"
      ? `this audit ran as ${standing.caller.arn} in account ${standing.caller.accountId}, not in the management account ${standing.managementAccountId}`
      : "this audit did not run in the management account";
  const source =
    action.operation === "EnableAWSServiceAccess"
      ? "the Organizations API reference: it can be called only from the organization's management account"
      : "IAM answers anyone else CallerIsNotManagementAccountException";
  return {
    ruleId: "feature-change-needs-management-account",
    severity: feature === "rootSessions" ? "medium" : "high",
    message: `features.${feature}: enabled needs ${action.operation}, which only the management account may call (${source}); ${who}, so this plan does not schedule it, and until it is made ${UNTIL_ENABLED[feature]}. An administrator of the management account runs once: ${command} (or run rootward apply with a role in the management account: rootward iam-policy apply --account-kind management)`,
    location,
  };
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
