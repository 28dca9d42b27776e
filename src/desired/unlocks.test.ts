import { describe, expect, it } from "vitest";
import { desiredFrom, NOW, policyYaml } from "../../test/support/builders.js";
import { loadDesiredState } from "./load.js";
import { queueArn, queueUrlAccount, queueUrlRegion } from "./queue-url.js";
import { bucketNameProblem } from "./schema.js";

function unlock(name: string, target: string, account = "444444444442"): string {
  return [
    `  - name: ${name}`,
    `    account: "${account}"`,
    `    ${target}`,
    "    reason: A deny-all policy locks everyone out",
    "    owner: platform@example.com",
  ].join("\n");
}

function load(unlocks: string) {
  const text = policyYaml({ unlocks });
  return loadDesiredState(
    "desired-state",
    [{ path: "policy.yaml", name: "policy.yaml", content: new TextEncoder().encode(text) }],
    NOW,
  );
}

describe("unlock requests in the desired state", () => {
  it("become rules with their target and source location", () => {
    const state = desiredFrom({
      "desired-state/policy.yaml": policyYaml({
        unlocks: [
          unlock("artifacts", "s3Bucket: acme-shared-artifacts"),
          unlock("events", "sqsQueueUrl: https://sqs.eu-west-1.amazonaws.com/444444444442/events.fifo"),
          "    ticket: SEC-77",
        ].join("\n"),
      }),
    });

    expect(state.unlocks).toEqual([
      {
        name: "artifacts",
        accountId: "444444444442",
        target: { kind: "s3-bucket", bucket: "acme-shared-artifacts" },
        reason: "A deny-all policy locks everyone out",
        owner: "platform@example.com",
        location: { file: "desired-state/policy.yaml", line: 18, col: 5 },
      },
      {
        name: "events",
        accountId: "444444444442",
        target: {
          kind: "sqs-queue",
          queueUrl: "https://sqs.eu-west-1.amazonaws.com/444444444442/events.fifo",
        },
        reason: "A deny-all policy locks everyone out",
        owner: "platform@example.com",
        ticket: "SEC-77",
        location: { file: "desired-state/policy.yaml", line: 23, col: 5 },
      },
    ]);
  });

  it("counts the requests in the validation summary only when there are any", () => {
    expect(load(unlock("artifacts", "s3Bucket: acme-shared-artifacts")).summary).toEqual({
      files: 1,
      exceptions: 0,
      unmanaged: 0,
      unlocks: 1,
    });
    const none = loadDesiredState(
      "desired-state",
      [{ path: "policy.yaml", name: "policy.yaml", content: new TextEncoder().encode(policyYaml()) }],
      NOW,
    );
    expect(none.summary).toEqual({ files: 1, exceptions: 0, unmanaged: 0 });
    expect(none.state?.unlocks).toEqual([]);
  });

  it.each([
    ["a sandbox queue over http on 127.0.0.1", "http://127.0.0.1:4566/444444444442/events", []],
    ["a sandbox queue over http on localhost", "http://localhost:4566/444444444442/events", []],
    [
      "a plain-http queue elsewhere",
      "http://sqs.us-east-1.amazonaws.com/444444444442/events",
      ["invalid-value"],
    ],
    [
      "a queue name longer than 80 characters",
      `https://sqs.us-east-1.amazonaws.com/444444444442/${"q".repeat(81)}`,
      ["invalid-value"],
    ],
    [
      "a queue URL with a query",
      "https://sqs.us-east-1.amazonaws.com/444444444442/events?x=1",
      ["invalid-value"],
    ],
  ])("queue URL: %s", (_label, url, codes) => {
    const result = load(unlock("events", `sqsQueueUrl: ${url}`));
    expect(result.problems.map((problem) => problem.code)).toEqual(codes);
  });
});

describe("bucketNameProblem", () => {
  it.each([
    ["acme-shared-artifacts", undefined],
    ["acme.shared.artifacts", undefined],
    ["acme..artifacts", "a bucket name has no two adjacent periods"],
    ["10.0.0.1", "a bucket name is not formatted as an IP address"],
    ["sthree-logs", "a bucket name cannot start with the reserved prefix `sthree-`"],
    ["amzn-s3-demo-bucket", "a bucket name cannot start with the reserved prefix `amzn-s3-demo-`"],
    ["logs--x-s3", "a bucket name cannot end with the reserved suffix `--x-s3`"],
    ["logs.mrap", "a bucket name cannot end with the reserved suffix `.mrap`"],
    // The pattern (3–63 lowercase characters) reports these; the extra rules stay silent.
    ["AB", undefined],
  ])("%s → %s", (name, problem) => {
    expect(bucketNameProblem(name)).toBe(problem);
  });
});

describe("queueUrlAccount", () => {
  it("reads the owning account from the path, whatever the host", () => {
    expect(queueUrlAccount("https://sqs.us-east-1.amazonaws.com/444444444442/events")).toBe("444444444442");
    expect(queueUrlAccount("https://vpce-0a1b.sqs.us-east-1.vpce.amazonaws.com/111122223333/q")).toBe(
      "111122223333",
    );
    expect(queueUrlAccount("arn:aws:sqs:us-east-1:444444444442:events")).toBeUndefined();
  });
});

describe("queueUrlRegion and queueArn", () => {
  it.each([
    [
      "https://sqs.eu-west-1.amazonaws.com/444444444442/events",
      "eu-west-1",
      "arn:aws:sqs:eu-west-1:444444444442:events",
    ],
    [
      "https://sqs.cn-north-1.amazonaws.com.cn/444444444442/events",
      "cn-north-1",
      "arn:aws-cn:sqs:cn-north-1:444444444442:events",
    ],
    [
      "https://sqs.us-east-2.api.aws/444444444442/events",
      "us-east-2",
      "arn:aws:sqs:us-east-2:444444444442:events",
    ],
    [
      "https://ap-southeast-2.queue.amazonaws.com/444444444442/events",
      "ap-southeast-2",
      "arn:aws:sqs:ap-southeast-2:444444444442:events",
    ],
    [
      "https://queue.amazonaws.com/444444444442/events",
      "us-east-1",
      "arn:aws:sqs:us-east-1:444444444442:events",
    ],
    ["http://127.0.0.1:4566/444444444442/events.fifo", undefined, "arn:aws:sqs:*:444444444442:events.fifo"],
  ])("%s", (url, region, arn) => {
    expect(queueUrlRegion(url)).toBe(region);
    expect(queueArn(url)).toBe(arn);
  });
});
