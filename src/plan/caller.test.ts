import { describe, expect, it } from "vitest";
import {
  account,
  clean,
  desiredFrom,
  MANAGEMENT_ID,
  NOW,
  policyYaml,
  snapshot,
} from "../../test/support/builders.js";
import type { AuditSnapshot } from "../audit/snapshot.js";
import { type Caller, callerStanding, manualCommand, withholding } from "./caller.js";
import type { OrganizationAction, Plan } from "./model.js";
import type { OrganizationOperation } from "./operations.js";
import { plan } from "./plan.js";

const MANAGEMENT: Caller = { accountId: MANAGEMENT_ID, arn: `arn:aws:iam::${MANAGEMENT_ID}:user/admin` };
const DELEGATED: Caller = {
  accountId: "333333333334",
  arn: "arn:aws:sts::333333333334:assumed-role/rootward-plan/ci-run",
};
const CALLERS = { management: MANAGEMENT, "delegated admin": DELEGATED, "unknown (old snapshot)": undefined };
type CallerName = keyof typeof CALLERS;

type Features = AuditSnapshot["features"];
const ALL_OFF: Features = { trustedAccess: false, rootCredentialsManagement: false, rootSessions: false };
const ALL_ON: Features = { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true };

function features(trustedAccess: string, rootCredentialsManagement: string, rootSessions: string): string {
  return [
    `  trustedAccess: ${trustedAccess}`,
    `  rootCredentialsManagement: ${rootCredentialsManagement}`,
    `  rootSessions: ${rootSessions}`,
  ].join("\n");
}

const BILLING_EXCEPTION = [
  "  - name: billing",
  '    accounts: ["111111111111"]',
  "    password: present",
  "    reason: Tax registration",
  "    owner: finance@example.com",
].join("\n");

const UNLOCK = [
  "  - name: artifacts",
  '    account: "222222222222"',
  "    s3Bucket: acme-artifacts",
  "    reason: Locked out",
  "    owner: ops@example.com",
].join("\n");

function auditWith(live: Features, caller: Caller | undefined): AuditSnapshot {
  const unaudited = !live.rootCredentialsManagement;
  const member = (id: string) =>
    account(
      id,
      unaudited
        ? {
            status: "unaudited",
            reasonCode: "root-credentials-management-disabled",
            rootCredentials: undefined,
          }
        : { rootCredentials: clean() },
    );
  return snapshot([member("111111111111"), member("222222222222")], {
    features: live,
    ...(caller ? { caller } : {}),
  });
}

function summary(result: Plan): { actions: string[]; findings: string[] } {
  return {
    actions: result.actions.map((action) => action.operation),
    findings: result.findings.map((finding) => `${finding.ruleId} ${finding.severity}`).sort(),
  };
}

