import type { RootCredentials } from "../audit/snapshot.js";
import type { AccountFactsRead, LiveAccount } from "../aws/account-facts.js";
import { type CredentialRules, type DesiredState, governingEntry, unlockTargetId } from "../desired/index.js";
import { credentialActions } from "../plan/account-plan.js";
import { actionKey } from "../plan/action-key.js";
import { type Caller, callerStanding, manualCommand, withholding } from "../plan/caller.js";
import { featureActions, type LiveFeatures } from "../plan/feature-plan.js";
import type { AccountAction, OrganizationAction, UnlockAction } from "../plan/model.js";
import { isUnlockAction } from "../plan/model.js";
import { IAM_SERVICE_PRINCIPAL, taskPolicyFor } from "../plan/operations.js";

/**
 * Whether one planned action may run, decided only from what apply believes (DESIGN.md "Trust
 * model"): the desired state it was given, what it read live in this run, and the pure planner.
 * Nothing here reads the plan's own claims about accounts, dispositions or the management
 * account: a plan file is a request, not evidence.
 */
export type Verdict =
  | { kind: "run" }
  | { kind: "already-done"; reason: string }
  | { kind: "unjustified"; reason: string };

export type MemberAction = AccountAction | UnlockAction;

/** What apply read live about the organization, and who it runs as, before changing anything. */
export type LiveOrganization = {
  id: string;
  managementAccountId: string;
  features: LiveFeatures;
  caller: Caller;
  /** Features whose live state could not be read (`features` then holds false, not the truth). */
  unread?: { trustedAccess?: { code: string; message: string } };
};

/**
 * An organization action runs only when the desired state, compared with the live features,
 * calls for exactly it and the live caller may make it; one whose effect is already live is
 * done; anything else (another service principal, a direction the desired state does not ask
 * for, a call only the management account may make, DisableAWSServiceAccess) is unjustified.
 */
export function organizationVerdict(
  desired: DesiredState,
  organization: LiveOrganization,
  action: OrganizationAction,
): Verdict {
  const unread = organization.unread ?? {};
  const fresh = featureActions(desired, organization.features, unread);
  const wanted = [...fresh.enables, ...fresh.disables].map(actionKey);
  if (wanted.includes(actionKey(action))) {
    const standing = callerStanding(organization.caller, organization.managementAccountId);
    const withheld = withholding(action, standing);
    if (!withheld) return { kind: "run" };
    return {
      kind: "unjustified",
      reason: `${withheld.reason}; an administrator of the management account runs: ${manualCommand(action.operation)}`,
    };
  }
  const feature = featureOf(action);
  const failure = feature === "trustedAccess" ? unread.trustedAccess : undefined;
  if (failure) {
    return {
      kind: "unjustified",
      reason: `trusted access could not be read live (${failure.code}: ${failure.message}); rootward does not change it without knowing its state`,
    };
  }
  if (!feature) {
    return {
      kind: "unjustified",
      reason: `rootward only manages trusted access for ${IAM_SERVICE_PRINCIPAL}, not ${action.servicePrincipal ?? "(no service principal)"}`,
    };
  }
  const enabling = action.operation.startsWith("Enable");
  const desiredOn = desired.features[feature] === "enabled";
  if (enabling !== desiredOn) {
    return {
      kind: "unjustified",
      reason: `the desired state has features.${feature}: ${desired.features[feature]}`,
    };
  }
  return { kind: "already-done", reason: `${feature} is already ${enabling ? "enabled" : "disabled"}` };
}

function featureOf(action: OrganizationAction): keyof DesiredState["features"] | undefined {
  switch (action.operation) {
    case "EnableAWSServiceAccess":
    case "DisableAWSServiceAccess":
      return action.servicePrincipal === IAM_SERVICE_PRINCIPAL ? "trustedAccess" : undefined;
    case "EnableOrganizationsRootCredentialsManagement":
    case "DisableOrganizationsRootCredentialsManagement":
      return action.servicePrincipal === undefined ? "rootCredentialsManagement" : undefined;
    case "EnableOrganizationsRootSessions":
    case "DisableOrganizationsRootSessions":
      return action.servicePrincipal === undefined ? "rootSessions" : undefined;
  }
}

/** How the desired state governs one account, given the facts read live. */
export type AccountGovernance =
  | { kind: "unverified"; reason: string }
  | { kind: "refused"; reason: string }
  | { kind: "governed"; account: LiveAccount; rules: CredentialRules; governedBy: string };

export function accountGovernance(
  desired: DesiredState,
  organization: LiveOrganization,
  accountId: string,
  facts: AccountFactsRead | undefined,
  now: Date,
): AccountGovernance {
  if (
    accountId === organization.managementAccountId ||
    accountId === desired.organization.managementAccountId
  ) {
    return {
      kind: "refused",
      reason: "it is the management account, whose root user rootward never changes",
    };
  }
  if (!facts) return { kind: "unverified", reason: "its organization facts were not read" };
  if (facts.kind === "not-in-organization") {
    return { kind: "refused", reason: `it is not an account of organization ${organization.id}` };
  }
  if (facts.kind === "unreadable") {
    return {
      kind: "unverified",
      reason: `its state, OU path or tags could not be read (${facts.errorCode}: ${facts.message})`,
    };
  }
  const account = facts.account;
  if (account.state !== "ACTIVE") {
    return { kind: "refused", reason: `it is ${account.state}; rootward only changes ACTIVE accounts` };
  }
  const governing = governingEntry(desired, account, now);
  const where = `${governing.location.file}:${governing.location.line}`;
  if (governing.kind === "unmanaged") {
    return { kind: "refused", reason: `it is unmanaged by ${governing.rule.label} (${where})` };
  }
  const governedBy =
    governing.kind === "exception"
      ? `exception ${governing.rule.name} (${where})`
      : `the baseline (${where})`;
  return { kind: "governed", account, rules: governing.rules, governedBy };
}

