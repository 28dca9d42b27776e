import { describe, expect, it } from "vitest";
import {
  account,
  desiredFrom,
  MANAGEMENT_ID,
  NOW,
  policyYaml,
  snapshot,
  unlockRequestYaml,
} from "../../test/support/builders.js";
import type { AuditSnapshot, UnlockTargetRead } from "../audit/snapshot.js";
import { canonicalJson, sha256 } from "./canonical-json.js";
import { planFingerprint } from "./fingerprint.js";
import { isUnlockAction, type Plan } from "./model.js";
import { plan } from "./plan.js";
import { parsePlanDocument } from "./plan-schema.js";
import { restrictToUnlocks } from "./restrict.js";

const BUCKET = "acme-shared-artifacts";
const QUEUE = "https://sqs.us-east-1.amazonaws.com/111111111111/acme-events";
const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "DenyEveryone", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }],
});
const ROOT_SESSIONS_ON =
  "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: enabled";
const ROOT_SESSIONS_OFF =
  "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: disabled";

function desiredWith(
  target: string,
  features = ROOT_SESSIONS_ON,
  accountId = "111111111111",
  more: { exceptions?: string } = {},
) {
  return desiredFrom({
    "desired-state/policy.yaml": policyYaml({
      features,
      unmanaged: '  - ous: ["/Root/Quarantine"]\n    reason: Closing',
      ...more,
      unlocks: [
        "  - name: shared",
        `    account: "${accountId}"`,
        `    ${target}`,
        "    reason: Deny-all policy from an incident",
        "    owner: platform@example.com",
      ].join("\n"),
    }),
  });
}

const bucketRead = (overrides: Partial<UnlockTargetRead> = {}): UnlockTargetRead => ({
  accountId: "111111111111",
  s3Bucket: BUCKET,
  status: "read",
  policy: POLICY,
  ...overrides,
});

function auditWith(reads: UnlockTargetRead[] | undefined, overrides: Partial<AuditSnapshot> = {}) {
  return snapshot(
    [
      account("111111111111"),
      account("222222222222", { ouPath: "/Root/Quarantine" }),
      account("333333333333", {
        state: "SUSPENDED",
        status: "skipped",
        reasonCode: "not-active",
        rootCredentials: undefined,
      }),
    ],
    {
      features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
      ...(reads ? { unlockTargets: reads } : {}),
      ...overrides,
    },
  );
}

/** What a reviewer sees of one request: its status, the action, and `rule severity` findings. */
function outcome(result: Plan) {
  return {
    status: result.unlocks.map((unlock) => unlock.status),
    actions: result.actions.filter(isUnlockAction).map((action) => action.operation),
    findings: result.findings
      .filter((finding) => finding.ruleId.startsWith("unlock-") || finding.ruleId === "scp-blocks-action")
      .map((finding) => `${finding.ruleId} ${finding.severity}`),
  };
}

