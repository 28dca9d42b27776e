import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import type { AuditSnapshot, RootCredentials } from "../audit/snapshot.js";
import { plan } from "./plan.js";

const withKeys: RootCredentials = {
  password: { present: true },
  accessKeys: [
    { accessKeyId: "AKIA1", status: "Active" },
    { accessKeyId: "AKIA2", status: "Inactive" },
  ],
  mfaDevices: [],
  signingCertificates: [],
};
const passwordOnly: RootCredentials = { ...withKeys, accessKeys: [] };
const BUCKET = "acme-shared-artifacts";
const QUEUE = "https://sqs.us-east-1.amazonaws.com/111111111111/acme-events";

type Scp = AuditSnapshot["serviceControlPolicies"][number];
type Statement = Record<string, unknown>;

function scp(id: string, targets: string[], ...statements: Statement[]): Scp {
  return {
    id,
    name: `Policy-${id}`,
    awsManaged: false,
    targets,
    content: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  };
}
const deny = (Action: string, Resource = "*"): Statement => ({ Effect: "Deny", Action, Resource });

/**
 * 111111111111 (baseline, policy.yaml:11) holds a password and two keys; 222222222222 (exception
 * `no-keys`, policy.yaml:16) holds a password; both sit in ou-root-workload under r-root. Each
 * predicted denial as `account file:line policy-id permission operation`.
 */
function denials(policies: Scp[], unlocks?: string): string[] {
  const desired = desiredFrom({
    "policy.yaml": policyYaml({
      features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: enabled",
      exceptions:
        '  - name: no-keys\n    accounts: ["222222222222"]\n    password: absent\n    reason: r\n    owner: o',
      ...(unlocks ? { unlocks } : {}),
    }),
  });
  const audit = snapshot(
    [
      account("111111111111", { rootCredentials: withKeys }),
      account("222222222222", { rootCredentials: passwordOnly }),
    ],
    {
      features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
      serviceControlPolicies: policies,
      unlockTargets: [
        { accountId: "111111111111", s3Bucket: BUCKET, status: "read", policy: "{}" },
        { accountId: "111111111111", sqsQueueUrl: QUEUE, status: "read", policy: "{}" },
      ],
    },
  );
  return plan(desired, audit, NOW)
    .findings.filter((finding) => finding.ruleId === "scp-blocks-action")
    .map((finding) => {
      const [, id, permission, operation] =
        /^SCP Policy-\S+ \((\S+)\), .* denies (\S+) inside root sessions of this account: (\w+) will fail/.exec(
          finding.message,
        ) ?? [];
      return `${finding.accountId} ${finding.location.file}:${finding.location.line} ${id} ${permission} ${operation}`;
    });
}

describe("scpFindings: which planned actions an SCP denies inside root sessions", () => {
  it.each<[string, Scp[], string[]]>([
    ["no SCP", [], []],
    [
      "one finding per account, permission and policy, however many keys it denies",
      [scp("p-nokeydelete", ["r-root"], deny("iam:DeleteAccessKey"))],
      ["111111111111 policy.yaml:11 p-nokeydelete iam:DeleteAccessKey DeleteAccessKey"],
    ],
    [
      "every account it denies, each at the entry that governs it",
      [scp("p-nopassword", ["ou-root-workload"], deny("iam:DeleteLoginProfile"))],
      [
        "111111111111 policy.yaml:11 p-nopassword iam:DeleteLoginProfile DeleteLoginProfile",
        "222222222222 policy.yaml:16 p-nopassword iam:DeleteLoginProfile DeleteLoginProfile",
      ],
    ],
    [
      "a deny on one account's root user only",
      [scp("p-onlyone", ["r-root"], deny("iam:DeleteLoginProfile", "arn:aws:iam::222222222222:root"))],
      ["222222222222 policy.yaml:16 p-onlyone iam:DeleteLoginProfile DeleteLoginProfile"],
    ],
    [
      "a policy that allows some things and denies others",
      [scp("p-mixed", ["222222222222"], { Effect: "Allow", Action: "*", Resource: "*" }, deny("iam:*"))],
      ["222222222222 policy.yaml:16 p-mixed iam:DeleteLoginProfile DeleteLoginProfile"],
    ],
    [
      "a policy that only allows",
      [scp("p-allow", ["r-root"], { Effect: "Allow", Action: "*", Resource: "*" })],
      [],
    ],
    [
      "an SCP that cannot be read is passed over, the others still count",
      [
        { ...scp("p-broken", ["r-root"]), content: "{ not json" },
        scp("p-nopassword", ["222222222222"], deny("iam:DeleteLoginProfile")),
      ],
      ["222222222222 policy.yaml:16 p-nopassword iam:DeleteLoginProfile DeleteLoginProfile"],
    ],
    [
      // The account first, then its OUs from the nearest up to the root.
      "the denying policy nearest the account is named",
      [
        scp("p-atroot", ["r-root"], deny("iam:DeleteLoginProfile")),
        scp("p-atou", ["ou-root-workload"], deny("iam:DeleteLoginProfile")),
        scp("p-ataccount", ["222222222222"], deny("iam:DeleteLoginProfile")),
      ],
      [
        "111111111111 policy.yaml:11 p-atou iam:DeleteLoginProfile DeleteLoginProfile",
        "222222222222 policy.yaml:16 p-ataccount iam:DeleteLoginProfile DeleteLoginProfile",
      ],
    ],
  ])("%s", (_name, policies, expected) => {
    expect(denials(policies)).toEqual(expected);
  });

  const unlock = (name: string, target: string) =>
    [
      `  - name: ${name}`,
      '    account: "111111111111"',
      `    ${target}`,
      "    reason: r",
      "    owner: o",
    ].join("\n");
  const bothUnlocks = [
    unlock("bucket", `s3Bucket: ${BUCKET}`),
    unlock("queue", `sqsQueueUrl: ${QUEUE}`),
  ].join("\n");

  it.each<[string, Scp[], string[]]>([
    [
      "a deny on this bucket",
      [scp("p-bucket", ["r-root"], deny("s3:DeleteBucketPolicy", `arn:aws:s3:::${BUCKET}`))],
      ["111111111111 policy.yaml:23 p-bucket s3:DeleteBucketPolicy DeleteBucketPolicy"],
    ],
    ["a deny on another bucket", [scp("p-bucket", ["r-root"], deny("s3:*", "arn:aws:s3:::other"))], []],
    [
      "a deny on this queue",
      [
        scp(
          "p-queue",
          ["r-root"],
          deny("sqs:SetQueueAttributes", "arn:aws:sqs:us-east-1:111111111111:acme-events"),
        ),
      ],
      ["111111111111 policy.yaml:28 p-queue sqs:SetQueueAttributes SetQueueAttributes"],
    ],
    [
      "a deny on another queue",
      [scp("p-queue", ["r-root"], deny("sqs:*", "arn:aws:sqs:us-east-1:111111111111:other"))],
      [],
    ],
  ])("unlocks: %s", (_name, policies, expected) => {
    expect(denials(policies, bothUnlocks)).toEqual(expected);
  });
});
