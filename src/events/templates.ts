import {
  DISPATCH_INPUT_TEMPLATE,
  EVENT_RULES,
  type EventRule,
  inputPathsMap,
  TEST_EVENT_RULE,
} from "./event-rules.js";

/**
 * The two CloudFormation templates of near-real-time drift (README "Near-real-time drift"). Pure
 * data: `rootward events member|receiver` prints them as JSON.
 *
 * CloudTrail delivers an API call's event to EventBridge in the account where the call happened,
 * and IAM, sign-in and Organizations events only in us-east-1, so both templates deploy in
 * us-east-1: the member template as a service-managed StackSet (auto-deployment on; "StackSets
 * doesn't deploy stack instances to the organization management account",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html, so
 * it also gets one stack of it), the receiver template once, in the account that holds the central
 * bus.
 */
export type CloudFormationTemplate = {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters: Record<string, Record<string, unknown>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, { Description: string; Value: unknown }>;
};

export const TemplateNames = ["member", "receiver"] as const;
export type TemplateName = (typeof TemplateNames)[number];

export function eventsTemplate(name: TemplateName): CloudFormationTemplate {
  return name === "member" ? memberTemplate() : receiverTemplate();
}

const EVENTS_TRUST = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

/** Forwards every matching event of the account's default bus (us-east-1) to the central bus. */
export function memberTemplate(): CloudFormationTemplate {
  const rules = Object.fromEntries(
    EVENT_RULES.map((rule) => [
      `Forward${rule.id}`,
      {
        Type: "AWS::Events::Rule",
        Properties: {
          Description: `rootward: forward to the central bus: ${rule.description}`,
          EventBusName: "default",
          State: ruleState(rule),
          EventPattern: rule.pattern,
          Targets: [
            {
              Id: "rootward-central-bus",
              Arn: { Ref: "CentralEventBusArn" },
              // EventBridge needs a role to put events on another account's bus
              // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html).
              RoleArn: { "Fn::GetAtt": ["ForwardRole", "Arn"] },
            },
          ],
        },
      },
    ]),
  );
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "rootward near-real-time drift, member accounts: forwards root credential, root sign-in and Organizations events to the central bus. Deploy in us-east-1 (IAM, sign-in and Organizations events reach EventBridge only there).",
    Parameters: {
      CentralEventBusArn: {
        Type: "String",
        Description: "ARN of the receiver template's event bus (its EventBusArn output)",
        AllowedPattern: "^arn:aws[a-z-]*:events:us-east-1:\\d{12}:event-bus/[A-Za-z0-9._-]+$",
      },
    },
    Resources: {
      ForwardRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          Description: "rootward: lets EventBridge put matching events on the central bus",
          AssumeRolePolicyDocument: EVENTS_TRUST,
          Policies: [
            {
              PolicyName: "put-events-on-central-bus",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  { Effect: "Allow", Action: "events:PutEvents", Resource: { Ref: "CentralEventBusArn" } },
                ],
              },
            },
          ],
        },
      },
      ...rules,
    },
  };
}

