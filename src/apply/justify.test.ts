import { describe, expect, it } from "vitest";
import { clean, desiredFrom, MANAGEMENT_ID, NOW, ORG_ID, policyYaml } from "../../test/support/builders.js";
import type { AccountFactsRead, LiveAccount } from "../aws/account-facts.js";
import type { AccountAction, OrganizationAction, UnlockAction } from "../plan/model.js";
import {
  accountGovernance,
  credentialVerdict,
  governanceVerdict,
  type LiveOrganization,
  organizationVerdict,
} from "./justify.js";

const desired = desiredFrom({
  "policy.yaml": policyYaml({
    features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: disabled",
    exceptions: [
      "  - name: billing",
      '    accounts: ["111111111111"]',
      "    password: present",
      "    mfa: required",
      "    reason: Tax registration",
      "    owner: finance@example.com",
      "  - name: break-glass",
      '    tags: { break-glass: "true" }',
      "    accessKeys: allowed",
      "    password: allowed",
      "    reason: Emergency access",
      "    owner: sec@example.com",
    ].join("\n"),
    unmanaged: '  - ous: ["/Root/Quarantine"]\n    reason: Closing',
    unlocks:
      '  - name: artifacts\n    account: "222222222222"\n    s3Bucket: acme-artifacts\n    reason: Locked\n    owner: ops@example.com',
  }),
});
const live: LiveOrganization = {
  id: ORG_ID,
  managementAccountId: MANAGEMENT_ID,
  features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: false },
  caller: { accountId: MANAGEMENT_ID, arn: `arn:aws:iam::${MANAGEMENT_ID}:user/admin` },
};

function facts(id: string, overrides: Partial<LiveAccount> = {}): AccountFactsRead {
  return {
    kind: "read",
    account: {
      id,
      name: `account-${id}`,
      state: "ACTIVE",
      ouPath: "/Root/Workloads",
      ouIds: ["r-root", "ou-root-workloads"],
      tags: {},
      ...overrides,
    },
  };
}

const del = (
  operation: AccountAction["operation"],
  accountId: string,
  id: Partial<AccountAction> = {},
): AccountAction => ({
  operation,
  accountId,
  taskPolicy:
    operation === "CreateLoginProfile" ? "IAMCreateRootUserPassword" : "IAMDeleteRootUserCredentials",
  ...id,
});
const unlock = (
  overrides: Partial<Extract<UnlockAction, { operation: "DeleteBucketPolicy" }>> = {},
): UnlockAction => ({
  operation: "DeleteBucketPolicy",
  accountId: "222222222222",
  taskPolicy: "S3UnlockBucketPolicy",
  unlock: "artifacts",
  bucket: "acme-artifacts",
  ...overrides,
});

