import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { DesiredState } from "../../src/desired/index.js";
import { account, clean, desiredFrom, NOW, policyYaml, snapshot } from "./builders.js";

const EVENTS_QUEUE = "https://sqs.us-east-1.amazonaws.com/777777777777/clean-events";

/** A compact deny-everyone resource policy, as S3 and SQS return one. */
function denyAll(action: string, resource: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "DenyEveryone", Effect: "Deny", Principal: "*", Action: action, Resource: resource }],
  });
}

function unlockEntry(name: string, accountId: string, target: string, extra = ""): string {
  return [
    `  - name: ${name}`,
    `    account: "${accountId}"`,
    `    ${target}`,
    "    reason: A deny-all policy locks everyone out",
    "    owner: platform@example.com",
    ...(extra ? [extra] : []),
  ].join("\n");
}

/** A desired state and audit that together produce every action and most finding kinds. */
export function richInputs(): { desired: DesiredState; audit: AuditSnapshot; now: Date } {
  const desired = desiredFrom({
    "desired-state/policy.yaml": policyYaml({
      // Root sessions go off after the unlocks, so the plan shows both in order.
      features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: disabled",
      exceptions: [
        "  - name: billing",
        '    accounts: ["111111111111"]',
        "    password: present",
        "    mfa: required",
        "    reason: Tax registration",
        "    owner: finance@example.com",
        "    expires: 2026-12-01",
        "  - name: old-exception",
        '    accounts: ["666666666666"]',
        "    password: allowed",
        "    reason: Old",
        "    owner: ops@example.com",
        "    expires: 2026-10-01",
        "  - name: gone",
        '    accounts: ["101010101010"]',
        "    password: allowed",
        "    reason: Left the org",
        "    owner: ops@example.com",
      ].join("\n"),
      unmanaged: '  - ous: ["/Root/Quarantine"]\n    reason: Closing',
      unlocks: [
        unlockEntry("artifacts", "777777777777", "s3Bucket: clean-artifacts", "    ticket: SEC-77"),
        unlockEntry("events", "777777777777", `sqsQueueUrl: ${EVENTS_QUEUE}`),
        unlockEntry("old-logs", "222222222222", "s3Bucket: shared-old-logs"),
        unlockEntry("quarantined-bucket", "333333333333", "s3Bucket: quarantined-data"),
        unlockEntry("typo", "777777777777", "s3Bucket: clean-artifactz"),
        unlockEntry("unreadable", "666666666666", "s3Bucket: old-billing-exports"),
      ].join("\n"),
    }),
  });
  const audit = snapshot(
    [
      account("111111111111", { name: "billing", rootCredentials: clean() }),
      account("222222222222", {
        name: "shared-services",
        rootCredentials: {
          password: {
            present: true,
            createDate: "2020-01-01T00:00:00.000Z",
            lastUsed: "2026-11-20T09:00:00.000Z",
          },
          accessKeys: [
            {
              accessKeyId: "AKIAIOSFODNN7EXAMPLE",
              status: "Active",
              createDate: "2019-06-01T00:00:00.000Z",
              lastUsedDate: "2026-11-17T10:00:00.000Z",
              lastUsedService: "ec2",
              lastUsedRegion: "us-east-1",
            },
            {
              accessKeyId: "AKIAI44QH8DHBEXAMPLE",
              status: "Inactive",
              createDate: "2018-02-01T00:00:00.000Z",
            },
          ],
          mfaDevices: [
            {
              serialNumber: "arn:aws:iam::222222222222:mfa/root-account-mfa-device",
              type: "virtual",
              enableDate: "2021-01-01T00:00:00.000Z",
            },
            { serialNumber: "GAHT12345678", type: "hardware", enableDate: "2022-01-01T00:00:00.000Z" },
          ],
          signingCertificates: [
            {
              certificateId: "CERTAAAABBBBCCCCDDDDEEEE",
              status: "Active",
              uploadDate: "2017-01-01T00:00:00.000Z",
            },
          ],
        },
      }),
      account("333333333333", {
        name: "quarantined",
        ouPath: "/Root/Quarantine",
        rootCredentials: { ...clean(), password: { present: true } },
      }),
      account("444444444444", {
        name: "suspended",
        state: "SUSPENDED",
        status: "skipped",
        reasonCode: "not-active",
        reason: "account is SUSPENDED",
        rootCredentials: undefined,
      }),
      account("555555555555", {
        name: "locked-down",
        status: "failed",
        reasonCode: "error",
        errorCode: "AccessDenied",
        reason: "explicit deny in a service control policy",
        rootCredentials: undefined,
      }),
      account("666666666666", {
        name: "old-billing",
        rootCredentials: { ...clean(), password: { present: true } },
      }),
      account("777777777777", { name: "clean" }),
    ],
    {
      features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
      unlockTargets: [
        { accountId: "222222222222", s3Bucket: "shared-old-logs", status: "read" },
        {
          accountId: "333333333333",
          s3Bucket: "quarantined-data",
          status: "read",
          policy: denyAll("s3:*", "arn:aws:s3:::quarantined-data"),
        },
        {
          accountId: "666666666666",
          s3Bucket: "old-billing-exports",
          status: "failed",
          reasonCode: "error",
          errorCode: "AccessDenied",
          reason: "explicit deny in a service control policy",
        },
        {
          accountId: "777777777777",
          s3Bucket: "clean-artifactz",
          status: "failed",
          reasonCode: "not-found",
          errorCode: "NoSuchBucket",
          reason: "The specified bucket does not exist",
        },
        {
          accountId: "777777777777",
          s3Bucket: "clean-artifacts",
          status: "read",
          policy: denyAll("s3:*", "arn:aws:s3:::clean-artifacts"),
        },
        {
          accountId: "777777777777",
          sqsQueueUrl: EVENTS_QUEUE,
          status: "read",
          policy: denyAll("sqs:*", "arn:aws:sqs:us-east-1:777777777777:clean-events"),
        },
      ],
      serviceControlPolicies: [
        {
          id: "p-denyrootpw1",
          name: "DenyRootPasswordRecovery",
          awsManaged: false,
          targets: ["ou-root-workload"],
          content: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "NoRootPasswordRecovery",
                Effect: "Deny",
                Action: "iam:CreateLoginProfile",
                Resource: "*",
                Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
              },
              {
                Sid: "NoQueuePolicyChanges",
                Effect: "Deny",
                Action: "sqs:SetQueueAttributes",
                Resource: "*",
              },
            ],
          }),
        },
      ],
    },
  );
  return { desired, audit, now: NOW };
}