describe("plan: unlock requests", () => {
  it.each<[string, ReturnType<typeof desiredWith>, AuditSnapshot, ReturnType<typeof outcome>]>([
    [
      "a bucket with a policy: DeleteBucketPolicy",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([bucketRead()]),
      { status: ["pending"], actions: ["DeleteBucketPolicy"], findings: [] },
    ],
    [
      "a queue with a policy: SetQueueAttributes",
      desiredWith(`sqsQueueUrl: ${QUEUE}`),
      auditWith([{ accountId: "111111111111", sqsQueueUrl: QUEUE, status: "read", policy: POLICY }]),
      { status: ["pending"], actions: ["SetQueueAttributes"], findings: [] },
    ],
    [
      "no policy left: done, remove the entry",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([bucketRead({ policy: undefined })]),
      { status: ["done"], actions: [], findings: ["unlock-done low"] },
    ],
    [
      "root sessions off, and the plan enables them: next plan",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith(
        [bucketRead({ status: "skipped", policy: undefined, reasonCode: "root-sessions-disabled" })],
        { features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: false } },
      ),
      { status: ["not-verified"], actions: [], findings: ["unlock-root-sessions-off info"] },
    ],
    [
      "root sessions off, and the desired state keeps them off",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_OFF),
      auditWith(
        [bucketRead({ status: "skipped", policy: undefined, reasonCode: "root-sessions-disabled" })],
        { features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: false } },
      ),
      { status: ["not-verified"], actions: [], findings: ["unlock-root-sessions-off high"] },
    ],
    [
      "an unmanaged account is never touched, even with a policy read",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_ON, "222222222222"),
      auditWith([bucketRead({ accountId: "222222222222" })]),
      { status: ["blocked"], actions: [], findings: ["unlock-account-excluded medium"] },
    ],
    [
      "a suspended account is never touched",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_ON, "333333333333"),
      auditWith([bucketRead({ accountId: "333333333333", status: "skipped", policy: undefined })]),
      { status: ["blocked"], actions: [], findings: ["unlock-account-excluded medium"] },
    ],
    [
      "an account outside the organization",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_ON, "444444444444"),
      auditWith([]),
      { status: ["blocked"], actions: [], findings: ["unlock-target-missing medium"] },
    ],
    [
      "a bucket that does not exist",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([
        bucketRead({
          status: "failed",
          policy: undefined,
          reasonCode: "not-found",
          errorCode: "NoSuchBucket",
        }),
      ]),
      { status: ["blocked"], actions: [], findings: ["unlock-target-missing medium"] },
    ],
    [
      "a read that failed",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([
        bucketRead({ status: "failed", policy: undefined, reasonCode: "error", errorCode: "AccessDenied" }),
      ]),
      { status: ["not-verified"], actions: [], findings: ["unlock-not-verified high"] },
    ],
    [
      "an audit snapshot without unlock targets",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith(undefined),
      { status: ["not-verified"], actions: [], findings: ["unlock-not-verified high"] },
    ],
  ])("%s", (_name, desired, audit, expected) => {
    expect(outcome(plan(desired, audit, NOW))).toEqual(expected);
  });

  it("records the policy it removes and clears a queue policy with an empty Policy only", () => {
    const result = plan(
      desiredWith(`sqsQueueUrl: ${QUEUE}`),
      auditWith([{ accountId: "111111111111", sqsQueueUrl: QUEUE, status: "read", policy: POLICY }]),
      NOW,
    );

    expect(result.actions).toEqual([
      {
        operation: "SetQueueAttributes",
        accountId: "111111111111",
        taskPolicy: "SQSUnlockQueuePolicy",
        unlock: "shared",
        queueUrl: QUEUE,
        attributes: { Policy: "" },
      },
    ]);
    expect(result.unlocks).toEqual([
      {
        name: "shared",
        accountId: "111111111111",
        sqsQueueUrl: QUEUE,
        taskPolicy: "SQSUnlockQueuePolicy",
        status: "pending",
        policy: POLICY,
        reason: "Deny-all policy from an incident",
        owner: "platform@example.com",
        location: { file: "desired-state/policy.yaml", line: 20 },
      },
    ]);
    expect(result.summary.accountActions).toBe(1);
  });

  it("unlocks before it switches root sessions off", () => {
    const result = plan(
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_OFF),
      auditWith([bucketRead()]),
      NOW,
    );

    expect(result.actions.map((action) => action.operation)).toEqual([
      "DeleteBucketPolicy",
      "DisableOrganizationsRootSessions",
    ]);
  });

  it.each([
    ["an SCP that denies the delete to everyone", { Action: "s3:DeleteBucketPolicy", Resource: "*" }, true],
    ["an SCP on another bucket", { Action: "s3:*", Resource: "arn:aws:s3:::other-bucket" }, false],
    [
      "an SCP that exempts root sessions",
      { Action: "s3:*", Resource: "*", Condition: { Null: { "aws:AssumedRoot": "true" } } },
      false,
    ],
  ])("predicts %s", (_name, statement, blocked) => {
    const audit = auditWith([bucketRead()], {
      serviceControlPolicies: [
        {
          id: "p-nobucketpol",
          name: "ProtectBucketPolicies",
          awsManaged: false,
          targets: ["ou-root-workload"],
          content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", ...statement }] }),
        },
      ],
    });

    const result = plan(desiredWith(`s3Bucket: ${BUCKET}`), audit, NOW);
    const findings = result.findings.filter((finding) => finding.ruleId === "scp-blocks-action");

    expect(result.actions.filter(isUnlockAction)).toHaveLength(1);
    expect(findings).toHaveLength(blocked ? 1 : 0);
    if (blocked) {
      expect(findings[0]?.message).toContain("denies s3:DeleteBucketPolicy inside root sessions");
      expect(findings[0]?.location).toEqual({ file: "desired-state/policy.yaml", line: 20 });
    }
  });
});