describe("plan: organization actions the caller cannot make are findings, not actions", () => {
  /** Name, caller, desired features, live features, with a password: present exception and an unlock, expected. */
  type Case = [string, CallerName, string, Features, boolean, ReturnType<typeof summary>];
  const everythingOn = features("enabled", "enabled", "enabled");
  const everythingOff = features("disabled", "disabled", "disabled");
  const sessionsOn = features("enabled", "enabled", "enabled");
  const sessionsOffLive: Features = { ...ALL_ON, rootSessions: false };
  it.each<Case>([
    [
      "switching everything on",
      "management",
      everythingOn,
      ALL_OFF,
      false,
      {
        actions: [
          "EnableAWSServiceAccess",
          "EnableOrganizationsRootCredentialsManagement",
          "EnableOrganizationsRootSessions",
        ],
        findings: ["root-credentials-management-off info"],
      },
    ],
    [
      "switching everything on",
      "delegated admin",
      everythingOn,
      ALL_OFF,
      false,
      {
        actions: [],
        findings: [
          "feature-change-needs-management-account high",
          "feature-change-needs-management-account high",
          "feature-change-needs-management-account medium",
          "root-credentials-management-off high",
        ],
      },
    ],
    [
      "switching everything on",
      "unknown (old snapshot)",
      everythingOn,
      ALL_OFF,
      false,
      {
        actions: [
          "EnableAWSServiceAccess",
          "EnableOrganizationsRootCredentialsManagement",
          "EnableOrganizationsRootSessions",
        ],
        findings: ["root-credentials-management-off info"],
      },
    ],
    ...(["management", "delegated admin", "unknown (old snapshot)"] as const).map(
      (caller): Case => [
        "switching everything off: the two features by rootward, trusted access by a person",
        caller,
        everythingOff,
        ALL_ON,
        false,
        {
          actions: ["DisableOrganizationsRootSessions", "DisableOrganizationsRootCredentialsManagement"],
          findings: ["trusted-access-disable-manual low"],
        },
      ],
    ),
    [
      "root sessions on, with a password: present exception and an unlock",
      "management",
      sessionsOn,
      sessionsOffLive,
      true,
      {
        actions: ["EnableOrganizationsRootSessions", "CreateLoginProfile"],
        findings: ["unlock-root-sessions-off info"],
      },
    ],
    [
      "root sessions on, with a password: present exception and an unlock",
      "delegated admin",
      sessionsOn,
      sessionsOffLive,
      true,
      {
        actions: ["CreateLoginProfile"],
        findings: [
          "feature-change-needs-management-account medium",
          "password-recovery-needs-root-sessions medium",
          "unlock-root-sessions-off high",
        ],
      },
    ],
    [
      "root sessions on, with a password: present exception and an unlock",
      "unknown (old snapshot)",
      sessionsOn,
      sessionsOffLive,
      true,
      {
        actions: ["EnableOrganizationsRootSessions", "CreateLoginProfile"],
        findings: ["unlock-root-sessions-off info"],
      },
    ],
  ])("%s, as %s", (_name, caller, featuresYaml, live, extras, expected) => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        features: featuresYaml,
        ...(extras ? { exceptions: BILLING_EXCEPTION, unlocks: UNLOCK } : {}),
      }),
    });

    expect(summary(plan(desired, auditWith(live, CALLERS[caller]), NOW))).toEqual(expected);
  });

  it("says which call, who must make it, the command and why", () => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({ features: features("enabled", "enabled", "enabled") }),
    });
    const result = plan(desired, auditWith(ALL_OFF, DELEGATED), NOW);
    const messages = result.findings
      .filter((finding) => finding.ruleId === "feature-change-needs-management-account")
      .map((finding) => finding.message);

    expect(messages).toEqual([
      expect.stringMatching(
        /^features\.rootCredentialsManagement: enabled needs EnableOrganizationsRootCredentialsManagement, .*CallerIsNotManagementAccountException.*runs once: aws iam enable-organizations-root-credentials-management \(or run rootward apply with a role in the management account: rootward iam-policy apply --account-kind management\)$/,
      ),
      expect.stringMatching(
        /^features\.trustedAccess: enabled needs EnableAWSServiceAccess, which only the management account may call \(the Organizations API reference: it can be called only from the organization's management account\); this audit ran as arn:aws:sts::333333333334:assumed-role\/rootward-plan\/ci-run in account 333333333334, not in the management account 999999999999, so this plan does not schedule it, and until it is made IAM cannot manage root access at all\. An administrator of the management account runs once: aws organizations enable-aws-service-access --service-principal iam\.amazonaws\.com/,
      ),
      expect.stringMatching(
        /^features\.rootSessions: enabled needs EnableOrganizationsRootSessions, .*unlock requests cannot run and member accounts cannot recover their root password.*runs once: aws iam enable-organizations-root-sessions /,
      ),
    ]);
    expect(
      result.findings.find((finding) => finding.ruleId === "root-credentials-management-off")?.message,
    ).toBe(
      "root credentials management is off, so 2 member accounts could not be audited, and this plan cannot enable it (see the finding feature-change-needs-management-account)",
    );
  });

  it("names the command that switches IAM trusted access off, after the features", () => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({ features: features("disabled", "disabled", "disabled") }),
    });
    const finding = plan(desired, auditWith(ALL_ON, MANAGEMENT), NOW).findings.find(
      (entry) => entry.ruleId === "trusted-access-disable-manual",
    );

    expect(finding?.message).toMatch(
      /rootward never calls.*After the root-access features are off, an administrator of the management account runs: aws organizations disable-aws-service-access --service-principal iam\.amazonaws\.com$/,
    );
  });
});

