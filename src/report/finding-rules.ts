import type { FindingRule, Severity } from "../plan/model.js";

/** Help text per rule, shown in SARIF (code scanning) and linked from reports. */
export const FINDING_RULE_HELP: Record<FindingRule | "account-drift", { title: string; help: string }> = {
  "account-drift": {
    title: "Account holds root credentials the policy forbids",
    help: "The account's live root credentials differ from what its governing entry allows. Merging and applying the plan deletes or creates them; to keep a credential, add a time-boxed exception.",
  },
  "organization-not-all-features": {
    title: "Organization is not in all-features mode",
    help: "Centralized root access management needs AWS Organizations with all features enabled. Enable all features in the Organizations console.",
  },
  "root-credentials-management-off": {
    title: "Root credentials management is disabled",
    help: "Without the RootCredentialsManagement feature, sts:AssumeRoot cannot audit member accounts. Enable it (features.rootCredentialsManagement: enabled).",
  },
  "feature-change-needs-management-account": {
    title: "A feature switch needs the management account",
    help: "EnableOrganizationsRootCredentialsManagement and EnableOrganizationsRootSessions answer CallerIsNotManagementAccountException to anyone but the management account (IAM API reference), and EnableAWSServiceAccess can be called only from the organization's management account (Organizations API reference). rootward ran in another account (usually the IAM delegated administrator, where the README recommends the CI roles), so it does not schedule the call. An administrator of the management account runs the AWS CLI command in the finding once (each is a one-time switch), or rootward apply runs with a role in the management account (rootward iam-policy apply --account-kind management).",
  },
  "trusted-access-disable-manual": {
    title: "Switching IAM trusted access off is left to an administrator",
    help: "The desired state sets features.trustedAccess: disabled. rootward never calls organizations:DisableAWSServiceAccess (no role rootward iam-policy prints may, and only the management account can): once root credentials management and root sessions are disabled, an administrator of the management account runs aws organizations disable-aws-service-access --service-principal iam.amazonaws.com.",
  },
  "password-recovery-needs-root-sessions": {
    title: "Password recovery needs root sessions",
    help: 'The account is governed by password: present, but the RootSessions feature ("Privileged root actions in member accounts") is or will be disabled. IAM User Guide, "Centralize root access for member accounts": "You must enable Privileged root actions in member accounts to allow member accounts to recover their root user credentials after they have been deleted." Without it the owner cannot complete "Forgot password". Set features.rootSessions: enabled (not verified against live AWS: the sandbox cannot emulate the console recovery flow).',
  },
  "account-audit-failed": {
    title: "Account audit failed",
    help: "rootward could not read the account's root credentials; its compliance is unknown. See the error code, fix access (often an SCP), and re-run.",
  },
  "account-not-audited": {
    title: "Account not audited",
    help: "The account was not audited in this run, so its root credentials are not verified.",
  },
  "account-governance-unverified": {
    title: "What governs the account could not be read",
    help: "The desired state selects accounts by tag, but this account's tags could not be read (ListTagsForResource failed). rootward never assumes empty tags, so it leaves the account alone until its tags can be read. Check organizations:ListTagsForResource for the role and re-run.",
  },
  "account-not-active": {
    title: "Account is not active",
    help: "Suspended or closing accounts cannot be targeted by sts:AssumeRoot; rootward reports them and never changes them.",
  },
  "password-without-mfa": {
    title: "Root password without MFA",
    help: "The governing entry requires MFA, but the root user has (or will have) a password and no MFA device. No API can add an MFA device for someone: the account owner must register one.",
  },
  "recently-used-credential": {
    title: "Recently used root credential will be deleted",
    help: "A root access key or password used in the last 30 days will be deleted. Find and migrate whatever uses it first, or add a time-boxed exception.",
  },
  "hardware-mfa-deactivation": {
    title: "Hardware MFA device will be deactivated",
    help: "rootward cannot re-register a hardware MFA device; only someone with the device and root access can. Make sure this is intended.",
  },
  "scp-blocks-action": {
    title: "A service control policy blocks a planned action",
    help: "SCPs apply inside root sessions. A Deny statement without an aws:AssumedRoot exemption makes the planned call fail with AccessDenied. Add the exemption (Condition Null aws:AssumedRoot true) or change the plan.",
  },
  "scp-analysis-skipped": {
    title: "Service control policies could not be read",
    help: "The audit could not read the organization's SCPs (ListPolicies, DescribePolicy or ListTargetsForPolicy failed, typically AccessDenied for a least-privilege role or a delegated administrator without Organizations policy delegation). Root credentials were still audited, but an SCP that denies a planned action inside root sessions is not predicted: apply may fail with AccessDenied. Grant the three read actions (rootward iam-policy plan) and re-run.",
  },
  "trusted-access-unread": {
    title: "Trusted access for IAM could not be read",
    help: "ListAWSServiceAccessForOrganization failed, so whether IAM has trusted access in AWS Organizations is not known. rootward never assumes it: the plan neither enables nor disables it. Grant organizations:ListAWSServiceAccessForOrganization (rootward iam-policy plan) and re-run.",
  },
  "unmanaged-account-credentials": {
    title: "Unmanaged account holds root credentials",
    help: "The account is listed under unmanaged; rootward reports its root credentials but never changes them.",
  },
  "exception-expired": {
    title: "Exception has expired",
    help: "An expired exception no longer applies; its accounts fall back to the baseline. Remove it, or extend expires through a reviewed change.",
  },
  "exception-expiring": {
    title: "Exception expires soon",
    help: "The exception ends within 14 days; after that its accounts fall back to the baseline and the plan removes what it allowed.",
  },
  "exception-unknown-account": {
    title: "Exception lists an account outside the organization",
    help: "The account id is not in the organization (closed, moved, or a typo). Remove it from the exception.",
  },
  "exception-unused": {
    title: "Exception matches no account",
    help: "No account in the organization matches the exception's selectors. Remove it or fix the selectors.",
  },
  "exception-shadowed": {
    title: "Exception never applies",
    help: "Every account it matches is governed by an earlier entry (first match wins). Reorder or remove it.",
  },
  "unmanaged-unused": {
    title: "Unmanaged entry matches no account",
    help: "No account in the organization matches the entry's selectors. Remove it or fix the selectors.",
  },
  "unlock-root-sessions-off": {
    title: "Unlock request needs root sessions",
    help: "The S3UnlockBucketPolicy and SQSUnlockQueuePolicy tasks need the RootSessions feature; without it AssumeRoot refuses the session. Set features.rootSessions: enabled; the unlock is planned once it is on.",
  },
  "unlock-not-verified": {
    title: "Policy of an unlock target could not be read",
    help: "rootward reads the current policy in an unlock session before planning its removal, so reviewers see what goes. The read failed (see the error) or the audit did not include the target; fix access and re-plan.",
  },
  "unlock-target-missing": {
    title: "Unlock target does not exist",
    help: "The bucket or queue, or its account, is not in the organization. Fix the name or account, or remove the request.",
  },
  "unlock-account-excluded": {
    title: "Unlock request on an account rootward never changes",
    help: "The account is unmanaged, not ACTIVE, or the management account; rootward never acts on it. Remove the request or change how the account is governed.",
  },
  "root-event-outside-exception": {
    title: "Root sign-in or root credential created outside an approved exception",
    help: "An AWS event (CloudTrail, delivered by the near-real-time drift rules) shows a root user sign-in or a root credential created in an account no exception allows it in. The finding names the CloudTrail event id and time: look the event up in CloudTrail (aws cloudtrail lookup-events --region us-east-1 --lookup-attributes AttributeKey=EventId,AttributeValue=ID) to see who did it and from where. Merging the drift pull request deletes the credential; if the use was legitimate, add a time-boxed exception.",
  },
  "unlock-done": {
    title: "Unlock request is done",
    help: "The bucket or queue has no policy any more, so there is nothing to remove. Remove the request from the desired state; the journal of the apply that removed it holds the old policy.",
  },
};

/** GitHub code scanning reads `security-severity` (0–10) to rank alerts. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};
