import { governanceText } from "./governance-text.js";
import type { FeatureComparison, FeatureName, Finding, PlannedAccount } from "./model.js";

/**
 * IAM User Guide, "Centralize root access for member accounts": "You must enable Privileged root
 * actions in member accounts to allow member accounts to recover their root user credentials
 * after they have been deleted." (The console's "Privileged root actions in member accounts" is
 * the RootSessions feature.) So an account the desired state gives a password (`password:
 * present`: CreateLoginProfile planned, or the login profile already there) cannot complete
 * "Forgot password" while root sessions are off. Not verified against live AWS: the sandbox does
 * not emulate the console's recovery flow (src/sandbox/README.md).
 */
export function passwordRecoveryFindings(
  accounts: readonly PlannedAccount[],
  features: FeatureComparison,
  after: Record<FeatureName, boolean>,
): Finding[] {
  if (after.rootSessions) return [];
  const why = !features.rootSessions.desired
    ? features.rootSessions.live
      ? "this plan disables root sessions as the desired state asks"
      : "root sessions are disabled and the desired state keeps them disabled"
    : "root sessions are off and this plan cannot enable them (see the finding feature-change-needs-management-account)";
  const fix = features.rootSessions.desired
    ? "an administrator of the management account enables them: aws iam enable-organizations-root-sessions"
    : "set features.rootSessions: enabled";
  return accounts
    .filter(
      (account) =>
        (account.disposition === "compliant" || account.disposition === "drift") &&
        account.rules?.password === "present",
    )
    .map((account) => ({
      ruleId: "password-recovery-needs-root-sessions",
      severity: "medium",
      accountId: account.accountId,
      message: `${governanceText(account)} sets password: present, but ${why}: without root sessions ("Privileged root actions in member accounts") the owner cannot complete "Forgot password" (IAM User Guide, "Centralize root access for member accounts"); ${fix}`,
      location: account.governedBy.location,
    }));
}
