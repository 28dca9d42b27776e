import { describe, expect, it } from "vitest";
import { decide, type PolicyDecision } from "./decide.js";
import type { ScpContext } from "./evaluate.js";
import { parseIdentityPolicy } from "./statements.js";

const AUDIT = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";
const DELETE = "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials";

/** The request context the sandbox builds: condition keys in lower case. */
function request(action: string, resource: string, keys: Record<string, string> = {}): ScpContext {
  return {
    action,
    resource,
    keys: {
      "aws:principalarn": "arn:aws:iam::999999999999:role/rootward-plan",
      "aws:principalaccount": "999999999999",
      ...keys,
    },
  };
}

function decision(statements: unknown[][], context: ScpContext): PolicyDecision["decision"] {
  return decide(
    statements.map((Statement) => parseIdentityPolicy({ Version: "2012-10-17", Statement })),
    context,
  ).decision;
}

const allowAll = { Effect: "Allow", Action: "*", Resource: "*" };
const assumeAudit = {
  Effect: "Allow",
  Action: "sts:AssumeRoot",
  Resource: "arn:aws:iam::*:root",
  Condition: { StringEquals: { "sts:TaskPolicyARN": AUDIT } },
};

describe("identity-based policy decisions", () => {
  const cases: [string, unknown[][], ScpContext, PolicyDecision["decision"]][] = [
    ["nothing matches: implicit deny", [[]], request("organizations:ListAccounts", "*"), "implicit-deny"],
    ["Allow *", [[allowAll]], request("organizations:ListAccounts", "*"), "allow"],
    [
      "a Deny in another policy wins",
      [[allowAll], [{ Effect: "Deny", Action: "organizations:List*", Resource: "*" }]],
      request("organizations:ListAccounts", "*"),
      "explicit-deny",
    ],
    [
      "action names compare case-insensitively",
      [[{ Effect: "Allow", Action: "Organizations:listaccounts", Resource: "*" }]],
      request("organizations:ListAccounts", "*"),
      "allow",
    ],
    [
      "? matches one character",
      [[{ Effect: "Allow", Action: "organizations:ListRoot?", Resource: "*" }]],
      request("organizations:ListRoots", "*"),
      "allow",
    ],
    [
      "NotAction allows everything else",
      [[{ Effect: "Allow", NotAction: ["iam:*"], Resource: "*" }]],
      request("iam:ListOrganizationsFeatures", "*"),
      "implicit-deny",
    ],
    [
      "Resource wildcard within the account segment",
      [[{ Effect: "Allow", Action: "sts:AssumeRoot", Resource: "arn:aws:iam::4444444444*:root" }]],
      request("sts:AssumeRoot", "arn:aws:iam::444444444441:root"),
      "allow",
    ],
    [
      "Resource names another account",
      [[{ Effect: "Allow", Action: "sts:AssumeRoot", Resource: "arn:aws:iam::444444444441:root" }]],
      request("sts:AssumeRoot", "arn:aws:iam::444444444442:root"),
      "implicit-deny",
    ],
    [
      "NotResource excludes",
      [[{ Effect: "Deny", Action: "*", NotResource: "arn:aws:iam::*:root" }, allowAll]],
      request("sts:AssumeRoot", "arn:aws:iam::444444444442:root"),
      "allow",
    ],
    [
      "sts:TaskPolicyARN in the policy matches the request's sts:TaskPolicyArn",
      [[assumeAudit]],
      request("sts:AssumeRoot", "arn:aws:iam::444444444442:root", { "sts:taskpolicyarn": AUDIT }),
      "allow",
    ],
    [
      "another task is not allowed",
      [[assumeAudit]],
      request("sts:AssumeRoot", "arn:aws:iam::444444444442:root", { "sts:taskpolicyarn": DELETE }),
      "implicit-deny",
    ],
    [
      "StringEquals on an absent key does not hold",
      [[assumeAudit]],
      request("sts:AssumeRoot", "arn:aws:iam::444444444442:root"),
      "implicit-deny",
    ],
    [
      "…IfExists holds on an absent key",
      [[{ ...allowAll, Condition: { StringEqualsIfExists: { "sts:TaskPolicyArn": AUDIT } } }]],
      request("organizations:ListRoots", "*"),
      "allow",
    ],
    [
      "a negated operator holds on an absent key",
      [[{ ...allowAll, Condition: { StringNotEquals: { "sts:TaskPolicyArn": DELETE } } }]],
      request("organizations:ListRoots", "*"),
      "allow",
    ],
    [
      "StringNotLike refuses a matching value",
      [[{ ...allowAll, Condition: { StringNotLike: { "sts:TaskPolicyArn": "*Delete*" } } }]],
      request("sts:AssumeRoot", "arn:aws:iam::444444444442:root", { "sts:taskpolicyarn": DELETE }),
      "implicit-deny",
    ],
    [
      "ArnEquals takes wildcards per ARN segment",
      [[{ ...allowAll, Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*:role/rootward-*" } } }]],
      request("organizations:ListRoots", "*"),
      "allow",
    ],
    [
      "an ARN wildcard does not run across segments",
      [[{ ...allowAll, Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:rootward-plan" } } }]],
      request("organizations:ListRoots", "*"),
      "implicit-deny",
    ],
    [
      "aws:PrincipalAccount",
      [
        [
          {
            ...allowAll,
            Condition: { StringEquals: { "aws:PrincipalAccount": ["111111111111", "999999999999"] } },
          },
        ],
      ],
      request("organizations:ListRoots", "*"),
      "allow",
    ],
    [
      "conditions on several keys must all hold",
      [
        [
          {
            ...allowAll,
            Condition: {
              StringEquals: { "aws:PrincipalAccount": "999999999999", "aws:ResourceAccount": "444444444441" },
            },
          },
        ],
      ],
      request("sts:AssumeRoot", "arn:aws:iam::444444444442:root", { "aws:resourceaccount": "444444444442" }),
      "implicit-deny",
    ],
  ];

  it.each(cases)("%s", (_name, policies, context, expected) => {
    expect(decision(policies, context)).toBe(expected);
  });

  it("names the deciding statement", () => {
    const policies = [
      parseIdentityPolicy({ Statement: allowAll }),
      parseIdentityPolicy({ Statement: [{ Effect: "Deny", Action: "iam:*", Resource: "*" }] }),
    ];
    expect(decide(policies, request("organizations:ListRoots", "*"))).toEqual({
      decision: "allow",
      policyIndex: 0,
      statementIndex: 0,
    });
    expect(decide(policies, request("iam:ListOrganizationsFeatures", "*"))).toEqual({
      decision: "explicit-deny",
      policyIndex: 1,
      statementIndex: 0,
    });
  });
});

describe("identity-based policy documents", () => {
  it.each([
    [{ Statement: [{ ...allowAll, Principal: { AWS: "*" } }] }, /Statement\[0\] has a Principal/],
    [{ Statement: [{ Effect: "Allow", Action: "*" }] }, /Statement\[0\] needs Resource or NotResource/],
    [
      // A policy variable, written the way IAM reads it.
      { Statement: [{ ...allowAll, Resource: `arn:aws:iam::$${"{"}aws:PrincipalAccount}:root` }] },
      /policy variables/,
    ],
    [
      { Statement: [{ ...allowAll, Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } }] },
      /NumericLessThan is not supported/,
    ],
    [{ Statement: [{ Effect: "Permit", Action: "*", Resource: "*" }] }, /Effect must be "Allow" or "Deny"/],
    ["not an object", /must be a JSON object/],
  ])("refuses %j", (document, message) => {
    expect(() => parseIdentityPolicy(document)).toThrow(message);
  });
});