describe("organizationVerdict: only the desired direction, only iam.amazonaws.com", () => {
  const off = { trustedAccess: false, rootCredentialsManagement: false, rootSessions: true };
  it.each<[string, OrganizationAction, typeof off, string]>([
    [
      "enable trusted access for IAM",
      { operation: "EnableAWSServiceAccess", servicePrincipal: "iam.amazonaws.com" },
      off,
      "run",
    ],
    [
      "enable root credentials management",
      { operation: "EnableOrganizationsRootCredentialsManagement" },
      off,
      "run",
    ],
    [
      "disable root sessions (desired disabled)",
      { operation: "DisableOrganizationsRootSessions" },
      off,
      "run",
    ],
    [
      "disable trusted access for CloudTrail",
      { operation: "DisableAWSServiceAccess", servicePrincipal: "cloudtrail.amazonaws.com" },
      live.features,
      "unjustified",
    ],
    [
      "disable trusted access for SSO",
      { operation: "DisableAWSServiceAccess", servicePrincipal: "sso.amazonaws.com" },
      live.features,
      "unjustified",
    ],
    [
      "enable trusted access without a principal",
      { operation: "EnableAWSServiceAccess" },
      off,
      "unjustified",
    ],
    [
      "disable trusted access for IAM (desired enabled)",
      { operation: "DisableAWSServiceAccess", servicePrincipal: "iam.amazonaws.com" },
      live.features,
      "unjustified",
    ],
    [
      "disable root credentials management (desired enabled)",
      { operation: "DisableOrganizationsRootCredentialsManagement" },
      live.features,
      "unjustified",
    ],
    [
      "enable root sessions (desired disabled)",
      { operation: "EnableOrganizationsRootSessions" },
      off,
      "unjustified",
    ],
    [
      "enable what is already enabled",
      { operation: "EnableOrganizationsRootCredentialsManagement" },
      live.features,
      "already-done",
    ],
  ])("%s", (_name, action, features, expected) => {
    expect(organizationVerdict(desired, { ...live, features }, action).kind).toBe(expected);
  });

  it.each<[string, OrganizationAction, boolean]>([
    [
      "enable trusted access",
      { operation: "EnableAWSServiceAccess", servicePrincipal: "iam.amazonaws.com" },
      false,
    ],
    [
      "disable trusted access",
      { operation: "DisableAWSServiceAccess", servicePrincipal: "iam.amazonaws.com" },
      true,
    ],
  ])(
    "trusted access that could not be read live: %s is unjustified, whatever the placeholder says",
    (_name, action, placeholder) => {
      const unread = { trustedAccess: { code: "AccessDeniedException", message: "not authorized" } };
      const features = { ...live.features, trustedAccess: placeholder };

      expect(organizationVerdict(desired, { ...live, features, unread }, action)).toEqual({
        kind: "unjustified",
        reason:
          "trusted access could not be read live (AccessDeniedException: not authorized); rootward does not change it without knowing its state",
      });
      expect(
        organizationVerdict(
          desired,
          { ...live, features: { ...features, rootCredentialsManagement: false }, unread },
          { operation: "EnableOrganizationsRootCredentialsManagement" },
        ).kind,
      ).toBe("run");
    },
  );

  it("names the service principal it refuses", () => {
    const verdict = organizationVerdict(desired, live, {
      operation: "DisableAWSServiceAccess",
      servicePrincipal: "cloudtrail.amazonaws.com",
    });
    expect(verdict).toEqual({
      kind: "unjustified",
      reason: "rootward only manages trusted access for iam.amazonaws.com, not cloudtrail.amazonaws.com",
    });
  });
});