describe("plan: what an unlock request tells the reviewer", () => {
  const TAG_EXCEPTION = [
    "  - name: break-glass",
    "    tags: { root-access: break-glass }",
    "    password: allowed",
    "    reason: r",
    "    owner: o",
  ].join("\n");
  const DELEGATED = {
    accountId: "333333333334",
    arn: "arn:aws:sts::333333333334:assumed-role/rootward-plan/ci",
  };
  const sessionsOff = { trustedAccess: true, rootCredentialsManagement: true, rootSessions: false };
  const offRead = bucketRead({ status: "skipped", policy: undefined, reasonCode: "root-sessions-disabled" });
  const bucket = `bucket ${BUCKET}`;
  const managedBy = (managementAccountId: string, desired: ReturnType<typeof desiredWith>) => ({
    ...desired,
    organization: { ...desired.organization, managementAccountId },
  });

  /** Name, desired state, audit, the request's status and its one finding `rule severity: message`. */
  it.each<[string, ReturnType<typeof desiredWith>, AuditSnapshot, string, string]>([
    [
      // The loader refuses such a request; the planner holds the rule on its own as well.
      "the management account",
      managedBy("111111111111", desiredWith(`s3Bucket: ${BUCKET}`)),
      auditWith([bucketRead()]),
      "blocked",
      "unlock-account-excluded medium: unlock shared: the management account cannot be targeted by AssumeRoot",
    ],
    [
      "an account outside the organization",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_ON, "444444444444"),
      auditWith([]),
      "blocked",
      "unlock-target-missing medium: unlock shared: account 444444444444 is not in the organization",
    ],
    [
      "an account whose tags could not be read while an entry selects by tag",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_ON, "111111111111", { exceptions: TAG_EXCEPTION }),
      snapshot([account("111111111111", { tagsError: "AccessDeniedException: no" })], {
        features: { ...sessionsOff, rootSessions: true },
        unlockTargets: [bucketRead()],
      }),
      "blocked",
      "unlock-account-excluded medium: unlock shared: what governs account 111111111111 could not be read (its tags); rootward does not act on it",
    ],
    [
      "an unmanaged account",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_ON, "222222222222"),
      auditWith([bucketRead({ accountId: "222222222222" })]),
      "blocked",
      "unlock-account-excluded medium: unlock shared: account 222222222222 is unmanaged (unmanaged[0], desired-state/policy.yaml:17); rootward never changes it",
    ],
    [
      "a suspended account",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_ON, "333333333333"),
      auditWith([]),
      "blocked",
      "unlock-account-excluded medium: unlock shared: account 333333333333 is SUSPENDED; rootward never changes it",
    ],
    [
      "root sessions off, kept off",
      desiredWith(`s3Bucket: ${BUCKET}`, ROOT_SESSIONS_OFF),
      auditWith([offRead], { features: sessionsOff }),
      "not-verified",
      `unlock-root-sessions-off high: unlock shared: root sessions are off and the desired state keeps them off, so ${bucket} cannot be unlocked; set features.rootSessions: enabled`,
    ],
    [
      "root sessions off, enabled by this plan (a queue)",
      desiredWith(`sqsQueueUrl: ${QUEUE}`),
      auditWith([], { features: sessionsOff }),
      "not-verified",
      `unlock-root-sessions-off info: unlock shared: root sessions are off, so queue ${QUEUE} could not be read; this plan enables them and the unlock appears on the next plan`,
    ],
    [
      "root sessions off, and this caller cannot enable them",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([offRead], { features: sessionsOff, caller: DELEGATED }),
      "not-verified",
      `unlock-root-sessions-off high: unlock shared: root sessions are off and this plan cannot enable them (see the finding feature-change-needs-management-account), so ${bucket} cannot be read or unlocked yet`,
    ],
    [
      "no policy left",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([bucketRead({ policy: undefined })]),
      "done",
      `unlock-done low: unlock shared: ${bucket} has no policy any more: the request is done; remove it from the desired state`,
    ],
    [
      "a bucket that does not exist",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([
        bucketRead({
          status: "failed",
          policy: undefined,
          reasonCode: "not-found",
          errorCode: "NoSuchBucket",
        }),
      ]),
      "blocked",
      `unlock-target-missing medium: unlock shared: ${bucket} does not exist (NoSuchBucket); fix the name or remove the request`,
    ],
    [
      "a target that does not exist, without an error code",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([bucketRead({ status: "failed", policy: undefined, reasonCode: "not-found" })]),
      "blocked",
      `unlock-target-missing medium: unlock shared: ${bucket} does not exist; fix the name or remove the request`,
    ],
    [
      "a run that opened no unlock sessions (--no-unlock-reads)",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([
        bucketRead({
          status: "skipped",
          policy: undefined,
          reasonCode: "not-read",
          reason: "--no-unlock-reads",
        }),
      ]),
      "not-verified",
      `unlock-not-verified info: unlock shared: the policy of ${bucket} was not read: --no-unlock-reads`,
    ],
    [
      "a not-read record without a reason",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([bucketRead({ status: "skipped", policy: undefined, reasonCode: "not-read" })]),
      "not-verified",
      `unlock-not-verified info: unlock shared: the policy of ${bucket} was not read: the run that made this audit opened no unlock sessions`,
    ],
    [
      "a read that failed with an error code and a reason",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([
        bucketRead({
          status: "failed",
          policy: undefined,
          reasonCode: "error",
          errorCode: "AccessDenied",
          reason: "explicit deny in a service control policy",
        }),
      ]),
      "not-verified",
      `unlock-not-verified high: unlock shared: the policy of ${bucket} could not be read: AccessDenied: explicit deny in a service control policy`,
    ],
    [
      "a read cut short without an error code or a reason",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([bucketRead({ status: "failed", policy: undefined, reasonCode: "deadline" })]),
      "not-verified",
      `unlock-not-verified high: unlock shared: the policy of ${bucket} could not be read: failed`,
    ],
    [
      "an audit that never read the target",
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith(undefined),
      "not-verified",
      `unlock-not-verified high: unlock shared: the policy of ${bucket} could not be read: the audit did not read it (an audit snapshot made without this desired state?)`,
    ],
  ])("%s", (_name, desired, audit, status, finding) => {
    const result = plan(desired, audit, NOW);

    expect(result.unlocks.map((unlock) => unlock.status)).toEqual([status]);
    expect(result.actions.filter(isUnlockAction)).toEqual([]);
    expect(
      result.findings
        .filter((entry) => entry.ruleId.startsWith("unlock-"))
        .map((entry) => `${entry.ruleId} ${entry.severity}: ${entry.message}`),
    ).toEqual([finding]);
  });

  it("records a bucket request with its task, bucket and ticket", () => {
    const desired = desiredFrom({
      "desired-state/policy.yaml": policyYaml({
        features: ROOT_SESSIONS_ON,
        unlocks: [
          "  - name: shared",
          '    account: "111111111111"',
          `    s3Bucket: ${BUCKET}`,
          "    reason: Deny-all policy from an incident",
          "    owner: platform@example.com",
          "    ticket: SEC-1234",
        ].join("\n"),
      }),
    });

    expect(plan(desired, auditWith([bucketRead()]), NOW).unlocks).toEqual([
      {
        name: "shared",
        accountId: "111111111111",
        s3Bucket: BUCKET,
        taskPolicy: "S3UnlockBucketPolicy",
        status: "pending",
        policy: POLICY,
        reason: "Deny-all policy from an incident",
        owner: "platform@example.com",
        ticket: "SEC-1234",
        location: { file: "desired-state/policy.yaml", line: 18 },
      },
    ]);
  });

  it("lists requests by account, then by name, whatever their order in the files", () => {
    const desired = desiredFrom({
      "desired-state/policy.yaml": policyYaml({
        features: ROOT_SESSIONS_ON,
        unlocks: [
          unlockRequestYaml("zz-logs", "111111111111", "logs"),
          unlockRequestYaml("aa-events", "222222222222", "events"),
          unlockRequestYaml("bb-artifacts", "111111111111", "artifacts"),
        ].join("\n"),
      }),
    });
    const reads = [
      bucketRead({ s3Bucket: "logs" }),
      bucketRead({ accountId: "222222222222", s3Bucket: "events" }),
      bucketRead({ s3Bucket: "artifacts" }),
    ];
    const audit = snapshot([account("111111111111"), account("222222222222")], {
      features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
      unlockTargets: reads,
    });

    const result = plan(desired, audit, NOW);

    expect(result.unlocks.map((unlock) => `${unlock.accountId} ${unlock.name}`)).toEqual([
      "111111111111 bb-artifacts",
      "111111111111 zz-logs",
      "222222222222 aa-events",
    ]);
    expect(result.actions.filter(isUnlockAction).map((action) => action.unlock)).toEqual([
      "bb-artifacts",
      "zz-logs",
      "aa-events",
    ]);
    // The unlocks-only plan of the apply job counts the two accounts as drift.
    expect(restrictToUnlocks(result).summary.drift).toBe(2);
  });
});