/**
 * Before any session: whether the governing rules call for this kind of action at all. The
 * credentials are checked inside the session (`credentialVerdict`), where they are read.
 */
export function governanceVerdict(
  desired: DesiredState,
  governance: AccountGovernance,
  action: MemberAction,
): Verdict {
  if (governance.kind !== "governed")
    return { kind: "unjustified", reason: `account ${refusal(governance)}` };
  if (isUnlockAction(action)) return unlockVerdict(desired, action);
  if (action.taskPolicy !== taskPolicyFor(action.operation)) {
    return {
      kind: "unjustified",
      reason: `${action.operation} runs in ${taskPolicyFor(action.operation)}, not ${action.taskPolicy}`,
    };
  }
  const rule = ruleFor(action);
  const value = governance.rules[rule.kind];
  if (value !== rule.needs) {
    return {
      kind: "unjustified",
      reason: `${governance.governedBy} sets ${rule.kind}: ${value}, which does not call for ${action.operation}`,
    };
  }
  return { kind: "run" };
}

function refusal(governance: Exclude<AccountGovernance, { kind: "governed" }>): string {
  return governance.kind === "unverified"
    ? `is not verified: ${governance.reason}`
    : `is refused: ${governance.reason}`;
}

function ruleFor(action: AccountAction): { kind: keyof CredentialRules; needs: string } {
  switch (action.operation) {
    case "DeactivateMFADevice":
      return { kind: "mfa", needs: "absent" };
    case "DeleteAccessKey":
      return { kind: "accessKeys", needs: "absent" };
    case "DeleteSigningCertificate":
      return { kind: "signingCertificates", needs: "absent" };
    case "DeleteLoginProfile":
      return { kind: "password", needs: "absent" };
    case "CreateLoginProfile":
      return { kind: "password", needs: "present" };
  }
}

/** An unlock runs only for a request of the desired state with exactly this account and target. */
function unlockVerdict(desired: DesiredState, action: UnlockAction): Verdict {
  const request = desired.unlocks.find((rule) => rule.name === action.unlock);
  if (!request)
    return { kind: "unjustified", reason: `the desired state has no unlock request ${action.unlock}` };
  const where = `${request.location.file}:${request.location.line}`;
  const kind = action.operation === "DeleteBucketPolicy" ? "s3-bucket" : "sqs-queue";
  const target = action.operation === "DeleteBucketPolicy" ? action.bucket : action.queueUrl;
  const task = kind === "s3-bucket" ? "S3UnlockBucketPolicy" : "SQSUnlockQueuePolicy";
  if (
    request.accountId !== action.accountId ||
    request.target.kind !== kind ||
    unlockTargetId(request.target) !== target ||
    action.taskPolicy !== task
  ) {
    return {
      kind: "unjustified",
      reason: `unlock request ${request.name} (${where}) names ${unlockTargetId(request.target)} in account ${request.accountId}, not ${target} in ${action.accountId}`,
    };
  }
  return { kind: "run" };
}

/**
 * Inside the session, with the credentials just read: the action runs only if the planner,
 * given the governing rules and these credentials, would plan exactly it. An action whose
 * credential the plan recorded and that is gone now (or, for a create, already there) is done
 * without a call; a credential the plan never recorded is not rootward's to act on.
 */
export function credentialVerdict(
  accountId: string,
  rules: CredentialRules,
  planned: RootCredentials,
  live: RootCredentials,
  action: AccountAction,
): Verdict {
  const fresh = new Set(credentialActions(accountId, rules, live).map(actionKey));
  if (fresh.has(actionKey(action))) return { kind: "run" };
  if (action.accountId === accountId && recorded(planned, action) && achieved(live, action)) {
    return { kind: "already-done", reason: "the live credentials already show it done" };
  }
  return { kind: "unjustified", reason: "the live credentials and the governing rules do not call for it" };
}

function recorded(planned: RootCredentials, action: AccountAction): boolean {
  switch (action.operation) {
    case "DeactivateMFADevice":
      return planned.mfaDevices.some((device) => device.serialNumber === action.serialNumber);
    case "DeleteAccessKey":
      return planned.accessKeys.some((key) => key.accessKeyId === action.accessKeyId);
    case "DeleteSigningCertificate":
      return planned.signingCertificates.some(
        (certificate) => certificate.certificateId === action.certificateId,
      );
    case "DeleteLoginProfile":
      return planned.password.present;
    case "CreateLoginProfile":
      return !planned.password.present;
  }
}

function achieved(live: RootCredentials, action: AccountAction): boolean {
  switch (action.operation) {
    case "DeactivateMFADevice":
      return !live.mfaDevices.some((device) => device.serialNumber === action.serialNumber);
    case "DeleteAccessKey":
      return !live.accessKeys.some((key) => key.accessKeyId === action.accessKeyId);
    case "DeleteSigningCertificate":
      return !live.signingCertificates.some(
        (certificate) => certificate.certificateId === action.certificateId,
      );
    case "DeleteLoginProfile":
      return !live.password.present;
    case "CreateLoginProfile":
      return live.password.present;
  }
}
