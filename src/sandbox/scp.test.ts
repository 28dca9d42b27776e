import { describe, expect, it } from "vitest";
import { parseScpContent } from "../scp/statements.js";
import { loadFixture } from "./fixture-load.js";
import type { SandboxFixtureInput } from "./fixture-schema.js";
import { globMatch, type ScpContext, scpDenial } from "./scp.js";

const ROOT_SESSION = { "aws:principalarn": "arn:aws:iam::200000000002:root", "aws:assumedroot": "true" };
const LONG_TERM_ROOT = { "aws:principalarn": "arn:aws:iam::200000000002:root" };
const ADMIN_USER = { "aws:principalarn": "arn:aws:iam::200000000002:user/admin" };

function orgWith(statement: Record<string, unknown>, target = "/Root/Workloads") {
  const fixture: SandboxFixtureInput = {
    apiVersion: "rootward/sandbox-v1",
    kind: "SandboxOrganization",
    organization: { id: "o-scptest0001", managementAccountId: "200000000001" },
    organizationalUnits: [{ path: "/Root/Workloads/Prod" }],
    accounts: [
      { id: "200000000001", name: "management", email: "m@scp.example" },
      { id: "200000000002", name: "prod", email: "p@scp.example", ou: "/Root/Workloads/Prod" },
    ],
    policies: [
      {
        id: "p-fullaccess1",
        name: "FullAWSAccess",
        targets: ["/Root"],
        content: { Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      },
      {
        id: "p-undertest01",
        name: "UnderTest",
        targets: [target],
        content: { Version: "2012-10-17", Statement: [statement] },
      },
    ],
  };
  return loadFixture(fixture);
}

function denied(
  statement: Record<string, unknown>,
  context: Partial<ScpContext>,
  account = "200000000002",
): boolean {
  const full: ScpContext = {
    action: "iam:GetAccountSummary",
    resource: "arn:aws:iam::200000000002:root",
    keys: ROOT_SESSION,
    ...context,
  };
  return scpDenial(orgWith(statement), account, full) !== undefined;
}

describe("SCP evaluation", () => {
  it("matches actions with wildcards, case-insensitively, and NotAction as the complement", () => {
    expect(denied({ Effect: "Deny", Action: "iam:*", Resource: "*" }, {})).toBe(true);
    expect(denied({ Effect: "Deny", Action: "IAM:get*", Resource: "*" }, {})).toBe(true);
    expect(denied({ Effect: "Deny", Action: ["s3:*", "iam:Delete*"], Resource: "*" }, {})).toBe(false);
    expect(denied({ Effect: "Deny", NotAction: ["iam:Get*"], Resource: "*" }, {})).toBe(false);
    expect(denied({ Effect: "Deny", NotAction: ["iam:Delete*"], Resource: "*" }, {})).toBe(true);
    expect(denied({ Effect: "Allow", Action: "*", Resource: "*" }, {})).toBe(false);
  });

  it("matches resources and NotResource", () => {
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:iam::*:root" }, {})).toBe(true);
    expect(denied({ Effect: "Deny", Action: "*", Resource: "arn:aws:iam::*:user/*" }, {})).toBe(false);
    expect(denied({ Effect: "Deny", Action: "*", NotResource: "arn:aws:iam::*:root" }, {})).toBe(false);
  });

  it("evaluates the classic deny-root SCP: it also blocks root sessions", () => {
    const classic = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
    };
    expect(denied(classic, {})).toBe(true);
    expect(denied(classic, { keys: ADMIN_USER })).toBe(false);
  });

  it("evaluates the AWS sample: the Null aws:AssumedRoot exemption lets root sessions through", () => {
    const sample = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: {
        ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::*:root"] },
        Null: { "aws:AssumedRoot": "true" },
      },
    };
    expect(denied(sample, { keys: ROOT_SESSION })).toBe(false);
    expect(denied(sample, { keys: LONG_TERM_ROOT })).toBe(true);
    expect(denied(sample, { keys: ADMIN_USER })).toBe(false);
  });

  it("treats a missing key as matching negated operators and …IfExists, never positive ones", () => {
    const notEquals = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:PrincipalTag/team": "security" } },
    };
    expect(denied(notEquals, {})).toBe(true);
    const ifExists = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringEqualsIfExists: { "aws:PrincipalTag/team": "x" } },
    };
    expect(denied(ifExists, {})).toBe(true);
    const positive = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalTag/team": "x" } },
    };
    expect(denied(positive, {})).toBe(false);
    const bool = {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { Bool: { "aws:AssumedRoot": "true" } },
    };
    expect(denied(bool, {})).toBe(true);
  });

  it("applies policies on ancestors, never to the management account", () => {
    const deny = { Effect: "Deny", Action: "*", Resource: "*" };
    expect(denied(deny, {})).toBe(true);
    const atRoot = orgWith(deny, "/Root");
    const context = { action: "iam:GetUser", resource: "*", keys: ROOT_SESSION };
    expect(scpDenial(atRoot, "200000000002", context)?.name).toBe("UnderTest");
    expect(scpDenial(atRoot, "200000000001", context)).toBeUndefined();
  });

  it("refuses policies it could misjudge", () => {
    expect(() =>
      parseScpContent(
        '{"Statement":{"Effect":"Deny","Action":"*","Condition":{"IpAddress":{"aws:SourceIp":"1.2.3.4"}}}}',
      ),
    ).toThrow(/IpAddress is not supported/);
    expect(() => parseScpContent('{"Statement":[{"Effect":"deny","Action":"*"}]}')).toThrow(/Effect/);
    expect(() => parseScpContent("not json")).toThrow(/not JSON/);
  });

  it("globs like IAM", () => {
    expect(globMatch("arn:aws:iam::*:root", "arn:aws:iam::123456789012:root", false)).toBe(true);
    expect(globMatch("iam:Get?ser", "iam:GetUser", true)).toBe(true);
    expect(globMatch("a.b", "axb", false)).toBe(false);
  });
});
