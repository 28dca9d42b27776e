import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_AUDIT_OPTIONS, runAudit } from "../../src/audit/run-audit.js";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import { createAwsClients } from "../../src/aws/clients.js";
import type { SandboxFixtureInput } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { leakedSecrets, readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();

/** The sandbox prints `…T00:00:00Z`, the snapshot `…T00:00:00.000Z`: the same instants. */
function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function normalizeTimes(value: unknown): unknown {
  if (typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value)) return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map(normalizeTimes);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, normalizeTimes(entry)]));
  return value;
}
const temp = tempDirs();

const rootDeny = (action: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Deny",
        Action: action,
        Resource: "*",
        Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
      },
    ],
  });

/** Many credentials per account, so every list must page at pageSize 2. */
const heavy: SandboxFixtureInput = {
  apiVersion: "rootward/sandbox-v1",
  kind: "SandboxOrganization",
  organization: { id: "o-heavy000001", managementAccountId: "200000000001" },
  features: { rootCredentialsManagement: "enabled", rootSessions: "disabled" },
  trustedAccess: [{ servicePrincipal: "iam.amazonaws.com" }],
  organizationalUnits: [{ path: "/Root/Workloads" }, { path: "/Root/Locked" }],
  policies: [
    {
      id: "p-denysummary1",
      name: "DenyRootEverything",
      targets: ["/Root/Locked"],
      content: JSON.parse(rootDeny("iam:*")),
    },
  ],
  accounts: [
    { id: "200000000001", name: "management", email: "m@heavy.example" },
    {
      id: "200000000002",
      name: "everything",
      email: "e@heavy.example",
      ou: "/Root/Workloads",
      root: {
        password: { created: "2024-01-01", lastUsed: "2026-11-01" },
        accessKeys: [
          {
            status: "Active",
            created: "2020-01-01",
            lastUsed: { date: "2026-11-17", service: "ec2", region: "eu-west-1" },
          },
          { status: "Inactive", created: "2019-01-01" },
          { status: "Active", created: "2021-01-01" },
        ],
        mfaDevices: [
          { type: "virtual", name: "root-phone", enabled: "2024-02-01" },
          { type: "hardware", enabled: "2024-03-01" },
          { type: "hardware", enabled: "2024-04-01" },
        ],
        signingCertificates: [
          { status: "Active", uploaded: "2018-01-01" },
          { status: "Inactive", uploaded: "2018-02-01" },
          { status: "Active", uploaded: "2018-03-01" },
        ],
      },
    },
    { id: "200000000003", name: "clean", email: "c@heavy.example", ou: "/Root/Workloads" },
    {
      id: "200000000004",
      name: "locked",
      email: "l@heavy.example",
      ou: "/Root/Locked",
      root: { password: { created: "2024-01-01" } },
    },
    { id: "200000000005", name: "gone", email: "g@heavy.example", state: "SUSPENDED" },
  ],
};

