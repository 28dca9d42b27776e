import { GetAccountSummaryCommand, ListAccessKeysCommand } from "@aws-sdk/client-iam";
import { AssumeRootCommand, GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { taskArn } from "../../src/sandbox/index.js";
import { clientsFor, clientsWith, expectAwsError, rootSession, sandboxes } from "./helpers.js";

const start = sandboxes();
const AUDIT = taskArn("IAMAuditRootUserCredentials");

function assume(sts: STSClient, target: string, arn = AUDIT, DurationSeconds?: number) {
  return sts.send(
    new AssumeRootCommand({ TargetPrincipal: target, TaskPolicyArn: { arn }, DurationSeconds }),
  );
}

describe("STS AssumeRoot", () => {
  it("issues 15-minute, task-scoped ASIA credentials the sandbox recognises", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const sandbox = await start({ now: () => now });
    const { sts } = clientsFor(sandbox);
    const { Credentials } = await assume(sts, "arn:aws:iam::444444444442:root");
    expect(Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials?.Expiration).toEqual(new Date("2026-11-22T12:15:00Z"));
    expect(sandbox.issuedSecrets()).toEqual(
      expect.arrayContaining([Credentials?.SecretAccessKey, Credentials?.SessionToken]),
    );
    const session = clientsWith(sandbox, {
      accessKeyId: Credentials?.AccessKeyId ?? "",
      secretAccessKey: Credentials?.SecretAccessKey ?? "",
      sessionToken: Credentials?.SessionToken ?? "",
    });
    const identity = await session.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("444444444442");
    const keys = await session.iam.send(new ListAccessKeysCommand({}));
    expect(keys.AccessKeyMetadata).toHaveLength(1);
    const calls = sandbox.calls();
    expect(calls.find((call) => call.operation === "AssumeRoot")).toMatchObject({
      service: "sts",
      account: "999999999999",
      caller: "management",
      targetAccount: "444444444442",
      taskPolicy: AUDIT,
      outcome: "ok",
    });
    expect(calls.at(-1)).toMatchObject({
      service: "iam",
      operation: "ListAccessKeys",
      account: "444444444442",
      caller: "root-session",
      taskPolicy: AUDIT,
      outcome: "ok",
    });
  });

  it("issues the same keys for the same seed and different keys for another", async () => {
    const keyWith = async (seed: number) =>
      (await assume(clientsFor(await start({ seed })).sts, "444444444441")).Credentials?.AccessKeyId;
    expect(await keyWith(7)).toBe(await keyWith(7));
    expect(await keyWith(7)).not.toBe(await keyWith(8));
  });

  it("refuses the management account, non-ACTIVE accounts and accounts outside the organization", async () => {
    const { sts } = clientsFor(await start());
    await expectAwsError(assume(sts, "999999999999"), "AccessDenied", /management account/);
    await expectAwsError(assume(sts, "131313131301"), "AccessDenied", /SUSPENDED/);
    await expectAwsError(assume(sts, "131313131302"), "AccessDenied", /PENDING_CLOSURE/);
    await expectAwsError(assume(sts, "101010101010"), "AccessDenied", /not a member/);
  });

  it("validates the duration and the task policy", async () => {
    const { sts } = clientsFor(await start());
    await expectAwsError(
      assume(sts, "444444444441", AUDIT, 901),
      "ValidationError",
      /less than or equal to 900/,
    );
    await expectAwsError(
      assume(sts, "444444444441", "arn:aws:iam::aws:policy/AdministratorAccess"),
      "ValidationError",
      /root-task/,
    );
    expect((await assume(sts, "444444444441", AUDIT, 60)).Credentials?.AccessKeyId).toBeDefined();
  });

  it("needs RootCredentialsManagement for the IAM tasks and RootSessions for the unlock tasks", async () => {
    const { sts } = clientsFor(await start());
    await expectAwsError(
      assume(sts, "444444444442", taskArn("S3UnlockBucketPolicy")),
      "AccessDenied",
      "Root sessions feature is not enabled for your AWS Organization.",
    );
    const minimal = clientsFor(await start({ fixture: { file: "test/fixtures/sandbox/minimal.yaml" } }));
    await expectAwsError(
      assume(minimal.sts, "100000000002"),
      "AccessDenied",
      "Service not enabled for AWS Organizations.",
    );
  });

  it("accepts the delegated admin, refuses a plain member and root sessions", async () => {
    const sandbox = await start();
    const delegated = await assume(clientsFor(sandbox, "delegated-admin").sts, "444444444441");
    expect(delegated.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    await expectAwsError(
      assume(clientsFor(sandbox, "member").sts, "444444444442"),
      "AccessDenied",
      /no identity-based policy/,
    );
    const session = await rootSession(sandbox, "444444444441", "IAMAuditRootUserCredentials");
    await expectAwsError(
      assume(session.sts, "444444444442"),
      "AccessDenied",
      /explicit deny in an identity-based policy/,
    );
  });

  it("expires sessions after DurationSeconds on the sandbox clock", async () => {
    let now = Date.parse("2026-11-22T12:00:00Z");
    const sandbox = await start({ now: () => new Date(now) });
    const session = await rootSession(sandbox, "666666666602", "IAMAuditRootUserCredentials");
    expect((await session.iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.MFADevices).toBe(3);
    now += 899_000;
    await session.iam.send(new GetAccountSummaryCommand({}));
    now += 2_000;
    await expectAwsError(session.iam.send(new GetAccountSummaryCommand({})), "ExpiredToken", /expired/);
    await expectAwsError(session.sts.send(new GetCallerIdentityCommand({})), "ExpiredToken");
    expect(sandbox.calls().at(-1)).toMatchObject({ outcome: "ExpiredToken", status: 403 });
  });

  it("rejects keys it never issued", async () => {
    const sandbox = await start();
    const stranger = clientsWith(sandbox, { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "x" });
    await expectAwsError(stranger.sts.send(new GetCallerIdentityCommand({})), "InvalidClientTokenId");
    const forged = clientsWith(sandbox, {
      accessKeyId: "ASIAIOSFODNN7EXAMPLE",
      secretAccessKey: "x",
      sessionToken: "y",
    });
    await expectAwsError(forged.iam.send(new GetAccountSummaryCommand({})), "InvalidClientTokenId");
  });
});
