import { describe, expect, it } from "vitest";
import { DEFAULT_AUDIT_OPTIONS, runAudit } from "../../src/audit/run-audit.js";
import { createAwsClients } from "../../src/aws/clients.js";
import { mayDeny, serviceControlPolicies } from "../../src/aws/service-control-policies.js";
import { addPolicy } from "../../src/sandbox/org-builder.js";
import { parseScpContent } from "../../src/scp/statements.js";
import { sandboxes } from "../sandbox/helpers.js";

const start = sandboxes();
const NOW = new Date("2026-11-22T12:00:00Z");

const DENY_REGIONS = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      NotAction: ["iam:*", "sts:*", "organizations:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } },
    },
  ],
});

describe("reading SCPs during the audit", () => {
  it("audits accounts while the SCPs are still being read, and lists targets only for policies that can deny", async () => {
    const sandbox = await start({ latencyMs: 20 });
    const org = sandbox.organization();
    const [ou] = org.ous;
    for (let index = 0; index < 40; index++) {
      const id = `p-denyregion${String(index).padStart(2, "0")}`;
      addPolicy(
        org,
        {
          id,
          name: `DenyRegions${index}`,
          description: "",
          awsManaged: false,
          content: DENY_REGIONS,
          statements: parseScpContent(DENY_REGIONS),
        },
        [ou?.id ?? org.rootId],
      );
    }
    const denying = [...org.policies.values()].filter((policy) =>
      policy.statements.some((statement) => statement.effect === "Deny"),
    );

    const clients = await createAwsClients(sandbox.env());
    const snapshot = await runAudit(clients, { ...DEFAULT_AUDIT_OPTIONS, now: () => NOW }).finally(() =>
      clients.close(),
    );

    const calls = sandbox.calls();
    const firstAssumeRoot = calls.find((call) => call.operation === "AssumeRoot")?.seq ?? Infinity;
    const scpReads = calls.filter((call) =>
      ["DescribePolicy", "ListTargetsForPolicy"].includes(call.operation),
    );
    expect(scpReads.length).toBeGreaterThan(80);
    expect(firstAssumeRoot).toBeLessThan(scpReads.at(-1)?.seq ?? 0);
    expect(calls.filter((call) => call.operation === "ListTargetsForPolicy")).toHaveLength(denying.length);
    const full = snapshot.serviceControlPolicies.find((policy) => policy.id === "p-FullAWSAccess");
    expect(full).toMatchObject({ targets: [], targetsListed: false, awsManaged: true });
    expect(snapshot.serviceControlPolicies.find((policy) => policy.id === "p-denyregion07")).toMatchObject({
      targets: [ou?.id],
    });
    expect(
      snapshot.serviceControlPolicies
        .filter((policy) => policy.targetsListed === undefined)
        .map((policy) => policy.id),
    ).toEqual(denying.map((policy) => policy.id).sort());
    expect(snapshot.unread).toBeUndefined();
  });

  it("stops reading when the audit that started it fails: rejects, and no call follows", async () => {
    const sandbox = await start({ latencyMs: 20 });
    const org = sandbox.organization();
    for (let index = 0; index < 40; index++) {
      addPolicy(
        org,
        {
          id: `p-denyregion${String(index).padStart(2, "0")}`,
          name: `DenyRegions${index}`,
          description: "",
          awsManaged: false,
          content: DENY_REGIONS,
          statements: parseScpContent(DENY_REGIONS),
        },
        [org.rootId],
      );
    }
    const clients = await createAwsClients(sandbox.env());
    const stop = new AbortController();
    const reads = () => sandbox.calls().filter((call) => call.operation === "DescribePolicy").length;

    const reading = serviceControlPolicies(clients.organizations, { signal: stop.signal }).then(
      () => "resolved",
      (error: unknown) => (error instanceof Error ? error.name : "rejected"),
    );
    await expect.poll(reads, { interval: 5, timeout: 10_000 }).toBeGreaterThan(0);
    stop.abort();
    const outcome = await reading;
    // Requests already on the wire may still reach the sandbox a moment later; after that, nothing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const settled = sandbox.calls().length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    clients.close();

    expect(outcome).toBe("AbortError");
    expect(sandbox.calls().length).toBe(settled);
    expect(reads()).toBeLessThan(org.policies.size);
  });
});

describe("mayDeny", () => {
  it.each([
    ["FullAWSAccess", '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', false],
    ["a single statement object", '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', false],
    ["no statements", "{}", false],
    ["a Deny", DENY_REGIONS, true],
    [
      "Allow and Deny",
      '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}',
      true,
    ],
    ["content that is not JSON", "{not json", true],
    [
      "a condition operator rootward does not evaluate",
      '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}',
      true,
    ],
  ])("%s → %s", (_name, content, expected) => {
    expect(mayDeny(content)).toBe(expected);
  });
});
