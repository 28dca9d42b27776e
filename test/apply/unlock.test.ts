import { appendFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EnableOrganizationsRootSessionsCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { Plan } from "../../src/plan/model.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { clientsFor, sandboxes } from "../sandbox/helpers.js";
import { leakedSecrets, readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();

const ACCOUNT = "444444444442";
const BUCKET = "acme-shared-artifacts";
// A real-looking queue URL: with AWS_ENDPOINT_URL set, rootward sends to the sandbox, never to this host.
const QUEUE_URL = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/acme-shared-events`;

const UNLOCKS = `
unlocks:
  - name: shared-artifacts
    account: "${ACCOUNT}"
    s3Bucket: ${BUCKET}
    reason: The 2024 incident lockdown policy still denies the release pipeline
    owner: platform@acme.example
    ticket: SEC-77
  - name: shared-events
    account: "${ACCOUNT}"
    sqsQueueUrl: ${QUEUE_URL}
    reason: The lockdown policy denies the event consumers
    owner: platform@acme.example
`;

/** The repository's example desired state plus two unlock requests, in a temporary directory. */
function desiredWithUnlocks(dir: string, features?: { rootSessions: "enabled" | "disabled" }): string {
  const target = join(dir, "desired-state");
  cpSync(join(import.meta.dirname, "../../desired-state"), target, { recursive: true });
  const policy = join(target, "policy.yaml");
  if (features) {
    const text = readFileSync(policy, "utf8");
    writeFileSync(policy, text.replace("rootSessions: enabled", `rootSessions: ${features.rootSessions}`));
  }
  appendFileSync(policy, UNLOCKS);
  return target;
}

async function withRootSessions(): Promise<Sandbox> {
  const sandbox = await start();
  await clientsFor(sandbox).iam.send(new EnableOrganizationsRootSessionsCommand({}));
  return sandbox;
}

function journalOf(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const locked = (sandbox: Sandbox) => ({
  bucket: sandbox.state({ account: ACCOUNT }).buckets.find((bucket) => bucket.name === BUCKET)?.policy,
  queue: sandbox.state({ account: ACCOUNT }).queues.find((queue) => queue.name === "acme-shared-events")
    ?.policy,
});

describe("unlock requests against the sandbox: validate → plan → apply → re-plan", () => {
  it("shows the policies, removes them once with the journal holding them, and then reports the requests as done", async () => {
    const sandbox = await withRootSessions();
    const dir = temp();
    const desired = desiredWithUnlocks(dir);
    const before = locked(sandbox);
    const args = ["--desired-state", desired];

    const validated = await runAgainst(sandbox, ["validate", ...args]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain("2 unlock requests");

    const planFile = join(dir, "plan.json");
    const planned = await runAgainst(sandbox, ["plan", ...args, "--quiet", "--out", planFile]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain("Policies to unlock");
    expect(planned.stdout).toContain(
      `DeleteBucketPolicy        ${ACCOUNT} bucket ${BUCKET}  S3UnlockBucketPolicy`,
    );
    expect(planned.stdout).toContain(
      `SetQueueAttributes        ${ACCOUNT} queue ${QUEUE_URL}  SQSUnlockQueuePolicy`,
    );
    expect(planned.stdout).toContain('"Sid": "DenyEveryone"');
    expect(planned.stdout).toContain('"Resource": "arn:aws:sqs:us-east-1:444444444442:acme-shared-events"');
    const plan = readJson<Plan>(planFile);
    expect(plan.unlocks.map((unlock) => [unlock.name, unlock.status, unlock.policy])).toEqual([
      ["shared-artifacts", "pending", before.bucket],
      ["shared-events", "pending", before.queue],
    ]);

    const journal = join(dir, "journal.jsonl");
    const callsBefore = sandbox.calls().length;
    const applied = await runAgainst(sandbox, ["apply", planFile, ...args, "--journal", journal, "--quiet"]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`✓ DeleteBucketPolicy remove the policy of bucket ${BUCKET}`);
    expect(applied.stdout).toContain(`✓ SetQueueAttributes remove the policy of queue ${QUEUE_URL}`);
    expect(locked(sandbox)).toEqual({ bucket: null, queue: null });

    const removed = journalOf(journal).filter((record) => record.event === "succeeded" && record.unlock);
    expect(removed).toEqual([
      expect.objectContaining({
        operation: "DeleteBucketPolicy",
        accountId: ACCOUNT,
        identifier: BUCKET,
        unlock: "shared-artifacts",
        outcome: "done",
        removedPolicy: before.bucket,
        restoreWith: "PutBucketPolicy",
      }),
      expect.objectContaining({
        operation: "SetQueueAttributes",
        identifier: QUEUE_URL,
        unlock: "shared-events",
        removedPolicy: before.queue,
        restoreWith: "SetQueueAttributes",
      }),
    ]);
    const unlockCalls = sandbox
      .calls()
      .slice(callsBefore)
      .filter((call) => call.service === "s3" || call.service === "sqs")
      .map((call) => `${call.account} ${call.operation} ${call.taskPolicy?.split("/").pop()}`);
    expect(unlockCalls).toEqual([
      `${ACCOUNT} GetBucketPolicy S3UnlockBucketPolicy`,
      `${ACCOUNT} DeleteBucketPolicy S3UnlockBucketPolicy`,
      `${ACCOUNT} GetQueueAttributes SQSUnlockQueuePolicy`,
      `${ACCOUNT} SetQueueAttributes SQSUnlockQueuePolicy`,
    ]);

    const replanned = await runAgainst(sandbox, ["plan", ...args, "--quiet", "--detailed-exitcode"]);
    expect(replanned.code).toBe(0);
    expect(replanned.stdout).toContain("No changes.");
    expect(replanned.stdout).toContain(
      `unlock-done  ${ACCOUNT} unlock shared-artifacts: bucket ${BUCKET} has no policy any more: the request is done; remove it from the desired state`,
    );
    expect(replanned.stdout).toContain(`unlock shared-events: queue ${QUEUE_URL} has no policy any more`);

    // The same reviewed plan again: the policies are already gone, so nothing is called twice.
    const again = await runAgainst(sandbox, ["apply", planFile, ...args, "--journal", journal]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "DeleteBucketPolicy remove the policy of bucket acme-shared-artifacts (unlock shared-artifacts) (already done)",
    );
    expect(sandbox.calls().filter((call) => call.operation === "DeleteBucketPolicy")).toHaveLength(1);

    const outputs = [validated, planned, applied, replanned, again].flatMap((run) => [
      run.stdout,
      run.stderr,
    ]);
    expect(
      leakedSecrets(sandbox, [...outputs, readFileSync(journal, "utf8"), readFileSync(planFile, "utf8")]),
    ).toEqual([]);
  });

  it("refuses an unlock whose policy changed since the plan, and keeps the new policy", async () => {
    const sandbox = await withRootSessions();
    const dir = temp();
    const desired = desiredWithUnlocks(dir);
    const planFile = join(dir, "plan.json");
    await runAgainst(sandbox, ["plan", "--desired-state", desired, "--quiet", "--out", planFile]);
    const changed =
      '{"Version":"2012-10-17","Statement":[{"Sid":"NewLock","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}';
    const bucket = sandbox.organization().buckets.get(BUCKET);
    if (bucket) bucket.policy = changed;

    const journal = join(dir, "journal.jsonl");
    const applied = await runAgainst(sandbox, [
      "apply",
      planFile,
      "--desired-state",
      desired,
      "--journal",
      journal,
    ]);

    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain(
      `stale: the policy of bucket ${BUCKET} changed since the plan; re-plan needed`,
    );
    expect(locked(sandbox)).toEqual({ bucket: changed, queue: null });
    expect(sandbox.calls().filter((call) => call.operation === "DeleteBucketPolicy")).toEqual([]);
    expect(journalOf(journal).find((record) => record.unlock === "shared-artifacts")).toMatchObject({
      event: "skipped",
      outcome: "stale",
      livePolicy: changed,
    });
  });
});

describe("unlock requests with root sessions disabled", () => {
  it("reads nothing and says the unlock comes on the next plan, when the plan enables root sessions", async () => {
    const sandbox = await start();
    const dir = temp();
    const desired = desiredWithUnlocks(dir);
    const auditFile = join(dir, "audit.json");

    const audited = await runAgainst(sandbox, [
      "audit",
      "--desired-state",
      desired,
      "--quiet",
      "--out",
      auditFile,
    ]);
    const planned = await runAgainst(sandbox, ["plan", "--desired-state", desired, "--audit", auditFile]);

    expect(audited.code).toBe(0);
    expect(readJson<AuditSnapshot>(auditFile).unlockTargets).toEqual([
      {
        accountId: ACCOUNT,
        s3Bucket: BUCKET,
        status: "skipped",
        reasonCode: "root-sessions-disabled",
        reason: "root sessions are not enabled, so no unlock session can start",
      },
      expect.objectContaining({
        sqsQueueUrl: QUEUE_URL,
        status: "skipped",
        reasonCode: "root-sessions-disabled",
      }),
    ]);
    expect(sandbox.calls().filter((call) => call.service === "s3" || call.service === "sqs")).toEqual([]);
    expect(sandbox.calls().filter((call) => call.taskPolicy?.includes("Unlock"))).toEqual([]);
    expect(planned.stdout).toContain("+ EnableOrganizationsRootSessions");
    expect(planned.stdout).toContain(
      `INFO     unlock-root-sessions-off  ${ACCOUNT} unlock shared-artifacts: root sessions are off, so bucket ${BUCKET} could not be read; this plan enables them and the unlock appears on the next plan`,
    );
    expect(planned.stdout).not.toContain("Policies to unlock");
    expect(
      leakedSecrets(sandbox, [
        audited.stdout,
        audited.stderr,
        planned.stdout,
        readFileSync(auditFile, "utf8"),
      ]),
    ).toEqual([]);
  });

  it("is a high finding when the desired state keeps root sessions off", async () => {
    const sandbox = await start();
    const dir = temp();
    const desired = desiredWithUnlocks(dir, { rootSessions: "disabled" });

    const planned = await runAgainst(sandbox, [
      "plan",
      "--desired-state",
      desired,
      "--quiet",
      "--format",
      "markdown",
    ]);

    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(
      "`unlock-root-sessions-off` | `444444444442` | unlock shared-events: root sessions are off and the desired state keeps them off, so queue",
    );
    expect(planned.stdout).not.toContain("EnableOrganizationsRootSessions");
  });

  it("--unlocks-only applies the unlock requests and nothing else (the apply job's second step)", async () => {
    const sandbox = await withRootSessions();
    const dir = temp();
    const desired = desiredWithUnlocks(dir);
    const before = sandbox.calls().length;

    const applied = await runAgainst(sandbox, [
      "apply",
      "--unlocks-only",
      "--auto-approve",
      "--quiet",
      "--desired-state",
      desired,
      "--journal",
      join(dir, "journal.jsonl"),
    ]);

    expect(applied.code).toBe(0);
    expect(locked(sandbox)).toEqual({ bucket: null, queue: null });
    const writes = sandbox
      .calls()
      .slice(before)
      .filter((call) => /^(Delete|Deactivate|Create|Set|Put|Enable|Disable)/.test(call.operation))
      .map((call) => call.operation)
      .sort();
    expect(writes).toEqual(["DeleteBucketPolicy", "SetQueueAttributes"]);
    const removed = journalOf(join(dir, "journal.jsonl")).filter(
      (record) => record.removedPolicy !== undefined,
    );
    expect(removed).toHaveLength(2);
  });

  it("--unlocks-only takes no plan file", async () => {
    const sandbox = await start();

    const run = await runAgainst(sandbox, ["apply", "plan.json", "--unlocks-only"]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--unlocks-only plans the unlock requests itself");
  });
});
