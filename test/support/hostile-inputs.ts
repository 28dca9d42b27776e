import type { ApplyResult } from "../../src/apply/apply-plan.js";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { DesiredState } from "../../src/desired/index.js";
import type { DoctorReport } from "../../src/doctor/model.js";
import type { Plan } from "../../src/plan/model.js";
import { plan } from "../../src/plan/plan.js";
import { account, clean, desiredFrom, NOW, policyYaml, snapshot } from "./builders.js";

/**
 * Hostile text in every field a renderer shows. Account, OU, tag and SCP names and AWS error
 * messages come from AWS (the fixture puts them in the audit); reasons, owners and tickets come
 * from pull-request authors (in the desired state, limited to what `validate` lets through); exception
 * names, unlock requests, the organization id and service principals can be anything in a forged
 * plan file (injected into the plan afterwards). The golden tests in test/report/ render all of it.
 */

/**
 * Terminal tricks: clear the screen, recolour, an OSC 8 hyperlink, CR to overwrite the line, an
 * 8-bit CSI, right-to-left override, a Unicode line separator, a bell.
 */
export const TERMINAL_TRICKS =
  "\u001b[2J\u001b[31mRED\u001b[0m \u001b]8;;https://evil.example/osc8\u0007click\u001b]8;;\u0007 rm -rf /\rAPPROVED \u009b31m8-bit \u202eesrever\u202c line\u2028separator\u0007";

/** Markdown tricks that need no control character, so a desired-state file can hold them too. */
export const MARKDOWN_TRICKS =
  "@acme/security @octocat [link](https://evil.example/link) https://evil.example/bare www.evil.example <https://evil.example/angle> </details> <details open> <!-- rootward:plan fingerprint=forged content=forged --> | cell | ``` `code` #123 GH-123 *strong* _em_ $x$ trailing\\";

/** Block tricks: each line would open a block if a line break survived. */
export const BLOCK_TRICKS =
  "\n# heading\n> [!WARNING]\n> alert\n```\n- item\n1. item\n<details open>\n\r# after-cr\n::error title=forged::annotation\n  ##[warning]old-style";

export const HOSTILE = `${TERMINAL_TRICKS} ${MARKDOWN_TRICKS}${BLOCK_TRICKS}`;

/** What `validate` accepts in a reason: line breaks yes, other control characters no. */
const DESIRED_TRICKS = `${MARKDOWN_TRICKS}\n# heading\n> [!WARNING]\n\`\`\`\n</details>`;

/** An AWS error message as the network could deliver it. */
export const AWS_MESSAGE = `User: arn:aws:sts::555555555555:assumed-root/x is not authorized ${TERMINAL_TRICKS} ${MARKDOWN_TRICKS}${BLOCK_TRICKS}`;

export const HOSTILE_ORG_ID = "o-test123456`| # \u001b[2J";

function quoted(text: string): string {
  return JSON.stringify(text);
}

export function hostileDesired(): DesiredState {
  return desiredFrom({
    "desired-state/policy.yaml": policyYaml({
      features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: enabled",
      exceptions: [
        "  - name: billing",
        '    accounts: ["111111111111"]',
        "    password: present",
        "    mfa: required",
        `    reason: ${quoted(`- item ${DESIRED_TRICKS}`)}`,
        `    owner: ${quoted(`@acme/finance ${MARKDOWN_TRICKS}`)}`,
        `    ticket: ${quoted(`1. ${MARKDOWN_TRICKS}`)}`,
      ].join("\n"),
      unmanaged: `  - ous: ["/Root/Quarantine"]\n    reason: ${quoted(`# ${DESIRED_TRICKS}`)}`,
      unlocks: [
        "  - name: artifacts",
        '    account: "777777777777"',
        "    s3Bucket: clean-artifacts",
        `    reason: ${quoted(`> [!WARNING] ${DESIRED_TRICKS}`)}`,
        `    owner: ${quoted(`\`\`\` ${MARKDOWN_TRICKS}`)}`,
        `    ticket: ${quoted(`SEC-1 ${MARKDOWN_TRICKS}`)}`,
      ].join("\n"),
    }),
  });
}

export function hostileAudit(): AuditSnapshot {
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: `Deny ${HOSTILE}`,
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: "arn:aws:s3:::clean-artifacts",
      },
    ],
  });
  return snapshot(
    [
      account("111111111111", {
        name: `> [!WARNING] ${HOSTILE}`,
        ouPath: `/Root/# ${HOSTILE}`,
        tags: { [`team ${HOSTILE}`]: HOSTILE },
        rootCredentials: clean(),
      }),
      account("222222222222", {
        name: `# heading ${HOSTILE}`,
        ouPath: `> [!WARNING] ${HOSTILE}`,
        rootCredentials: {
          password: { present: true, lastUsed: "2026-11-20T09:00:00.000Z" },
          accessKeys: [{ accessKeyId: "AKIAIOSFODNN7EXAMPLE", status: "Active" }],
          mfaDevices: [],
          signingCertificates: [],
        },
      }),
      account("333333333333", {
        name: `- ${HOSTILE}`,
        ouPath: "/Root/Quarantine",
        rootCredentials: { ...clean(), password: { present: true } },
      }),
      account("555555555555", {
        name: `\`\`\` ${HOSTILE}`,
        status: "failed",
        reasonCode: "error",
        errorCode: `AccessDenied${TERMINAL_TRICKS}`,
        reason: AWS_MESSAGE,
        rootCredentials: undefined,
      }),
      account("777777777777", { name: `</details> ${HOSTILE}` }),
    ],
    {
      features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
      unlockTargets: [{ accountId: "777777777777", s3Bucket: "clean-artifacts", status: "read", policy }],
      serviceControlPolicies: [
        {
          id: "p-hostile0001",
          name: `DenyRecovery ${HOSTILE}`,
          awsManaged: false,
          targets: ["ou-root-workload"],
          content: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Sid: "NoRecovery", Effect: "Deny", Action: "iam:CreateLoginProfile", Resource: "*" },
            ],
          }),
        },
      ],
    },
  );
}