describe("plan fingerprint with unlocks", () => {
  it("changes when the policy read changes, so apply can tell a stale plan", () => {
    const desired = desiredWith(`s3Bucket: ${BUCKET}`);
    const first = plan(desired, auditWith([bucketRead()]), NOW);
    const other = plan(desired, auditWith([bucketRead({ policy: `${POLICY} ` })]), NOW);

    expect(first.actions).toEqual(other.actions);
    expect(first.fingerprint).not.toBe(other.fingerprint);
  });

  it("is the pre-unlock fingerprint when a plan has no unlock actions", () => {
    const result = plan(
      desiredWith(`s3Bucket: ${BUCKET}`),
      auditWith([bucketRead({ policy: undefined })]),
      NOW,
    );

    expect(result.fingerprint).toBe(
      sha256(canonicalJson({ organizationId: result.organizationId, actions: result.actions, live: [] })),
    );
    expect(planFingerprint(result.organizationId, result.actions, result.accounts)).toBe(result.fingerprint);
  });
});

describe("plan fingerprint: what makes an unlock plan stale", () => {
  const request = (name: string, bucket: string) =>
    [
      `  - name: ${name}`,
      '    account: "111111111111"',
      `    s3Bucket: ${bucket}`,
      "    reason: r",
      "    owner: o",
    ].join("\n");
  const PASSWORD_ALLOWED =
    '  - name: keeps-password\n    accounts: ["111111111111"]\n    password: allowed\n    reason: r\n    owner: o';
  const desiredOf = (...unlocks: string[]) =>
    desiredFrom({
      "desired-state/policy.yaml": policyYaml({
        features: ROOT_SESSIONS_ON,
        exceptions: PASSWORD_ALLOWED,
        unlocks: unlocks.join("\n"),
      }),
    });
  const auditOf = (credentials: Partial<AuditSnapshot["accounts"][number]> = {}) =>
    snapshot([account("111111111111", credentials)], {
      features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
      unlockTargets: [bucketRead(), bucketRead({ s3Bucket: "already-open", policy: undefined })],
    });

  it("ignores the credentials of an account the plan only unlocks a bucket in", () => {
    const desired = desiredOf(request("shared", BUCKET));
    const before = plan(desired, auditOf(), NOW);
    const passwordSince = auditOf({
      rootCredentials: {
        password: { present: true },
        accessKeys: [],
        mfaDevices: [],
        signingCertificates: [],
      },
    });
    const after = plan(desired, passwordSince, NOW);

    expect(after.actions).toEqual(before.actions);
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it("ignores a request that is already done and plans no action", () => {
    const one = plan(desiredOf(request("shared", BUCKET)), auditOf(), NOW);
    const withDone = plan(
      desiredOf(request("shared", BUCKET), request("open", "already-open")),
      auditOf(),
      NOW,
    );

    expect(withDone.unlocks.map((unlock) => unlock.status)).toEqual(["done", "pending"]);
    expect(withDone.fingerprint).toBe(one.fingerprint);
  });

  it("is the pre-unlock fingerprint of a plan with only credential actions", () => {
    const result = plan(
      desiredFrom({ "desired-state/policy.yaml": policyYaml({ features: ROOT_SESSIONS_ON }) }),
      auditOf({
        rootCredentials: {
          password: { present: true },
          accessKeys: [],
          mfaDevices: [],
          signingCertificates: [],
        },
      }),
      NOW,
    );
    const live = result.accounts
      .filter((entry) => entry.accountId === "111111111111")
      .map((entry) => [entry.accountId, entry.liveFingerprint]);

    expect(result.actions.map((action) => action.operation)).toEqual(["DeleteLoginProfile"]);
    expect(result.fingerprint).toBe(
      sha256(canonicalJson({ organizationId: result.organizationId, actions: result.actions, live })),
    );
  });
});

describe("plan document schema with unlocks", () => {
  const pendingPlan = () =>
    plan(
      desiredWith(`sqsQueueUrl: ${QUEUE}`),
      auditWith([{ accountId: "111111111111", sqsQueueUrl: QUEUE, status: "read", policy: POLICY }]),
      NOW,
    );
  const roundTrip = (value: Plan): unknown => JSON.parse(JSON.stringify(value));

  it("reads back a plan with unlocks, and fills in none for older plans", () => {
    const pending = pendingPlan();
    expect(parsePlanDocument(roundTrip(pending))).toEqual({ plan: pending });
    const { unlocks: _dropped, ...older } = plan(
      desiredFrom({ "policy.yaml": policyYaml() }),
      snapshot([]),
      NOW,
    );
    const parsed = parsePlanDocument(JSON.parse(JSON.stringify(older)));

    expect("plan" in parsed && parsed.plan.unlocks).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ["a queue action that sets a policy", { attributes: { Policy: '{"Statement":[]}' } }],
    ["a queue action with another attribute", { attributes: { Policy: "", DelaySeconds: "0" } }],
    ["an unlock in the wrong task session", { taskPolicy: "IAMDeleteRootUserCredentials" }],
    ["an unlock on a malformed account", { accountId: MANAGEMENT_ID.slice(1) }],
  ])("rejects %s", (_name, change) => {
    const document = roundTrip(pendingPlan()) as { actions: Record<string, unknown>[] };
    document.actions = document.actions.map((action) => ({ ...action, ...change }));

    expect(parsePlanDocument(document)).toHaveProperty("problems");
  });
});
