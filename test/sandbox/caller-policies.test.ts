import {
  EnableOrganizationsRootSessionsCommand,
  ListAccessKeysCommand,
  ListOrganizationsFeaturesCommand,
} from "@aws-sdk/client-iam";
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DisableAWSServiceAccessCommand,
  EnableAWSServiceAccessCommand,
  ListAccountsCommand,
  ListRootsCommand,
} from "@aws-sdk/client-organizations";
import { AssumeRootCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { type CallerSpec, SECRET_MARKER, taskArn } from "../../src/sandbox/index.js";
import { clientsFor, clientsWith, expectAwsError, sandboxes } from "./helpers.js";

const start = sandboxes();

const MANAGEMENT = "999999999999";
const AUDIT = taskArn("IAMAuditRootUserCredentials");
const DELETE = taskArn("IAMDeleteRootUserCredentials");

type Statement = Record<string, unknown>;
const policy = (...Statement: Statement[]) => ({ Version: "2012-10-17", Statement });
const allow = (Action: string | string[], extra: Statement = {}): Statement => ({
  Effect: "Allow",
  Action,
  Resource: "*",
  ...extra,
});

async function withCaller(...callers: CallerSpec[]) {
  const sandbox = await start({ callers });
  return { sandbox, as: (name: string) => clientsFor(sandbox, name) };
}

function assumeRoot(target: string, task: string) {
  return new AssumeRootCommand({ TargetPrincipal: target, TaskPolicyArn: { arn: task } });
}

describe("callers with identity-based policies", () => {
  it("allows what the policy allows and answers Organizations' AccessDeniedException naming the missing action", async () => {
    const { sandbox, as } = await withCaller({
      name: "reader",
      roleName: "rootward-plan",
      sessionName: "ci-run",
      policies: [policy(allow(["organizations:ListAccounts", "organizations:ListRoots"]))],
    });
    const { organizations } = as("reader");
    const accounts = await organizations.send(new ListAccountsCommand({}));
    expect(accounts.Accounts?.length).toBeGreaterThan(0);
    const error = await expectAwsError(
      organizations.send(new DescribeOrganizationCommand({})),
      "AccessDeniedException",
      `User: arn:aws:sts::${MANAGEMENT}:assumed-role/rootward-plan/ci-run is not authorized to perform: organizations:DescribeOrganization on resource: * because no identity-based policy allows the organizations:DescribeOrganization action`,
    );
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(400);
    expect(sandbox.calls().slice(-2)).toMatchObject([
      { operation: "ListAccounts", caller: "role", callerName: "reader", account: MANAGEMENT, outcome: "ok" },
      {
        operation: "DescribeOrganization",
        caller: "role",
        callerName: "reader",
        outcome: "AccessDeniedException",
        deniedBy: "identity-policy",
      },
    ]);
  });

  it("answers IAM and STS with AccessDenied 403 in the query protocol", async () => {
    const { as } = await withCaller({
      name: "features",
      policies: [policy(allow("iam:ListOrganizationsFeatures"))],
    });
    const { iam, sts } = as("features");
    const features = await iam.send(new ListOrganizationsFeaturesCommand({}));
    expect(features.EnabledFeatures).toEqual(["RootCredentialsManagement"]);
    const iamError = await expectAwsError(
      iam.send(new EnableOrganizationsRootSessionsCommand({})),
      "AccessDenied",
      /is not authorized to perform: iam:EnableOrganizationsRootSessions on resource: \* because no identity-based policy allows the iam:EnableOrganizationsRootSessions action$/,
    );
    expect((iamError as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
    await expectAwsError(
      sts.send(assumeRoot("444444444441", AUDIT)),
      "AccessDenied",
      `User: arn:aws:sts::${MANAGEMENT}:assumed-role/features/sandbox is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::444444444441:root because no identity-based policy allows the sts:AssumeRoot action`,
    );
  });

  it("matches action names case-insensitively with wildcards, and honours NotAction", async () => {
    const { as } = await withCaller(
      { name: "lower", policies: [policy(allow("ORGANIZATIONS:list*"))] },
      {
        name: "all-but-orgs",
        policies: [policy({ Effect: "Allow", NotAction: "organizations:*", Resource: "*" })],
      },
      { name: "question", policies: [policy(allow("organizations:ListRoot?"))] },
    );
    await as("lower").organizations.send(new ListRootsCommand({}));
    await expectAwsError(
      as("lower").organizations.send(new DescribeOrganizationCommand({})),
      "AccessDeniedException",
      /organizations:DescribeOrganization action$/,
    );
    await as("all-but-orgs").iam.send(new ListOrganizationsFeaturesCommand({}));
    await expectAwsError(
      as("all-but-orgs").organizations.send(new ListRootsCommand({})),
      "AccessDeniedException",
      /organizations:ListRoots/,
    );
    await as("question").organizations.send(new ListRootsCommand({}));
    await expectAwsError(
      as("question").organizations.send(new ListAccountsCommand({})),
      "AccessDeniedException",
      /organizations:ListAccounts/,
    );
  });

  it("lets an explicit Deny win over any Allow, in the same or another policy", async () => {
    const { sandbox, as } = await withCaller({
      name: "denied",
      policies: [
        policy(allow("*")),
        policy({ Effect: "Deny", Action: "organizations:DescribeAccount", Resource: "*" }),
      ],
    });
    const { organizations } = as("denied");
    await organizations.send(new ListAccountsCommand({}));
    await expectAwsError(
      organizations.send(new DescribeAccountCommand({ AccountId: "444444444441" })),
      "AccessDeniedException",
      `User: arn:aws:sts::${MANAGEMENT}:assumed-role/denied/sandbox is not authorized to perform: organizations:DescribeAccount on resource: arn:aws:organizations::${MANAGEMENT}:account/o-acme1234567/444444444441 with an explicit deny in an identity-based policy`,
    );
    expect(sandbox.calls().at(-1)).toMatchObject({ deniedBy: "identity-policy", callerName: "denied" });
  });

  it("allows AssumeRoot only with the task policies the sts:TaskPolicyArn condition names (any key casing)", async () => {
    const { sandbox, as } = await withCaller(
      {
        name: "auditor",
        policies: [
          policy(
            allow("sts:AssumeRoot", {
              Resource: "arn:aws:iam::*:root",
              // The spelling of the AWS Security Blog's example: condition keys are case-insensitive.
              Condition: { StringEquals: { "sts:TaskPolicyARN": AUDIT } },
            }),
          ),
        ],
      },
      {
        name: "not-delete",
        policies: [
          policy(
            allow("sts:AssumeRoot", {
              Resource: "arn:aws:iam::*:root",
              Condition: {
                ArnNotLike: { "sts:TaskPolicyArn": "arn:aws:iam::aws:policy/root-task/IAMDelete*" },
              },
            }),
          ),
        ],
      },
    );
    const { Credentials } = await as("auditor").sts.send(assumeRoot("444444444442", AUDIT));
    const session = clientsWith(sandbox, {
      accessKeyId: Credentials?.AccessKeyId ?? "",
      secretAccessKey: Credentials?.SecretAccessKey ?? "",
      sessionToken: Credentials?.SessionToken ?? "",
    });
    // The root session is limited by its task policy, not by the caller's policy.
    expect((await session.iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
    await expectAwsError(
      as("auditor").sts.send(assumeRoot("444444444442", DELETE)),
      "AccessDenied",
      /not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::444444444442:root because no identity-based policy allows the sts:AssumeRoot action$/,
    );
    await as("not-delete").sts.send(assumeRoot("444444444442", AUDIT));
    await expectAwsError(as("not-delete").sts.send(assumeRoot("444444444442", DELETE)), "AccessDenied");
    const assumed = sandbox.calls().filter((call) => call.operation === "AssumeRoot");
    expect(assumed.map((call) => [call.callerName, call.taskPolicy, call.outcome, call.deniedBy])).toEqual([
      ["auditor", AUDIT, "ok", undefined],
      ["auditor", DELETE, "AccessDenied", "identity-policy"],
      ["not-delete", AUDIT, "ok", undefined],
      ["not-delete", DELETE, "AccessDenied", "identity-policy"],
    ]);
    expect(sandbox.calls().find((call) => call.operation === "ListAccessKeys")).toMatchObject({
      caller: "root-session",
      callerName: "auditor",
    });
  });

  it("scopes AssumeRoot to the target accounts named in Resource and by aws:ResourceAccount", async () => {
    const { as } = await withCaller(
      {
        name: "one-account",
        policies: [policy(allow("sts:AssumeRoot", { Resource: "arn:aws:iam::444444444441:root" }))],
      },
      {
        name: "by-condition",
        policies: [
          policy(
            allow("sts:AssumeRoot", {
              Resource: "*",
              Condition: { StringLike: { "aws:ResourceAccount": "44444444444?" } },
            }),
          ),
        ],
      },
    );
    await as("one-account").sts.send(assumeRoot("444444444441", AUDIT));
    await expectAwsError(
      as("one-account").sts.send(assumeRoot("444444444442", AUDIT)),
      "AccessDenied",
      /on resource: arn:aws:iam::444444444442:root because/,
    );
    await as("by-condition").sts.send(assumeRoot("444444444442", AUDIT));
    await expectAwsError(as("by-condition").sts.send(assumeRoot("555555555501", AUDIT)), "AccessDenied");
  });

  it("evaluates aws:PrincipalArn (the role's ARN), aws:PrincipalAccount and …IfExists conditions", async () => {
    const { as } = await withCaller(
      {
        name: "arn-match",
        roleName: "rootward-plan",
        policies: [
          policy(
            allow("organizations:ListRoots", {
              Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/rootward-*" } },
            }),
          ),
        ],
      },
      {
        name: "arn-miss",
        policies: [
          policy(
            allow("organizations:ListRoots", {
              Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::*:role/rootward-plan" } },
            }),
          ),
        ],
      },
      {
        name: "in-delegated-admin",
        accountId: "delegated-admin",
        policies: [
          policy(
            allow("organizations:ListRoots", {
              Condition: { StringEquals: { "aws:PrincipalAccount": "333333333334" } },
            }),
            // The key is absent for ListRoots, so …IfExists holds; StringEquals alone would not.
            allow("organizations:ListAccounts", {
              Condition: { StringEqualsIfExists: { "organizations:ServicePrincipal": "iam.amazonaws.com" } },
            }),
            allow("organizations:ListRoots", {
              Condition: { StringEquals: { "organizations:ServicePrincipal": "never" } },
            }),
          ),
        ],
      },
    );
    await as("arn-match").organizations.send(new ListRootsCommand({}));
    await expectAwsError(
      as("arn-miss").organizations.send(new ListRootsCommand({})),
      "AccessDeniedException",
    );
    const delegated = as("in-delegated-admin");
    await delegated.organizations.send(new ListRootsCommand({}));
    await delegated.organizations.send(new ListAccountsCommand({}));
    const identity = await delegated.sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe("333333333334");
  });

  it("scopes organizations:EnableAWSServiceAccess by organizations:ServicePrincipal", async () => {
    const { sandbox, as } = await withCaller({
      name: "trusted-access",
      policies: [
        policy(
          allow(["organizations:EnableAWSServiceAccess", "organizations:DisableAWSServiceAccess"], {
            Condition: { StringEquals: { "organizations:ServicePrincipal": "iam.amazonaws.com" } },
          }),
        ),
      ],
    });
    const { organizations } = as("trusted-access");
    await organizations.send(new DisableAWSServiceAccessCommand({ ServicePrincipal: "iam.amazonaws.com" }));
    await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "iam.amazonaws.com" }));
    await expectAwsError(
      organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "guardduty.amazonaws.com" })),
      "AccessDeniedException",
      /organizations:EnableAWSServiceAccess action$/,
    );
    expect(sandbox.state().trustedServices).not.toContain("guardduty.amazonaws.com");
  });

  it("answers GetCallerIdentity to every caller, even one whose policies allow nothing", async () => {
    const { sandbox, as } = await withCaller({
      name: "nothing",
      roleName: "rootward-plan",
      sessionName: "ci-run",
      policies: [],
    });
    const identity = await as("nothing").sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: MANAGEMENT,
      Arn: `arn:aws:sts::${MANAGEMENT}:assumed-role/rootward-plan/ci-run`,
    });
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{16}:ci-run$/);
    await expectAwsError(as("nothing").organizations.send(new ListRootsCommand({})), "AccessDeniedException");
    expect(sandbox.calls().map((call) => [call.operation, call.outcome])).toEqual([
      ["GetCallerIdentity", "ok"],
      ["ListRoots", "AccessDeniedException"],
    ]);
  });

  it("keeps today's behaviour for callers without policies, and checks who may call before the policy allows", async () => {
    const { as } = await withCaller(
      { name: "unrestricted" },
      { name: "member-admin", accountId: "member", policies: [policy(allow("*"))] },
    );
    await as("unrestricted").organizations.send(
      new EnableAWSServiceAccessCommand({ ServicePrincipal: "sso.amazonaws.com" }),
    );
    await as("unrestricted").iam.send(new EnableOrganizationsRootSessionsCommand({}));
    // Allowed by its policy, still refused by Organizations: a plain member account cannot list accounts.
    await expectAwsError(
      as("member-admin").organizations.send(new ListAccountsCommand({})),
      "AccessDeniedException",
      /^You don't have permissions to access this resource/,
    );
    // Root-credential calls need a root session; the sandbox says so rather than blame the policy.
    await expectAwsError(
      as("member-admin").iam.send(new ListAccessKeysCommand({})),
      "AccessDenied",
      /iam:ListAccessKeys on resource: .* \(the sandbox has no IAM users or roles to act on: call it in an AssumeRoot session\)$/,
    );
  });

  it("issues role-session keys with a token, lists their secrets, and refuses a wrong token", async () => {
    const { sandbox } = await withCaller({ name: "ci", policies: [policy(allow("*"))] });
    const credentials = sandbox.credentials.ci;
    expect(credentials).toMatchObject({ accountId: MANAGEMENT });
    expect(credentials?.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials?.secretAccessKey).toContain(SECRET_MARKER);
    expect(credentials?.sessionToken).toContain(SECRET_MARKER);
    expect(sandbox.issuedSecrets()).toEqual(
      expect.arrayContaining([credentials?.secretAccessKey, credentials?.sessionToken]),
    );
    expect(sandbox.env("ci")).toMatchObject({
      AWS_ACCESS_KEY_ID: credentials?.accessKeyId,
      AWS_SESSION_TOKEN: credentials?.sessionToken,
    });
    expect(() => sandbox.env("nobody")).toThrow(
      /no sandbox caller nobody; known: management, delegated-admin, member, ci/,
    );
    const forged = clientsWith(sandbox, {
      accessKeyId: credentials?.accessKeyId ?? "",
      secretAccessKey: credentials?.secretAccessKey ?? "",
      sessionToken: "IQoJb3JpZ2luX2VjEwrong",
    });
    await expectAwsError(forged.sts.send(new GetCallerIdentityCommand({})), "InvalidClientTokenId");
  });

  it("refuses invalid callers before starting", async () => {
    await expect(
      start({
        callers: [
          { name: "management" },
          { name: "twice" },
          { name: "twice" },
          { name: "bad", accountId: "12345" },
          {
            name: "principal",
            policies: [{ Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Principal: "*" }] }],
          },
          { name: "noresource", policies: [{ Statement: [{ Effect: "Allow", Action: "*" }] }] },
          {
            name: "operator",
            policies: [
              policy(allow("*", { Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-01-01" } } })),
            ],
          },
        ],
      }),
    ).rejects.toThrow(
      /caller management: the name is taken by a static key[\s\S]*caller twice: the name is used twice[\s\S]*caller bad: accountId: must be a 12-digit account id[\s\S]*caller principal: policies\.0: Statement\[0\] has a Principal[\s\S]*caller noresource: policies\.0: Statement\[0\] needs Resource or NotResource[\s\S]*caller operator: policies\.0: Statement\[0\]\.Condition operator DateGreaterThan is not supported/,
    );
    await expect(
      start({
        fixture: { file: "test/fixtures/sandbox/minimal.yaml" },
        callers: [{ name: "x", accountId: "delegated-admin" }],
      }),
    ).rejects.toThrow(/caller x: this organization has no delegated-admin account/);
  });
});
