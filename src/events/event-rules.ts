/**
 * The AWS events that can change what rootward plans, as EventBridge rules. One rule per event
 * family, because an input transformer cannot branch: each family names the account the change
 * happened in at a different JSON path (EventBridge `InputPathsMap` takes one fixed path per
 * variable — https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html).
 *
 * Sources for the event shapes (README "Near-real-time drift" has the table per event name;
 * test/fixtures/cloudtrail/SOURCES.md the example records the tests use):
 * - CloudTrail API calls reach EventBridge with detail-type "AWS API Call via CloudTrail" and
 *   service events with "AWS Service Event via CloudTrail"
 *   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 *   Sign-ins: that page spells "AWS Console Signin via CloudTrail", recorded events carry
 *   "AWS Console Sign In via CloudTrail" (SIGN_IN_DETAIL_TYPES).
 * - IAM and Organizations are global services whose events reach EventBridge only in us-east-1:
 *   https://repost.aws/knowledge-center/eventbridge-rule-triggers-iam-single-region
 * - Organizations: source aws.organizations, eventSource organizations.amazonaws.com:
 *   https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-organizations.html
 */

/** An EventBridge event pattern (the subset rootward uses: see pattern-match.ts). */
export type EventPattern = { [field: string]: EventPattern | readonly PatternValue[] };
export type PatternValue = string | number | boolean | null | { prefix: string } | { exists: boolean };

export const RootCredentialEvents = [
  "CreateLoginProfile",
  "UpdateLoginProfile",
  "DeleteLoginProfile",
  "CreateAccessKey",
  "UpdateAccessKey",
  "DeleteAccessKey",
  "EnableMFADevice",
  "DeactivateMFADevice",
  "UploadSigningCertificate",
  "UpdateSigningCertificate",
  "DeleteSigningCertificate",
] as const;

export const RootSignInEvents = ["ConsoleLogin"] as const;
export const AccountMoveEvents = ["MoveAccount", "CloseAccount", "RemoveAccountFromOrganization"] as const;
export const AccountTagEvents = ["TagResource", "UntagResource"] as const;
export const AccountCreatedEvents = ["CreateAccountResult"] as const;
export const OrganizationFeatureEvents = [
  "EnableAWSServiceAccess",
  "DisableAWSServiceAccess",
  "EnableOrganizationsRootCredentialsManagement",
  "DisableOrganizationsRootCredentialsManagement",
  "EnableOrganizationsRootSessions",
  "DisableOrganizationsRootSessions",
] as const;

export const AccountEventNames = [
  ...RootCredentialEvents,
  ...RootSignInEvents,
  ...AccountMoveEvents,
  ...AccountTagEvents,
  ...AccountCreatedEvents,
  ...OrganizationFeatureEvents,
] as const;
export type AccountEventName = (typeof AccountEventNames)[number];

export type EventRule = {
  /** Logical id suffix and rule name part. */
  id: string;
  description: string;
  pattern: EventPattern;
  /** JSONPath (dot notation) of the account the change happened in. */
  accountIdPath: string;
  /**
   * The rule also matches read-only management events (rule state
   * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS): a rule in the plain ENABLED state never sees
   * CloudTrail events with readOnly true
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html; the
   * State values: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html).
   */
  readOnlyEvents?: true;
};

const API_CALL = "AWS API Call via CloudTrail";
/**
 * Both spellings of the sign-in detail-type: EventBridge's CloudTrail page lists "AWS Console
 * Signin via CloudTrail", while sign-in events recorded off EventBridge carry "AWS Console Sign In
 * via CloudTrail" (README "The events" cites both). Matching both costs nothing and survives
 * either being the one AWS sends.
 */
export const SIGN_IN_DETAIL_TYPES = [
  "AWS Console Sign In via CloudTrail",
  "AWS Console Signin via CloudTrail",
];
const DIGIT_PREFIXES = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"].map((digit) => ({ prefix: digit }));

