import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/model.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import {
  claimAccount,
  credentialsOf,
  deleteAction,
  forge,
  moveAccount,
  mutatingCalls,
  tagAccount,
} from "../support/forge.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

/**
 * The forged-plan corpus (issue 11): every plan below is what an attacker who can edit a plan
 * file writes, fingerprint recomputed so it is intact. Each runs through the real CLI against the
 * example organization and must be refused, with no call that changes anything for the refused
 * actions. Apply believes only the desired state, its live reads and the pure planner.
 */
const start = sandboxes();
const temp = tempDirs();
let honest: Plan;

beforeAll(async () => {
  const sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), "rootward-forged-"));
  try {
    const run = await runAgainst(sandbox, ["plan", "--quiet", "--out", join(dir, "plan.json")]);
    expect(run.code).toBe(0);
    honest = readJson<Plan>(join(dir, "plan.json"));
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

const BILLING_MFA = "arn:aws:iam::111111111111:mfa/root-account-mfa-device";

type Case = {
  name: string;
  /** The forged plan, from the honest one and the live sandbox (whose credentials a forger may copy). */
  forged(plan: Plan, sandbox: Sandbox): Plan;
  /** Changes made in the organization between plan and apply (an honest but older plan). */
  meanwhile?(sandbox: Sandbox): void;
  /** The refused actions, as `account operation`, and the words that say why. */
  refused: string[];
  why: RegExp;
};

const only = (plan: Plan, actions: Plan["actions"], accounts = plan.accounts) =>
  forge(plan, { actions, accounts });

const CASES: Case[] = [
  {
    name: "deletes the password an exception requires (password: present, mfa: required)",
    forged: (p) => only(p, [deleteAction("DeleteLoginProfile", "111111111111")]),
    refused: ["111111111111 DeleteLoginProfile"],
    why: /exception billing-break-glass \(desired-state\/policy.yaml:\d+\) sets password: present, which does not call for DeleteLoginProfile/,
  },
  {
    name: "deactivates the MFA device an exception requires",
    forged: (p) =>
      only(p, [deleteAction("DeactivateMFADevice", "111111111111", { serialNumber: BILLING_MFA })]),
    refused: ["111111111111 DeactivateMFADevice"],
    why: /sets mfa: required, which does not call for DeactivateMFADevice/,
  },
  {
    name: "deletes the password of an account under an unmanaged OU (disposition forged to drift)",
    forged: (p, sandbox) =>
      only(
        p,
        [deleteAction("DeleteLoginProfile", "121212121201")],
        claimAccount(p, { accountId: "121212121201", live: credentialsOf(sandbox, "121212121201") }),
      ),
    refused: ["121212121201 DeleteLoginProfile"],
    why: /unmanaged by unmanaged\[0\]/,
  },
  {
    name: "deletes the access key of an unmanaged account",
    forged: (p, sandbox) => {
      const live = credentialsOf(sandbox, "121212121201");
      const key = live.accessKeys[0]?.accessKeyId;
      return only(
        p,
        [deleteAction("DeleteAccessKey", "121212121201", { accessKeyId: key })],
        claimAccount(p, { accountId: "121212121201", live }),
      );
    },
    refused: ["121212121201 DeleteAccessKey"],
    why: /unmanaged by unmanaged\[0\]/,
  },
  {
    name: "acts on a suspended account",
    forged: (p) =>
      only(
        p,
        [deleteAction("DeleteLoginProfile", "131313131301")],
        claimAccount(p, {
          accountId: "131313131301",
          live: { password: { present: true }, accessKeys: [], mfaDevices: [], signingCertificates: [] },
        }),
      ),
    refused: ["131313131301 DeleteLoginProfile"],
    why: /it is SUSPENDED; rootward only changes ACTIVE accounts/,
  },
  {
    name: "acts on the management account",
    forged: (p) =>
      only(
        p,
        [deleteAction("DeleteLoginProfile", "999999999999")],
        claimAccount(p, {
          accountId: "999999999999",
          live: { password: { present: true }, accessKeys: [], mfaDevices: [], signingCertificates: [] },
        }),
      ),
    refused: ["999999999999 DeleteLoginProfile"],
    why: /management account/,
  },
  {
    name: "acts on an account that is not in the organization",
    forged: (p) =>
      only(
        p,
        [deleteAction("DeleteLoginProfile", "101010101010")],
        claimAccount(p, {
          accountId: "101010101010",
          live: { password: { present: true }, accessKeys: [], mfaDevices: [], signingCertificates: [] },
        }),
      ),
    refused: ["101010101010 DeleteLoginProfile"],
    why: /not an account of organization o-acme1234567/,
  },
  {
    name: "creates a login profile where the baseline says password: absent",
    forged: (p) => only(p, [deleteAction("CreateLoginProfile", "444444444441")]),
    refused: ["444444444441 CreateLoginProfile"],
    why: /the baseline \(desired-state\/policy.yaml:\d+\) sets password: absent, which does not call for CreateLoginProfile/,
  },
  {
    name: "disables trusted access for cloudtrail.amazonaws.com",
    forged: (p) =>
      only(p, [{ operation: "DisableAWSServiceAccess", servicePrincipal: "cloudtrail.amazonaws.com" }]),
    refused: ["- DisableAWSServiceAccess"],
    why: /DisableAWSServiceAccess disable trusted access for cloudtrail.amazonaws.com — unjustified: rootward only manages trusted access for iam.amazonaws.com/,
  },
  {
    name: "disables trusted access for sso.amazonaws.com",
    forged: (p) => only(p, [{ operation: "DisableAWSServiceAccess", servicePrincipal: "sso.amazonaws.com" }]),
    refused: ["- DisableAWSServiceAccess"],
    why: /trusted access for sso.amazonaws.com — unjustified/,
  },
  {
    name: "enables trusted access for a service the desired state does not name",
    forged: (p) =>
      only(p, [{ operation: "EnableAWSServiceAccess", servicePrincipal: "config.amazonaws.com" }]),
    refused: ["- EnableAWSServiceAccess"],
    why: /not config.amazonaws.com/,
  },
  {
    name: "disables root credentials management that the desired state enables",
    forged: (p) => only(p, [{ operation: "DisableOrganizationsRootCredentialsManagement" }]),
    refused: ["- DisableOrganizationsRootCredentialsManagement"],
    why: /the desired state has features.rootCredentialsManagement: enabled/,
  },
  {
    name: "changes managementAccountId so the real management account looks like a member",
    forged: (p) =>
      forge(p, {
        managementAccountId: "555555555501",
        actions: [deleteAction("DeleteLoginProfile", "999999999999")],
        accounts: claimAccount(p, {
          accountId: "999999999999",
          live: { password: { present: true }, accessKeys: [], mfaDevices: [], signingCertificates: [] },
        }),
      }),
    refused: ["999999999999 DeleteLoginProfile"],
    why: /management account/,
  },
  {
    name: "changes the disposition and governance of an excepted account",
    forged: (p) =>
      only(
        p,
        [deleteAction("DeleteLoginProfile", "222222222222")],
        claimAccount(p, { accountId: "222222222222", disposition: "drift" }),
      ),
    refused: ["222222222222 DeleteLoginProfile"],
    why: /exception security-break-glass .* sets password: allowed/,
  },
  {
    name: "removes a bucket policy that no unlock request of the desired state names",
    forged: (p, sandbox) => {
      const policy = sandbox
        .state()
        .buckets.find((bucket) => bucket.name === "acme-shared-artifacts")?.policy;
      return forge(p, {
        actions: [
          {
            operation: "DeleteBucketPolicy",
            accountId: "444444444442",
            taskPolicy: "S3UnlockBucketPolicy",
            unlock: "shared-artifacts",
            bucket: "acme-shared-artifacts",
          },
        ],
        unlocks: [
          {
            name: "shared-artifacts",
            accountId: "444444444442",
            s3Bucket: "acme-shared-artifacts",
            taskPolicy: "S3UnlockBucketPolicy",
            status: "pending",
            policy: policy ?? "",
            reason: "forged",
            owner: "forger@example.com",
            location: { file: "desired-state/policy.yaml", line: 1 },
          },
        ],
      });
    },
    refused: ["444444444442 DeleteBucketPolicy"],
    why: /the desired state has no unlock request shared-artifacts/,
  },
  {
    name: "runs a delete in the create-password task session",
    forged: (p, sandbox) => {
      const key = credentialsOf(sandbox, "444444444442").accessKeys[0]?.accessKeyId;
      return only(p, [
        {
          ...deleteAction("DeleteAccessKey", "444444444442", { accessKeyId: key }),
          taskPolicy: "IAMCreateRootUserPassword",
        },
      ]);
    },
    refused: ["444444444442 DeleteAccessKey"],
    why: /DeleteAccessKey runs in IAMDeleteRootUserCredentials, not IAMCreateRootUserPassword/,
  },
  {
    name: "an honest but older plan, applied after its account moved into an unmanaged OU",
    forged: (p) => p,
    meanwhile: (sandbox) => moveAccount(sandbox, "888888888802", "/Root/Quarantine"),
    refused: ["888888888802 DeleteAccessKey", "888888888802 DeleteLoginProfile"],
    why: /888888888802 legacy-erp — unjustified: account is refused: it is unmanaged by unmanaged\[0\]/,
  },
  {
    name: "an honest but older plan, applied after its account got a break-glass tag",
    forged: (p) => p,
    meanwhile: (sandbox) => tagAccount(sandbox, "777777777704", "root-access", "break-glass"),
    refused: ["777777777704 DeleteLoginProfile"],
    why: /exception security-break-glass .* sets password: allowed, which does not call for DeleteLoginProfile/,
  },
];

describe("forged and outdated plans are refused with no change (issue 11 corpus)", () => {
  it("holds at least 15 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)("$name", async (testCase) => {
    const sandbox = await start();
    const dir = temp();
    const file = join(dir, "forged.json");
    const forged = testCase.forged(honest, sandbox);
    writeFileSync(file, JSON.stringify(forged));
    testCase.meanwhile?.(sandbox);
    const before = sandbox.calls().length;

    const journal = join(dir, "journal.jsonl");
    const applied = await runAgainst(sandbox, ["apply", file, "--journal", journal, "--max-actions", "100"]);

    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(testCase.why);
    const calls = sandbox.calls().slice(before);
    const changed = mutatingCalls(calls);
    for (const refused of testCase.refused) expect(changed).not.toContain(refused);
    const refusedAccounts = testCase.refused.map((entry) => entry.split(" ")[0]).filter((id) => id !== "-");
    if (testCase.meanwhile === undefined) {
      // A plan made only of forged actions changes nothing at all, and opens no session on them.
      expect(changed).toEqual([]);
      const sessions = calls
        .filter((call) => call.operation === "AssumeRoot")
        .map((call) => call.targetAccount);
      for (const id of refusedAccounts) expect(sessions).not.toContain(id);
    }
    const records = readFileSync(journal, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { event: string; operation?: string; accountId?: string });
    for (const refused of testCase.refused) {
      const [account, operation] = refused.split(" ");
      expect(records).toContainEqual(
        expect.objectContaining({
          event: "unjustified",
          operation,
          ...(account === "-" ? {} : { accountId: account }),
        }),
      );
    }
  });

  it("still converges the honest plan when nothing changed (and re-plans to no changes)", async () => {
    const sandbox = await start();
    const dir = temp();
    const file = join(dir, "plan.json");
    writeFileSync(file, JSON.stringify(honest));
    const applied = await runAgainst(sandbox, ["apply", file, "--journal", join(dir, "journal.jsonl")]);
    const replanned = await runAgainst(sandbox, ["plan", "--quiet", "--detailed-exitcode"]);
    expect(applied.code).toBe(0);
    expect(replanned.code).toBe(0);
  });

  it("after a tag change still runs what the new governance justifies (the key), not what it forbids", async () => {
    const sandbox = await start();
    const dir = temp();
    const file = join(dir, "plan.json");
    writeFileSync(file, JSON.stringify(honest));
    const keys = credentialsOf(sandbox, "777777777704").accessKeys.map((entry) => entry.accessKeyId);
    tagAccount(sandbox, "777777777704", "root-access", "break-glass");

    await runAgainst(sandbox, ["apply", file, "--journal", join(dir, "journal.jsonl")]);

    const after = credentialsOf(sandbox, "777777777704");
    expect(keys).toHaveLength(2);
    expect(after.password.present).toBe(true);
    expect(after.accessKeys).toEqual([]);
  });
});