describe("plan: password recovery needs root sessions (password: present)", () => {
  type Case = [string, string, boolean, Caller | undefined, string | undefined];
  it.each<Case>([
    [
      "root sessions off and kept off",
      "disabled",
      false,
      MANAGEMENT,
      "root sessions are disabled and the desired state keeps them disabled",
    ],
    [
      "root sessions switched off by this plan",
      "disabled",
      true,
      MANAGEMENT,
      "this plan disables root sessions as the desired state asks",
    ],
    ["root sessions enabled by this plan", "enabled", false, MANAGEMENT, undefined],
    ["root sessions on and kept on", "enabled", true, DELEGATED, undefined],
    [
      "root sessions wanted, but the caller cannot enable them",
      "enabled",
      false,
      DELEGATED,
      "this plan cannot enable them",
    ],
  ])("%s", (_name, rootSessions, live, caller, words) => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        features: features("enabled", "enabled", rootSessions),
        exceptions: BILLING_EXCEPTION,
      }),
    });
    const result = plan(desired, auditWith({ ...ALL_ON, rootSessions: live }, caller), NOW);
    const findings = result.findings.filter(
      (finding) => finding.ruleId === "password-recovery-needs-root-sessions",
    );

    if (words === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings).toEqual([
      {
        ruleId: "password-recovery-needs-root-sessions",
        severity: "medium",
        accountId: "111111111111",
        message: expect.stringContaining(words),
        location: { file: "policy.yaml", line: expect.any(Number) },
      },
    ]);
    expect(findings[0]?.message).toMatch(
      /^exception billing \(policy\.yaml:\d+\) sets password: present, but .*the owner cannot complete "Forgot password"/,
    );
    const fix =
      rootSessions === "enabled"
        ? "an administrator of the management account enables them: aws iam enable-organizations-root-sessions"
        : "set features.rootSessions: enabled";
    expect(findings[0]?.message).toContain(`"Centralize root access for member accounts"); ${fix}`);
  });

  it("holds for the password an account already has, and not for password: allowed, unmanaged or unverified accounts", () => {
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        baseline: "  password: present\n  accessKeys: absent\n  signingCertificates: absent\n  mfa: allowed",
        exceptions: [
          "  - name: allowed",
          '    accounts: ["222222222222"]',
          "    password: allowed",
          "    reason: Legacy",
          "    owner: ops@example.com",
        ].join("\n"),
        unmanaged: '  - ous: ["/Root/Quarantine"]\n    reason: Closing',
      }),
    });
    const withPassword = { ...clean(), password: { present: true } };
    const audit = snapshot(
      [
        account("111111111111", { rootCredentials: withPassword }),
        account("222222222222"),
        account("444444444444", { ouPath: "/Root/Quarantine", ouIds: ["r-root", "ou-quarantine"] }),
        account("555555555555", { status: "failed", errorCode: "AccessDenied", rootCredentials: undefined }),
        account("666666666666"),
      ],
      { caller: MANAGEMENT },
    );

    const result = plan(desired, audit, NOW);

    expect(
      result.findings
        .filter((finding) => finding.ruleId === "password-recovery-needs-root-sessions")
        .map((finding) => finding.accountId),
    ).toEqual(["111111111111", "666666666666"]);
  });
});

describe("caller standing, withheld calls and the commands a person runs instead", () => {
  it.each<[string, Caller | undefined, ReturnType<typeof callerStanding>]>([
    ["no caller recorded (old snapshot)", undefined, { kind: "unknown" }],
    ["a caller without an account", { accountId: "", arn: "arn:aws:iam::x" }, { kind: "unknown" }],
    ["the management account", MANAGEMENT, { kind: "management-account", caller: MANAGEMENT }],
    [
      "the delegated administrator",
      DELEGATED,
      { kind: "other-account", caller: DELEGATED, managementAccountId: MANAGEMENT_ID },
    ],
  ])("standing of %s", (_name, caller, expected) => {
    expect(callerStanding(caller, MANAGEMENT_ID)).toEqual(expected);
  });

  it.each<[string, OrganizationOperation, CallerName, ReturnType<typeof withholding>]>([
    [
      "disabling trusted access, even as the management account",
      "DisableAWSServiceAccess",
      "management",
      {
        why: "never-rootward",
        reason:
          "rootward never calls DisableAWSServiceAccess: switching IAM trusted access off is left to a person",
      },
    ],
    [
      "enabling root sessions as the delegated administrator",
      "EnableOrganizationsRootSessions",
      "delegated admin",
      {
        why: "management-account-only",
        reason: `only the management account (${MANAGEMENT_ID}) may call EnableOrganizationsRootSessions, and the caller ${DELEGATED.arn} is in account ${DELEGATED.accountId}`,
      },
    ],
    [
      "disabling root sessions as the delegated administrator",
      "DisableOrganizationsRootSessions",
      "delegated admin",
      undefined,
    ],
    [
      "enabling root sessions as the management account",
      "EnableOrganizationsRootSessions",
      "management",
      undefined,
    ],
    [
      "enabling root sessions, caller unknown (apply checks it live)",
      "EnableOrganizationsRootSessions",
      "unknown (old snapshot)",
      undefined,
    ],
  ])("%s", (_name, operation, caller, expected) => {
    expect(
      withholding({ operation } as OrganizationAction, callerStanding(CALLERS[caller], MANAGEMENT_ID)),
    ).toEqual(expected);
  });

  // The AWS CLI commands (IAM and Organizations CLI references) a reviewer copies from a finding.
  it.each<[OrganizationOperation, string]>([
    [
      "EnableAWSServiceAccess",
      "aws organizations enable-aws-service-access --service-principal iam.amazonaws.com",
    ],
    [
      "DisableAWSServiceAccess",
      "aws organizations disable-aws-service-access --service-principal iam.amazonaws.com",
    ],
    [
      "EnableOrganizationsRootCredentialsManagement",
      "aws iam enable-organizations-root-credentials-management",
    ],
    ["EnableOrganizationsRootSessions", "aws iam enable-organizations-root-sessions"],
    [
      "DisableOrganizationsRootCredentialsManagement",
      "aws iam disable-organizations-root-credentials-management",
    ],
    ["DisableOrganizationsRootSessions", "aws iam disable-organizations-root-sessions"],
  ])("%s by hand: %s", (operation, command) => {
    expect(manualCommand(operation)).toBe(command);
  });
});