export const EVENT_RULES: readonly EventRule[] = [
  {
    id: "RootCredentials",
    description: "Root user credential changes in a member account (root user or root session)",
    // userIdentity.type Root: calls by the root user (CloudTrail userIdentity element), and calls in
    // AssumeRoot sessions — the latter not from an AWS example (the privileged-tasks page's member
    // account record was not read) but from Elastic's detection rule for root-session
    // CreateLoginProfile, written against live events: userIdentity.type "Root" with an access key.
    pattern: {
      source: ["aws.iam"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["iam.amazonaws.com"],
        eventName: RootCredentialEvents,
        userIdentity: { type: ["Root"] },
        errorCode: [{ exists: false }],
      },
    },
    // The account whose API received the call: the member account, also after forwarding.
    accountIdPath: "$.detail.recipientAccountId",
  },
  {
    id: "RootSignIn",
    description: "Successful console sign-in as the root user of a member account",
    pattern: {
      source: ["aws.signin"],
      "detail-type": SIGN_IN_DETAIL_TYPES,
      detail: {
        eventName: RootSignInEvents,
        userIdentity: { type: ["Root"] },
        responseElements: { ConsoleLogin: ["Success"] },
      },
    },
    // The published root sign-in records carry recipientAccountId (CloudTrail UG, "AWS Management
    // Console sign-in events"), the account signed in to.
    accountIdPath: "$.detail.recipientAccountId",
    // Whether CloudTrail marks ConsoleLogin readOnly is not documented (a recorded CheckMfa sign-in
    // event is readOnly true); the pattern only admits root sign-ins, so admitting read-only
    // events costs nothing and cannot lose one.
    readOnlyEvents: true,
  },
  {
    id: "AccountMoved",
    description: "An account moved, closed or removed (Organizations, management account)",
    pattern: {
      source: ["aws.organizations"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["organizations.amazonaws.com"],
        eventName: AccountMoveEvents,
        errorCode: [{ exists: false }],
      },
    },
    // MoveAccount / CloseAccount / RemoveAccountFromOrganization all take AccountId; CloudTrail
    // records it as requestParameters.accountId (published CloseAccount record, Organizations UG
    // "Logging and monitoring"; a recorded MoveAccount event in aws-samples).
    accountIdPath: "$.detail.requestParameters.accountId",
  },
  {
    id: "AccountTags",
    description: "Tags of an account changed (Organizations, management account)",
    pattern: {
      source: ["aws.organizations"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["organizations.amazonaws.com"],
        eventName: AccountTagEvents,
        errorCode: [{ exists: false }],
        // Roots (r-…), OUs (ou-…) and policies (p-…) are taggable too; account ids are 12 digits.
        requestParameters: { resourceId: DIGIT_PREFIXES },
      },
    },
    accountIdPath: "$.detail.requestParameters.resourceId",
  },
  {
    id: "AccountCreated",
    description: "CreateAccount finished and the account exists (Organizations service event)",
    pattern: {
      source: ["aws.organizations"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: {
        eventSource: ["organizations.amazonaws.com"],
        eventName: AccountCreatedEvents,
        serviceEventDetails: { createAccountStatus: { state: ["SUCCEEDED"] } },
      },
    },
    // The published CreateAccountResult records (Organizations UG, "Logging and monitoring"):
    // serviceEventDetails.createAccountStatus with state and, when SUCCEEDED, accountId.
    accountIdPath: "$.detail.serviceEventDetails.createAccountStatus.accountId",
  },
  {
    id: "OrganizationFeatures",
    description: "Trusted access or the root access features changed (organization-wide)",
    pattern: {
      source: ["aws.organizations", "aws.iam"],
      "detail-type": [API_CALL],
      detail: {
        eventSource: ["organizations.amazonaws.com", "iam.amazonaws.com"],
        eventName: OrganizationFeatureEvents,
        errorCode: [{ exists: false }],
      },
    },
    // Organization-wide: the account that made the change (management account or IAM delegated
    // administrator); rootward re-reads the organization's features and audits no member account.
    accountIdPath: "$.detail.recipientAccountId",
  },
];

/**
 * Opt-in (receiver parameter EnableTestEvents): a custom event that walks the whole path to GitHub,
 * for `aws events put-events`. The `aws.` sources are reserved to AWS, so a test event cannot
 * pretend to be one; it carries the same detail fields the transformer reads.
 */
export const TEST_EVENT_RULE: EventRule = {
  id: "TestEvent",
  description: "A test event put on the bus with aws events put-events (EnableTestEvents=true only)",
  pattern: { source: ["rootward.test"], "detail-type": ["rootward test event"] },
  accountIdPath: "$.detail.recipientAccountId",
};

/** The repository_dispatch event type the API destination sends. */
export const DISPATCH_EVENT_TYPE = "rootward-account-event";

/**
 * The body the API destination POSTs to /repos/OWNER/REPO/dispatches. Placeholders are quoted:
 * every value is a string (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 */
export const DISPATCH_INPUT_TEMPLATE = `{"event_type":"${DISPATCH_EVENT_TYPE}","client_payload":{"accountId":"<accountId>","eventName":"<eventName>","eventTime":"<eventTime>","eventId":"<eventId>"}}`;

export function inputPathsMap(rule: EventRule): Record<string, string> {
  return {
    accountId: rule.accountIdPath,
    eventName: "$.detail.eventName",
    eventTime: "$.detail.eventTime",
    eventId: "$.detail.eventID",
  };
}