describe("organizationVerdict: only calls the live caller may make", () => {
  const featuresYaml = (state: string) =>
    desiredFrom({
      "policy.yaml": policyYaml({
        features: `  trustedAccess: ${state}\n  rootCredentialsManagement: ${state}\n  rootSessions: ${state}`,
      }),
    });
  const allOn = featuresYaml("enabled");
  const allOff = featuresYaml("disabled");
  const none = { trustedAccess: false, rootCredentialsManagement: false, rootSessions: false };
  const all = { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true };
  const management = live.caller;
  const delegated = {
    accountId: "333333333334",
    arn: "arn:aws:sts::333333333334:assumed-role/rootward-apply/ci",
  };
  it.each<[string, typeof management, typeof none, typeof allOn, OrganizationAction, string, RegExp]>([
    [
      "delegated admin: EnableOrganizationsRootCredentialsManagement",
      delegated,
      none,
      allOn,
      { operation: "EnableOrganizationsRootCredentialsManagement" },
      "unjustified",
      /^only the management account \(999999999999\) may call EnableOrganizationsRootCredentialsManagement, and the caller arn:aws:sts::333333333334:assumed-role\/rootward-apply\/ci is in account 333333333334; an administrator of the management account runs: aws iam enable-organizations-root-credentials-management$/,
    ],
    [
      "delegated admin: EnableOrganizationsRootSessions",
      delegated,
      { ...all, rootSessions: false },
      allOn,
      { operation: "EnableOrganizationsRootSessions" },
      "unjustified",
      /may call EnableOrganizationsRootSessions.*aws iam enable-organizations-root-sessions$/,
    ],
    [
      "delegated admin: EnableAWSServiceAccess for IAM",
      delegated,
      none,
      allOn,
      { operation: "EnableAWSServiceAccess", servicePrincipal: "iam.amazonaws.com" },
      "unjustified",
      /may call EnableAWSServiceAccess.*aws organizations enable-aws-service-access --service-principal iam.amazonaws.com$/,
    ],
    [
      "delegated admin: DisableOrganizationsRootSessions (the delegated administrator may)",
      delegated,
      all,
      allOff,
      { operation: "DisableOrganizationsRootSessions" },
      "run",
      /^$/,
    ],
    [
      "delegated admin: DisableOrganizationsRootCredentialsManagement (the delegated administrator may)",
      delegated,
      all,
      allOff,
      { operation: "DisableOrganizationsRootCredentialsManagement" },
      "run",
      /^$/,
    ],
    [
      "delegated admin: an enable already live is done without a call",
      delegated,
      all,
      allOn,
      { operation: "EnableOrganizationsRootSessions" },
      "already-done",
      /rootSessions is already enabled/,
    ],
    [
      "management account: EnableOrganizationsRootSessions",
      management,
      { ...all, rootSessions: false },
      allOn,
      { operation: "EnableOrganizationsRootSessions" },
      "run",
      /^$/,
    ],
    [
      "management account: DisableAWSServiceAccess, which rootward never calls",
      management,
      { ...none, trustedAccess: true },
      allOff,
      { operation: "DisableAWSServiceAccess", servicePrincipal: "iam.amazonaws.com" },
      "unjustified",
      /^rootward never calls DisableAWSServiceAccess: switching IAM trusted access off is left to a person; an administrator of the management account runs: aws organizations disable-aws-service-access --service-principal iam.amazonaws.com$/,
    ],
  ])("%s", (_name, caller, features, wanted, action, expected, reason) => {
    const verdict = organizationVerdict(wanted, { ...live, features, caller }, action);
    expect(verdict.kind).toBe(expected);
    expect(verdict.kind === "run" ? "" : verdict.reason).toMatch(reason);
  });
});