/**
 * The plan of the hostile desired state and audit, then forged where a plan file can say
 * anything: exception names, the unlock request's words, the organization id, a service principal.
 */
export function hostilePlan(): Plan {
  const built = plan(hostileDesired(), hostileAudit(), NOW);
  return {
    ...built,
    organizationId: HOSTILE_ORG_ID,
    accounts: built.accounts.map((planned) =>
      planned.governedBy.kind === "exception" || planned.governedBy.kind === "unmanaged"
        ? { ...planned, governedBy: { ...planned.governedBy, name: `exception ${HOSTILE}` } }
        : planned,
    ),
    unlocks: built.unlocks.map((unlock) => ({
      ...unlock,
      reason: `> [!CAUTION] ${HOSTILE}`,
      owner: `@acme/owners ${HOSTILE}`,
      ticket: `# ${HOSTILE}`,
    })),
    actions: [
      { operation: "EnableAWSServiceAccess", servicePrincipal: `iam.amazonaws.com ${HOSTILE}` },
      ...built.actions,
    ],
    summary: { ...built.summary, organizationActions: built.summary.organizationActions + 1 },
  };
}

export function hostileApplyResult(): ApplyResult {
  return {
    organizationId: HOSTILE_ORG_ID,
    planFingerprint: "f".repeat(64),
    organizationActions: [
      {
        action: { operation: "EnableAWSServiceAccess", servicePrincipal: `iam.amazonaws.com ${HOSTILE}` },
        outcome: "failed",
        errorCode: `AccessDenied${TERMINAL_TRICKS}`,
        message: AWS_MESSAGE,
      },
    ],
    accounts: [
      {
        accountId: "222222222222",
        name: `# heading ${HOSTILE}`,
        outcome: "failed",
        reason: AWS_MESSAGE,
        errorCode: "AccessDenied",
        actions: [
          {
            action: {
              operation: "DeleteAccessKey",
              accountId: "222222222222",
              taskPolicy: "IAMDeleteRootUserCredentials",
              accessKeyId: "AKIAIOSFODNN7EXAMPLE",
            },
            outcome: "failed",
            errorCode: `AccessDenied${TERMINAL_TRICKS}`,
            message: AWS_MESSAGE,
          },
        ],
      },
    ],
    interrupted: false,
    journalPath: `journal ${TERMINAL_TRICKS}.jsonl`,
  };
}

export function hostileDoctorReport(): DoctorReport {
  return {
    checks: [
      { id: "credentials", title: "AWS credentials", status: "ok", detail: `caller ${HOSTILE}` },
      {
        id: "audit-session",
        title: "Audit session",
        status: "failure",
        detail: AWS_MESSAGE,
        fix: `::add-mask::${HOSTILE}`,
      },
    ],
    scp: [
      {
        policyId: "p-hostile0001",
        policyName: `::stop-commands::pause ${HOSTILE}`,
        statement: `statement ${HOSTILE}`,
        effect: "denies",
        tasks: ["create-password"],
        actions: ["iam:CreateLoginProfile"],
        affected: [`> ${HOSTILE}`, "111111111111"],
      },
    ],
  };
}
