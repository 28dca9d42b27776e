import { ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-organizations";
import { GetBucketPolicyCommand } from "@aws-sdk/client-s3";
import { GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { AssumeRootCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { taskArn } from "../../src/sandbox/index.js";
import { clientsFor, expectAwsError, sandboxes } from "./helpers.js";

const start = sandboxes();

describe("fault injection", () => {
  it("throttles with each service's real error", async () => {
    const sandbox = await start({ rateLimits: { organizations: 1, iam: 1, sts: 1, s3: 1, sqs: 1 } });
    const { organizations, iam, sts, s3, sqs } = clientsFor(sandbox);
    await organizations.send(new DescribeOrganizationCommand({}));
    await expectAwsError(
      organizations.send(new ListRootsCommand({})),
      "TooManyRequestsException",
      /too many requests/,
    );
    await iam.send(new ListOrganizationsFeaturesCommand({}));
    await expectAwsError(iam.send(new ListOrganizationsFeaturesCommand({})), "Throttling", "Rate exceeded");
    await sts.send(new GetCallerIdentityCommand({}));
    await expectAwsError(sts.send(new GetCallerIdentityCommand({})), "Throttling", "Rate exceeded");
    await expectAwsError(
      s3.send(new GetBucketPolicyCommand({ Bucket: "acme-shared-artifacts" })),
      "AccessDenied",
    );
    await expectAwsError(
      s3.send(new GetBucketPolicyCommand({ Bucket: "acme-shared-artifacts" })),
      "SlowDown",
    );
    await expectAwsError(sqs.send(new GetQueueUrlCommand({ QueueName: "none" })), "QueueDoesNotExist");
    await expectAwsError(sqs.send(new GetQueueUrlCommand({ QueueName: "none" })), "RequestThrottled");
    const throttled = sandbox.calls().filter((call) => call.injected === "throttled");
    expect(throttled.map((call) => [call.service, call.outcome])).toEqual([
      ["organizations", "TooManyRequestsException"],
      ["iam", "Throttling"],
      ["sts", "Throttling"],
      ["s3", "SlowDown"],
      ["sqs", "RequestThrottled"],
    ]);
    expect(throttled[1]).toMatchObject({ account: "999999999999", caller: "management", status: 400 });
  });

  it("names the account of a throttled AssumeRoot and of per-account Organizations reads in the call log", async () => {
    const sandbox = await start({ rateLimits: { "sts:AssumeRoot": 1 } });
    const { sts, organizations } = clientsFor(sandbox);
    const assume = () =>
      sts.send(
        new AssumeRootCommand({
          TargetPrincipal: "444444444442",
          TaskPolicyArn: { arn: taskArn("IAMAuditRootUserCredentials") },
        }),
      );
    await assume();
    await expectAwsError(assume(), "Throttling");
    await organizations.send(new ListTagsForResourceCommand({ ResourceId: "444444444442" }));

    expect(
      sandbox
        .calls()
        .map((call) => [call.operation, call.injected ?? "-", call.targetAccount, call.taskPolicy]),
    ).toEqual([
      ["AssumeRoot", "-", "444444444442", taskArn("IAMAuditRootUserCredentials")],
      ["AssumeRoot", "throttled", "444444444442", taskArn("IAMAuditRootUserCredentials")],
      ["ListTagsForResource", "-", "444444444442", undefined],
    ]);
  });

  it("lets the SDK's retries ride out throttling", async () => {
    const sandbox = await start({ rateLimits: { iam: 4 } });
    const { iam } = clientsFor(sandbox, "management", 8);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => iam.send(new ListOrganizationsFeaturesCommand({}))),
    );
    expect(results.every((result) => result.OrganizationId === "o-acme1234567")).toBe(true);
    const calls = sandbox.calls();
    expect(calls.filter((call) => call.outcome === "ok")).toHaveLength(8);
    expect(calls.some((call) => call.outcome === "Throttling")).toBe(true);
    expect(Math.max(...results.map((result) => result.$metadata.attempts ?? 1))).toBeGreaterThan(1);
  });

  it("limits one operation without touching the rest of its service", async () => {
    const sandbox = await start({ rateLimits: { "sts:AssumeRoot": 1 } });
    const { sts } = clientsFor(sandbox);
    const assume = () =>
      sts.send(
        new AssumeRootCommand({
          TargetPrincipal: "444444444441",
          TaskPolicyArn: { arn: taskArn("IAMAuditRootUserCredentials") },
        }),
      );
    await assume();
    await expectAwsError(assume(), "Throttling");
    await sts.send(new GetCallerIdentityCommand({}));
    await sts.send(new GetCallerIdentityCommand({}));
    // A throttled AssumeRoot still says which account and task it was for.
    expect(sandbox.calls().find((call) => call.injected === "throttled")).toMatchObject({
      operation: "AssumeRoot",
      targetAccount: "444444444441",
      taskPolicy: taskArn("IAMAuditRootUserCredentials"),
    });
  });

  it("injects internal errors, which the SDK retries", async () => {
    const failing = await start({ errorRate: 1 });
    const once = clientsFor(failing);
    await expectAwsError(once.iam.send(new ListOrganizationsFeaturesCommand({})), "ServiceFailureException");
    await expectAwsError(once.organizations.send(new ListRootsCommand({})), "ServiceException");
    await expectAwsError(once.sts.send(new GetCallerIdentityCommand({})), "InternalFailure");
    expect(failing.calls().map((call) => call.status)).toEqual([500, 500, 500]);
    const flaky = await start({ errorRate: 0.5, seed: 3 });
    const { iam } = clientsFor(flaky, "management", 10);
    for (let i = 0; i < 6; i++) await iam.send(new ListOrganizationsFeaturesCommand({}));
    expect(flaky.calls().filter((call) => call.injected === "error").length).toBeGreaterThan(0);
  });

  it("throttles a share of calls at random, which the SDK retries", async () => {
    const always = await start({ throttleRate: 1 });
    await expectAwsError(
      clientsFor(always).organizations.send(new ListRootsCommand({})),
      "TooManyRequestsException",
    );
    const sometimes = await start({ throttleRate: 0.3, seed: 1 });
    const { iam } = clientsFor(sometimes, "management", 10);
    for (let i = 0; i < 3; i++) await iam.send(new ListOrganizationsFeaturesCommand({}));
    expect(sometimes.calls().map((call) => call.outcome)).toEqual(["ok", "Throttling", "ok", "ok"]);
  });

  it("throttles a burst counted in calls of one operation, mid-run", async () => {
    const sandbox = await start({ throttleBurst: { key: "sts:GetCallerIdentity", after: 2, count: 2 } });
    const { sts, iam } = clientsFor(sandbox);
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      await iam.send(new ListOrganizationsFeaturesCommand({}));
      outcomes.push(
        await sts.send(new GetCallerIdentityCommand({})).then(
          () => "ok",
          (error: Error) => error.name,
        ),
      );
    }
    expect(outcomes).toEqual(["ok", "ok", "Throttling", "Throttling", "ok"]);
    expect(sandbox.calls().filter((call) => call.injected === "throttled")).toHaveLength(2);
    expect(
      sandbox
        .calls()
        .filter((call) => call.service === "iam")
        .every((call) => call.outcome === "ok"),
    ).toBe(true);
  });

  it("drops connections without an answer", async () => {
    const sandbox = await start({ dropRate: 1 });
    const { sts } = clientsFor(sandbox);
    const error = await sts
      .send(new GetCallerIdentityCommand({}))
      .catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(Error);
    expect(sandbox.calls()[0]).toMatchObject({ injected: "drop", outcome: "ConnectionDropped" });
  });

  it("adds latency with timers, so concurrent calls overlap", async () => {
    const sandbox = await start({ latencyMs: 150 });
    const { sts } = clientsFor(sandbox);
    await sts.send(new GetCallerIdentityCommand({}));
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => sts.send(new GetCallerIdentityCommand({}))));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(600);
    // The event counter says the same without a clock: all ten arrived before the first answer.
    const concurrent = sandbox.calls().slice(1);
    const firstAnswer = Math.min(...concurrent.map((call) => call.answered));
    expect(concurrent.every((call) => call.received < firstAnswer)).toBe(true);
  });

  it("orders arrivals and answers on one counter", async () => {
    const seen: string[] = [];
    const sandbox = await start({
      onCallReceived: (call) => seen.push(`${call.received} ${call.service}:${call.operation}`),
    });
    const { sts, iam } = clientsFor(sandbox);
    await sts.send(new GetCallerIdentityCommand({}));
    await iam.send(new ListOrganizationsFeaturesCommand({}));

    expect(seen).toEqual(["1 sts:GetCallerIdentity", "3 iam:ListOrganizationsFeatures"]);
    expect(sandbox.calls().map((call) => [call.operation, call.received, call.answered])).toEqual([
      ["GetCallerIdentity", 1, 2],
      ["ListOrganizationsFeatures", 3, 4],
    ]);
  });

  it("keeps rate limits per service independent", async () => {
    const sandbox = await start({ rateLimits: { organizations: 1 } });
    const { iam, organizations } = clientsFor(sandbox);
    await organizations.send(new ListRootsCommand({}));
    await expectAwsError(organizations.send(new ListRootsCommand({})), "TooManyRequestsException");
    const features = await Promise.all(
      [1, 2, 3].map(() => iam.send(new ListOrganizationsFeaturesCommand({}))),
    );
    expect(features.map((result) => result.OrganizationId)).toEqual([
      "o-acme1234567",
      "o-acme1234567",
      "o-acme1234567",
    ]);
  });
});