describe("accountGovernance: from live facts, never from the plan", () => {
  it.each<[string, string, AccountFactsRead | undefined, LiveOrganization, string, RegExp]>([
    [
      "the live management account",
      "888888888888",
      facts("888888888888"),
      { ...live, managementAccountId: "888888888888" },
      "refused",
      /management account/,
    ],
    [
      "the desired state's management account",
      MANAGEMENT_ID,
      facts(MANAGEMENT_ID),
      live,
      "refused",
      /management account/,
    ],
    [
      "an account outside the organization",
      "444444444444",
      { kind: "not-in-organization", message: "AccountNotFoundException" },
      live,
      "refused",
      /not an account of organization/,
    ],
    [
      "an account whose tags could not be read",
      "444444444444",
      { kind: "unreadable", errorCode: "AccessDeniedException", message: "denied" },
      live,
      "unverified",
      /could not be read \(AccessDeniedException/,
    ],
    ["facts never read", "444444444444", undefined, live, "unverified", /not read/],
    [
      "a suspended account",
      "444444444444",
      facts("444444444444", { state: "SUSPENDED" }),
      live,
      "refused",
      /SUSPENDED/,
    ],
    [
      "an account moved to an unmanaged OU",
      "444444444444",
      facts("444444444444", { ouPath: "/Root/Quarantine/Old" }),
      live,
      "refused",
      /unmanaged by unmanaged\[0\]/,
    ],
  ])("%s", (_name, id, read, organization, kind, reason) => {
    const governance = accountGovernance(desired, organization, id, read, NOW);
    expect(governance.kind).toBe(kind);
    expect("reason" in governance ? governance.reason : "").toMatch(reason);
  });

  it("a break-glass tag read live brings the exception into force", () => {
    const governance = accountGovernance(
      desired,
      live,
      "444444444444",
      facts("444444444444", { tags: { "break-glass": "true" } }),
      NOW,
    );
    expect(governance).toMatchObject({
      kind: "governed",
      rules: { accessKeys: "allowed", password: "allowed" },
    });
    expect(governance.kind === "governed" && governance.governedBy).toMatch(
      /^exception break-glass \(policy.yaml:\d+\)$/,
    );
  });
});

describe("governanceVerdict: the governing rules must call for the kind of action", () => {
  const governed = (id: string, overrides: Partial<LiveAccount> = {}) =>
    accountGovernance(desired, live, id, facts(id, overrides), NOW);
  it.each<[string, ReturnType<typeof governed>, AccountAction | UnlockAction, string]>([
    [
      "delete a password the baseline forbids",
      governed("444444444444"),
      del("DeleteLoginProfile", "444444444444"),
      "run",
    ],
    [
      "delete the password an exception requires",
      governed("111111111111"),
      del("DeleteLoginProfile", "111111111111"),
      "unjustified",
    ],
    [
      "deactivate MFA where an exception requires it",
      governed("111111111111"),
      del("DeactivateMFADevice", "111111111111", { serialNumber: "GAHT1" }),
      "unjustified",
    ],
    [
      "create a password the baseline says absent",
      governed("444444444444"),
      del("CreateLoginProfile", "444444444444"),
      "unjustified",
    ],
    [
      "create the password an exception requires",
      governed("111111111111"),
      del("CreateLoginProfile", "111111111111"),
      "run",
    ],
    [
      "delete keys a break-glass tag allows",
      governed("444444444444", { tags: { "break-glass": "true" } }),
      del("DeleteAccessKey", "444444444444", { accessKeyId: "AKIA1" }),
      "unjustified",
    ],
    [
      "run a delete in the wrong task session",
      governed("444444444444"),
      { ...del("DeleteAccessKey", "444444444444"), taskPolicy: "IAMAuditRootUserCredentials" },
      "unjustified",
    ],
    [
      "anything on a refused account",
      governed("444444444444", { state: "SUSPENDED" }),
      del("DeleteAccessKey", "444444444444"),
      "unjustified",
    ],
    ["the reviewed unlock", governed("222222222222"), unlock(), "run"],
    [
      "an unlock the desired state lacks",
      governed("222222222222"),
      unlock({ unlock: "other" }),
      "unjustified",
    ],
    [
      "an unlock of another bucket",
      governed("222222222222"),
      unlock({ bucket: "acme-payroll" }),
      "unjustified",
    ],
    [
      "an unlock moved to another account",
      governed("444444444444"),
      unlock({ accountId: "444444444444" }),
      "unjustified",
    ],
  ])("%s", (_name, governance, action, expected) => {
    expect(governanceVerdict(desired, governance, action).kind).toBe(expected);
  });
});

describe("credentialVerdict: inside the session, against the credentials just read", () => {
  const rules = desired.baseline;
  const withKey = {
    ...clean(),
    password: { present: true },
    accessKeys: [{ accessKeyId: "AKIA1", status: "Active" }],
  };
  const key = (id: string, account = "444444444444") => del("DeleteAccessKey", account, { accessKeyId: id });
  it.each<[string, typeof withKey, typeof withKey, AccountAction, string]>([
    ["a key that is there", withKey, withKey, key("AKIA1"), "run"],
    ["a key already gone", withKey, clean(), key("AKIA1"), "already-done"],
    ["a password already gone", withKey, clean(), del("DeleteLoginProfile", "444444444444"), "already-done"],
    ["a key the plan never recorded", clean(), clean(), key("AKIA9"), "unjustified"],
    ["a key id for another account", withKey, withKey, key("AKIA1", "555555555555"), "unjustified"],
  ])("%s", (_name, planned, credentials, action, expected) => {
    expect(credentialVerdict("444444444444", rules, planned, credentials, action).kind).toBe(expected);
  });
});