/** The central bus, open to the organization only, and the rules that dispatch to GitHub. */
export function receiverTemplate(): CloudFormationTemplate {
  const rules = Object.fromEntries(EVENT_RULES.map((rule) => [`Dispatch${rule.id}`, dispatchRule(rule)]));
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "rootward near-real-time drift, receiving account: the central event bus (organization principals only) and rules that send a repository_dispatch (rootward-account-event) to GitHub. Deploy in us-east-1.",
    Parameters: {
      OrganizationId: {
        Type: "String",
        Description: "The organization whose accounts may put events on the bus (aws:PrincipalOrgID)",
        AllowedPattern: "^o-[a-z0-9]{10,32}$",
      },
      GitHubRepository: {
        Type: "String",
        Description: "OWNER/REPO of the repository whose drift.yml runs on repository_dispatch",
        AllowedPattern: "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$",
      },
      GitHubToken: {
        Type: "String",
        NoEcho: true,
        Description:
          "A fine-grained token with Contents: read and write on that repository only (what POST /repos/OWNER/REPO/dispatches needs)",
        MinLength: 1,
      },
      GitHubApiUrl: {
        Type: "String",
        Description: "The GitHub REST API (GitHub Enterprise Server: https://HOST/api/v3)",
        Default: "https://api.github.com",
        AllowedPattern: "^https://[^\\s/]+(/[^\\s]*)?[^/\\s]$",
      },
      EventBusName: { Type: "String", Default: "rootward-events", AllowedPattern: "^[A-Za-z0-9._-]{1,256}$" },
      EnableTestEvents: {
        Type: "String",
        Description:
          "true while testing with aws events put-events (source rootward.test); any principal of the organization can then start a drift run",
        AllowedValues: ["false", "true"],
        Default: "false",
      },
    },
    Conditions: { TestEventsEnabled: { "Fn::Equals": [{ Ref: "EnableTestEvents" }, "true"] } },
    Resources: {
      EventBus: { Type: "AWS::Events::EventBus", Properties: { Name: { Ref: "EventBusName" } } },
      EventBusPolicy: {
        Type: "AWS::Events::EventBusPolicy",
        Properties: {
          EventBusName: { Ref: "EventBus" },
          StatementId: "rootward-organization-put-events",
          // Every account of the organization, and no other, may put events on the bus
          // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html).
          Statement: {
            Effect: "Allow",
            Principal: "*",
            Action: "events:PutEvents",
            Resource: { "Fn::GetAtt": ["EventBus", "Arn"] },
            Condition: { StringEquals: { "aws:PrincipalOrgID": { Ref: "OrganizationId" } } },
          },
        },
      },
      GitHubConnection: {
        Type: "AWS::Events::Connection",
        Properties: {
          Description: "rootward: the GitHub token, kept by EventBridge in Secrets Manager",
          AuthorizationType: "API_KEY",
          AuthParameters: {
            // API_KEY auth sends the key as the named header: Authorization: Bearer TOKEN
            // (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateConnection.html).
            ApiKeyAuthParameters: {
              ApiKeyName: "Authorization",
              // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
              ApiKeyValue: sub("Bearer ${GitHubToken}"),
            },
            InvocationHttpParameters: {
              HeaderParameters: [
                { Key: "Accept", Value: "application/vnd.github+json", IsValueSecret: false },
                { Key: "X-GitHub-Api-Version", Value: "2022-11-28", IsValueSecret: false },
              ],
            },
          },
        },
      },
      GitHubDispatch: {
        Type: "AWS::Events::ApiDestination",
        Properties: {
          Description: "rootward: POST /repos/OWNER/REPO/dispatches",
          ConnectionArn: { "Fn::GetAtt": ["GitHubConnection", "Arn"] },
          HttpMethod: "POST",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
          InvocationEndpoint: sub("${GitHubApiUrl}/repos/${GitHubRepository}/dispatches"),
          InvocationRateLimitPerSecond: 1,
        },
      },
      InvokeRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          Description: "rootward: lets the rules invoke the GitHub API destination",
          AssumeRolePolicyDocument: EVENTS_TRUST,
          Policies: [
            {
              PolicyName: "invoke-github-dispatch",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Action: "events:InvokeApiDestination",
                    Resource: { "Fn::GetAtt": ["GitHubDispatch", "Arn"] },
                  },
                ],
              },
            },
          ],
        },
      },
      ...rules,
      [`Dispatch${TEST_EVENT_RULE.id}`]: { ...dispatchRule(TEST_EVENT_RULE), Condition: "TestEventsEnabled" },
    },
    Outputs: {
      EventBusArn: {
        Description: "The CentralEventBusArn parameter of the member template",
        Value: { "Fn::GetAtt": ["EventBus", "Arn"] },
      },
    },
  };
}

function dispatchRule(rule: EventRule): { Type: string; Properties: Record<string, unknown> } {
  return {
    Type: "AWS::Events::Rule",
    Properties: {
      Description: `rootward: repository_dispatch for ${rule.description}`,
      EventBusName: { Ref: "EventBus" },
      State: ruleState(rule),
      EventPattern: rule.pattern,
      Targets: [
        {
          Id: "github-repository-dispatch",
          Arn: { "Fn::GetAtt": ["GitHubDispatch", "Arn"] },
          RoleArn: { "Fn::GetAtt": ["InvokeRole", "Arn"] },
          InputTransformer: { InputPathsMap: inputPathsMap(rule), InputTemplate: DISPATCH_INPUT_TEMPLATE },
          // A missed event only delays detection until the scheduled drift run.
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 20 },
        },
      ],
    },
  };
}

/** AWS::Events::Rule State: read-only CloudTrail management events need the second value. */
function ruleState(rule: EventRule): "ENABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" {
  return rule.readOnlyEvents ? "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" : "ENABLED";
}

/** CloudFormation's Fn::Sub: `${Name}` is its syntax, not a JavaScript template. */
function sub(text: string): { "Fn::Sub": string } {
  return { "Fn::Sub": text };
}