describe("rootward audit against the sandbox", () => {
  it("matches the example organization exactly, for every account and credential kind", async () => {
    const sandbox = await start({ pageSize: 2 });
    const out = join(temp(), "audit.json");

    const run = await runAgainst(sandbox, ["audit", "--out", out, "--quiet"]);

    expect(run.stderr).toContain("wrote");
    expect(run.code).toBe(0);
    const snapshot = readJson<AuditSnapshot>(out);
    const state = sandbox.state();
    expect(snapshot.organization).toMatchObject({
      id: "o-acme1234567",
      managementAccountId: "999999999999",
      featureSet: "ALL",
    });
    expect(snapshot.features).toEqual({
      trustedAccess: true,
      rootCredentialsManagement: true,
      rootSessions: false,
    });
    expect(snapshot.caller).toEqual({
      accountId: "999999999999",
      arn: "arn:aws:iam::999999999999:user/sandbox-admin",
    });
    expect(snapshot.accounts.map((account) => account.id)).toEqual(
      state.accounts.map((account) => account.id).sort(),
    );
    for (const account of snapshot.accounts) {
      const live = state.accounts.find((entry) => entry.id === account.id);
      expect(account).toMatchObject({
        name: live?.name,
        ouPath: live?.ouPath,
        state: live?.state,
        tags: live?.tags,
      });
      if (account.status !== "audited") continue;
      const expected = live?.rootCredentials;
      expect(account.rootCredentials).toEqual(
        normalizeTimes({
          ...expected,
          accessKeys: sortBy(expected?.accessKeys ?? [], (key) => key.accessKeyId),
          mfaDevices: sortBy(
            (expected?.mfaDevices ?? [])
              .filter((device) => device.active)
              .map(({ active: _active, ...device }) => device),
            (device) => device.serialNumber,
          ),
          signingCertificates: sortBy(
            expected?.signingCertificates ?? [],
            (certificate) => certificate.certificateId,
          ),
        }),
      );
    }
    expect(snapshot.serviceControlPolicies.map((policy) => policy.name).sort()).toEqual(
      state.policies.map((policy) => policy.name).sort(),
    );
    expect(run.stdout).toContain("37 accounts: 23 clean, 11 with root credentials, 3 skipped, 0 failed");
  });

  it("pages keys, MFA devices and certificates and records skipped and failed accounts with reasons", async () => {
    const sandbox = await start({ fixture: heavy, pageSize: 2 });
    const out = join(temp(), "audit.json");

    const run = await runAgainst(sandbox, ["audit", "--out", out, "--quiet", "--format", "json"]);

    expect(run.code).toBe(1);
    const snapshot = readJson<AuditSnapshot>(out);
    const byId = (id: string) => snapshot.accounts.find((account) => account.id === id);
    const everything = byId("200000000002")?.rootCredentials;
    expect(everything?.password).toEqual({
      present: true,
      createDate: "2024-01-01T00:00:00.000Z",
      lastUsed: "2026-11-01T00:00:00.000Z",
    });
    expect(everything?.accessKeys).toHaveLength(3);
    expect(everything?.accessKeys.find((key) => key.lastUsedService === "ec2")).toMatchObject({
      lastUsedRegion: "eu-west-1",
      lastUsedDate: "2026-11-17T00:00:00.000Z",
    });
    expect(everything?.mfaDevices.map((device) => device.type).sort()).toEqual([
      "hardware",
      "hardware",
      "virtual",
    ]);
    expect(everything?.signingCertificates).toHaveLength(3);
    expect(byId("200000000001")).toMatchObject({ status: "skipped", reasonCode: "management-account" });
    expect(byId("200000000005")).toMatchObject({
      status: "skipped",
      reasonCode: "not-active",
      reason: "account is SUSPENDED",
    });
    expect(byId("200000000004")).toMatchObject({
      status: "failed",
      reasonCode: "error",
      errorCode: "AccessDenied",
    });
    expect(byId("200000000004")?.reason).toContain("service control policy");
    expect(run.stdout).toBe("");
  });

  it("spends exactly two audit calls on a clean account (plus its tags), and lists every kind with --thorough", async () => {
    const sandbox = await start({ fixture: heavy, pageSize: 2 });

    await runAgainst(sandbox, ["audit", "--quiet", "--format", "json"]);
    const cleanCalls = sandbox
      .calls()
      .filter((call) => call.account === "200000000003" || call.targetAccount === "200000000003");
    sandbox.reset();
    await runAgainst(sandbox, ["audit", "--quiet", "--format", "json", "--thorough"]);
    const thoroughCalls = sandbox
      .calls()
      .filter((call) => call.account === "200000000003" || call.targetAccount === "200000000003");

    // The example desired state selects by tag, so each account's tags are read (alongside the
    // session); the call log names the account for that Organizations call too.
    expect(cleanCalls.map((call) => call.operation).sort()).toEqual([
      "AssumeRoot",
      "GetAccountSummary",
      "ListTagsForResource",
    ]);
    expect(thoroughCalls.map((call) => call.operation).sort()).toEqual(
      [
        "ListTagsForResource",
        "AssumeRoot",
        "GetLoginProfile",
        "GetUser",
        "ListAccessKeys",
        "ListMFADevices",
        "ListSigningCertificates",
      ].sort(),
    );
  });

  it("records accounts as unaudited when root credentials management is off, without trying AssumeRoot", async () => {
    const sandbox = await start({
      fixture: { ...heavy, features: { rootCredentialsManagement: "disabled", rootSessions: "disabled" } },
    });

    const run = await runAgainst(sandbox, ["audit", "--quiet", "--format", "json"]);

    const snapshot = JSON.parse(run.stdout) as AuditSnapshot;
    expect(run.code).toBe(0);
    expect(
      snapshot.accounts.filter((account) => account.status === "unaudited").map((account) => account.id),
    ).toEqual(["200000000002", "200000000003", "200000000004"]);
    expect(sandbox.calls().some((call) => call.operation === "AssumeRoot")).toBe(false);
  });

  it("survives throttling, 5xx errors and dropped connections with no failed account", async () => {
    const sandbox = await start({
      accounts: 120,
      rateLimits: { "sts:AssumeRoot": 40, iam: 60 },
      // Injected throttling as well as the rate limits: whether a token bucket runs dry depends
      // on how fast this machine is, and the test must see throttling either way.
      throttleRate: 0.03,
      errorRate: 0.03,
      dropRate: 0.01,
      seed: 7,
    });

    const run = await runAgainst(sandbox, ["audit", "--quiet", "--format", "json", "--concurrency", "24"]);

    const snapshot = JSON.parse(run.stdout) as AuditSnapshot;
    // The generated organization is realistic: a classic deny-root SCP (no aws:AssumedRoot
    // exemption) on its small Restricted OU denies the audit there. Nothing else may fail.
    const restricted = sandbox
      .state()
      .accounts.filter(
        (account) => account.ouPath === "/Root/Legacy/Mainframe/Restricted" && account.state === "ACTIVE",
      )
      .map((account) => account.id);
    const failed = snapshot.accounts.filter((account) => account.status === "failed");
    expect(restricted.length).toBeGreaterThan(0);
    expect(failed.map((account) => account.id)).toEqual(restricted);
    for (const account of failed) expect(account.reason).toMatch(/explicit deny in a service control policy/);
    expect(run.code).toBe(1);
    const injected = sandbox.calls().filter((call) => call.injected !== undefined);
    expect(injected.some((call) => call.injected === "throttled")).toBe(true);
    expect(injected.some((call) => call.injected === "error")).toBe(true);
    expect(injected.some((call) => call.injected === "drop")).toBe(true);
  });

  it("never prints or writes a secret the sandbox issued", async () => {
    const sandbox = await start({ fixture: heavy, pageSize: 2 });
    const out = join(temp(), "audit.json");

    const text = await runAgainst(sandbox, ["audit", "--out", out]);
    const json = await runAgainst(sandbox, ["audit", "--format", "json", "--quiet"]);

    const outputs = [text.stdout, text.stderr, json.stdout, json.stderr, JSON.stringify(readJson(out))];
    expect(sandbox.issuedSecrets().length).toBeGreaterThan(3);
    expect(leakedSecrets(sandbox, outputs)).toEqual([]);
  });

  it("explains what to do when nothing answers at the endpoint", async () => {
    const sandbox = await start();
    await sandbox.stop();

    const run = await runAgainst(sandbox, ["audit", "--quiet"]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: cannot reach http:\/\/127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL\) for \w+:\w+: connection refused \(ECONNREFUSED\)/,
    );
    expect(run.stderr).toContain("hint: nothing listens at AWS_ENDPOINT_URL: is `rootward sandbox`");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("per-account deadline", () => {
  it("records an account that does not answer in time as failed, and still finishes the audit", async () => {
    const sandbox = await start({ fixture: heavy, latencyMs: 150 });
    const clients = await createAwsClients({ ...sandbox.env() });

    const snapshot = await runAudit(clients, {
      ...DEFAULT_AUDIT_OPTIONS,
      accountDeadlineMs: 100,
      now: () => new Date(),
    });

    const audited = snapshot.accounts.filter((account) => account.reasonCode === "deadline");
    expect(audited.map((account) => account.id).sort()).toEqual([
      "200000000002",
      "200000000003",
      "200000000004",
    ]);
    expect(audited[0]).toMatchObject({ status: "failed", errorCode: "Deadline" });
    clients.close();
  });
});
