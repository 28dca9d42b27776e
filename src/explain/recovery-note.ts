import { featuresAfter, manualCommand } from "../plan/caller.js";
import type { Plan } from "../plan/model.js";

/**
 * IAM User Guide, "Centralize root access for member accounts": "You must enable Privileged root
 * actions in member accounts to allow member accounts to recover their root user credentials
 * after they have been deleted." ("Privileged root actions in member accounts" is the RootSessions
 * feature.) Not verified against live AWS: the sandbox cannot emulate the console's recovery flow.
 */
export const RECOVERY_SOURCE =
  'IAM User Guide, "Centralize root access for member accounts": "You must enable Privileged root actions in member accounts to allow member accounts to recover their root user credentials after they have been deleted."';

/** Why "Forgot password" cannot complete once this plan has run, and the fix; undefined when it can. */
export function recoveryBlocker(
  plan: Pick<Plan, "features" | "actions">,
): { why: string; fix: string } | undefined {
  if (featuresAfter(plan.features, plan.actions).rootSessions) return undefined;
  const { rootSessions } = plan.features;
  if (!rootSessions.desired) {
    return {
      why: rootSessions.live
        ? "the plan switches root sessions off, as the desired state asks"
        : "root sessions are off and the desired state keeps them off",
      fix: "set features.rootSessions: enabled in the desired state",
    };
  }
  return {
    why: "root sessions are off and this plan cannot switch them on (rootward did not run as the management account)",
    fix: `an administrator of the management account runs ${manualCommand("EnableOrganizationsRootSessions")}`,
  };
}
