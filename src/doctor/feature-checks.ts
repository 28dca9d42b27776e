import { type DesiredState, isExpired } from "../desired/index.js";
import { type CallerStanding, MANAGEMENT_ACCOUNT_ONLY, manualCommand, withholding } from "../plan/caller.js";
import { featureActions, type LiveFeatures, type UnreadFeatures } from "../plan/feature-plan.js";
import type { DoctorCheck } from "./model.js";

export function featuresCheck(
  live: { rootCredentialsManagement: boolean; rootSessions: boolean },
  desired: DesiredState | undefined,
): DoctorCheck {
  const title = "Root access features vs the desired state";
  const state = (on: boolean) => (on ? "enabled" : "disabled");
  const detail = `rootCredentialsManagement ${state(live.rootCredentialsManagement)}, rootSessions ${state(live.rootSessions)}`;
  if (!desired) {
    return live.rootCredentialsManagement
      ? { id: "features", title, status: "ok", detail: `${detail} (no valid desired state to compare with)` }
      : {
          id: "features",
          title,
          status: "failure",
          detail,
          fix: "enable root credentials management, or nothing can be audited",
        };
  }
  const differs = (["rootCredentialsManagement", "rootSessions"] as const).filter(
    (name) => desired.features[name] !== state(live[name]),
  );
  if (differs.length === 0) return { id: "features", title, status: "ok", detail: `${detail}, as desired` };
  return {
    id: "features",
    title,
    status: live.rootCredentialsManagement ? "warning" : "failure",
    detail: `${detail}; the desired state wants ${differs.map((name) => `${name} ${desired.features[name]}`).join(", ")}`,
    fix: "run rootward plan and apply to converge the features",
  };
}

/**
 * Which organization calls the caller can make, and whether the desired state needs one it
 * cannot (src/plan/caller.ts): then the fix is the command an administrator of the management
 * account runs once.
 */
export function callerActionsCheck(
  standing: CallerStanding,
  live: LiveFeatures,
  desired: DesiredState | undefined,
  unread: UnreadFeatures = {},
): DoctorCheck {
  const title = "Organization calls this caller can make";
  const who =
    standing.kind === "management-account"
      ? `management account ${standing.caller.accountId}: may switch the root-access features and enable IAM trusted access`
      : standing.kind === "other-account"
        ? `account ${standing.caller.accountId} is not the management account: it cannot call ${MANAGEMENT_ACCOUNT_ONLY.filter((operation) => operation !== "DisableAWSServiceAccess").join(", ")} (management account only); it may switch the features off`
        : "the caller is unknown";
  const detail = `${who}; rootward never calls DisableAWSServiceAccess`;
  if (!desired) return { id: "caller-actions", title, status: "ok", detail };
  const wanted = featureActions(desired, live, unread);
  const withheld = [...wanted.enables, ...wanted.disables].filter((action) => withholding(action, standing));
  if (withheld.length === 0)
    return {
      id: "caller-actions",
      title,
      status: "ok",
      detail: `${detail}; the desired state needs none of them`,
    };
  return {
    id: "caller-actions",
    title,
    status: "warning",
    detail: `${detail}; the desired state needs ${withheld.map((action) => action.operation).join(", ")}`,
    fix: `an administrator of the management account runs once: ${withheld.map((action) => manualCommand(action.operation)).join("; ")}`,
  };
}

/**
 * IAM User Guide, "Centralize root access for member accounts": "You must enable Privileged root
 * actions in member accounts to allow member accounts to recover their root user credentials
 * after they have been deleted." Doctor does not audit accounts, so it names the entries that
 * set `password: present` (not verified live; see src/plan/recovery-findings.ts).
 */
export function passwordRecoveryCheck(
  desired: DesiredState | undefined,
  live: LiveFeatures,
  standing: CallerStanding,
  now: Date,
): DoctorCheck {
  const title = 'Password recovery ("Forgot password") for password: present';
  if (!desired)
    return { id: "password-recovery", title, status: "skipped", detail: "no valid desired state" };
  const entries = passwordPresentEntries(desired, now);
  if (entries.length === 0)
    return { id: "password-recovery", title, status: "ok", detail: "no entry sets password: present" };
  const named = entries.join(", ");
  const wanted = desired.features.rootSessions === "enabled";
  if (live.rootSessions && wanted) {
    return {
      id: "password-recovery",
      title,
      status: "ok",
      detail: `root sessions are enabled, so owners of accounts under ${named} can complete "Forgot password"`,
    };
  }
  const state = live.rootSessions ? "the desired state disables root sessions" : "root sessions are disabled";
  const enable = withholding({ operation: "EnableOrganizationsRootSessions" }, standing)
    ? `an administrator of the management account runs: ${manualCommand("EnableOrganizationsRootSessions")}`
    : "rootward apply enables them";
  return {
    id: "password-recovery",
    title,
    status: "warning",
    detail: `${named} set${entries.length === 1 ? "s" : ""} password: present, but ${state}: without root sessions ("Privileged root actions in member accounts") owners cannot complete "Forgot password" (IAM User Guide, "Centralize root access for member accounts")`,
    fix: wanted
      ? enable
      : live.rootSessions
        ? "keep root sessions: set features.rootSessions: enabled"
        : `set features.rootSessions: enabled; then ${enable}`,
  };
}

function passwordPresentEntries(desired: DesiredState, now: Date): string[] {
  const where = (location: { file: string; line: number }) => `${location.file}:${location.line}`;
  return [
    ...(desired.baseline.password === "present" ? [`the baseline (${where(desired.baselineLocation)})`] : []),
    ...desired.exceptions
      .filter((rule) => rule.overrides.password === "present" && !isExpired(rule, now))
      .map((rule) => `exception ${rule.name} (${where(rule.location)})`),
  ];
}
