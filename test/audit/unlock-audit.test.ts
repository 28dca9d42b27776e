import { appendFileSync, cpSync } from "node:fs";
import { join } from "node:path";
import { EnableOrganizationsRootSessionsCommand } from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import { clientsFor, sandboxes } from "../sandbox/helpers.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();

function unlock(name: string, account: string, target: string): string {
  return `  - name: ${name}\n    account: "${account}"\n    ${target}\n    reason: Locked\n    owner: ops@acme.example\n`;
}

describe("audit of unlock targets against the sandbox", () => {
  it("records each target's outcome and never fails the audit for one of them", async () => {
    const sandbox = await start();
    await clientsFor(sandbox).iam.send(new EnableOrganizationsRootSessionsCommand({}));
    const dir = temp();
    const desired = join(dir, "desired-state");
    cpSync(join(import.meta.dirname, "../../desired-state"), desired, { recursive: true });
    appendFileSync(
      join(desired, "policy.yaml"),
      [
        "\nunlocks:\n",
        unlock("locked", "444444444442", "s3Bucket: acme-shared-artifacts"),
        unlock("typo", "444444444442", "s3Bucket: acme-shared-artifactz"),
        unlock(
          "suspended",
          "131313131301",
          "sqsQueueUrl: https://sqs.us-east-1.amazonaws.com/131313131301/jobs",
        ),
        unlock("elsewhere", "555555555550", "s3Bucket: another-org-bucket"),
      ].join(""),
    );
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
    const targets = readJson<AuditSnapshot>(auditFile).unlockTargets ?? [];
    expect(
      targets.map((target) => [target.accountId, target.status, target.reasonCode, target.errorCode]),
    ).toEqual([
      ["131313131301", "skipped", "not-active", undefined],
      ["444444444442", "read", undefined, undefined],
      ["444444444442", "failed", "not-found", "NoSuchBucket"],
      ["555555555550", "skipped", "not-in-organization", undefined],
    ]);
    expect(targets[1]?.policy).toContain('"Sid":"DenyEveryone"');
    // Only the two targets in an ACTIVE member account opened sessions.
    const sessions = sandbox
      .calls()
      .filter((call) => call.operation === "AssumeRoot" && call.taskPolicy?.includes("Unlock"));
    expect(sessions.map((call) => call.targetAccount)).toEqual(["444444444442", "444444444442"]);
    expect(planned.stdout).toContain(
      "unlock-target-missing  444444444442 unlock typo: bucket acme-shared-artifactz does not exist (NoSuchBucket)",
    );
    expect(planned.stdout).toContain(
      "unlock-account-excluded  131313131301 unlock suspended: account 131313131301 is SUSPENDED; rootward never changes it",
    );
    expect(planned.stdout).toContain(
      "unlock-target-missing  555555555550 unlock elsewhere: account 555555555550 is not in the organization",
    );
    expect(planned.stdout).toContain("DeleteBucketPolicy        444444444442 bucket acme-shared-artifacts");
  });
});
