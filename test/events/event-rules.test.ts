/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not JavaScript templates */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDispatchPayload } from "../../src/events/dispatch-payload.js";
import { AccountEventNames, EVENT_RULES, TEST_EVENT_RULE } from "../../src/events/event-rules.js";
import { matchesPattern } from "../../src/events/pattern-match.js";
import { eventsTemplate, memberTemplate, receiverTemplate } from "../../src/events/templates.js";
import { checkTemplate } from "../support/cloudformation-check.js";
import { applyInputTransformer } from "../support/eventbridge.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/cloudtrail");
const MEMBER = "111122223333";
const MANAGEMENT = "999999999999";

type Provenance = "published-fields" | "modelled";
type Fixture = { provenance: Provenance; sources: string[]; note: string; event: Record<string, unknown> };

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Fixture;
}

/**
 * Each recorded event: the one rule that must match it (none for ordinary events), and the account
 * it names. Every root-credential and root sign-in event matches; ordinary IAM-user events, failed
 * calls, failed sign-ins and the AssumeRoot call itself do not.
 */
const expectations: { fixture: string; rule?: string; accountId?: string }[] = [
  { fixture: "root-create-access-key", rule: "RootCredentials", accountId: MEMBER },
  { fixture: "root-session-delete-login-profile", rule: "RootCredentials", accountId: MEMBER },
  { fixture: "root-console-login", rule: "RootSignIn", accountId: MEMBER },
  { fixture: "move-account", rule: "AccountMoved", accountId: MEMBER },
  { fixture: "close-account", rule: "AccountMoved", accountId: MEMBER },
  { fixture: "tag-account", rule: "AccountTags", accountId: MEMBER },
  { fixture: "create-account-result", rule: "AccountCreated", accountId: MEMBER },
  { fixture: "enable-root-sessions", rule: "OrganizationFeatures", accountId: MANAGEMENT },
  { fixture: "iam-user-create-access-key" },
  { fixture: "iam-user-update-login-profile" },
  { fixture: "iam-user-console-login" },
  { fixture: "root-console-login-failure" },
  { fixture: "root-create-access-key-denied" },
  { fixture: "assume-root-call" },
  { fixture: "tag-ou" },
  { fixture: "create-account-result-failed" },
];

/** The rows of SOURCES.md's table: fixture name → provenance column. */
function sourcesTable(): Map<string, string> {
  const text = readFileSync(join(FIXTURES, "SOURCES.md"), "utf8");
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const name = /^`([a-z0-9-]+)`$/.exec(cells[1] ?? "")?.[1];
    if (name) rows.set(name, cells[3] ?? "");
  }
  return rows;
}

describe("the EventBridge rules against recorded CloudTrail events", () => {
  it("covers every fixture, and every fixture names its sources and provenance, also in SOURCES.md", () => {
    const files = readdirSync(FIXTURES)
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.replace(/\.json$/, ""));
    expect(files.sort()).toEqual(expectations.map((entry) => entry.fixture).sort());
    const table = sourcesTable();
    expect([...table.keys()].sort()).toEqual(files);
    for (const file of files) {
      const { provenance, sources, note } = fixture(file);
      expect(["published-fields", "modelled"], file).toContain(provenance);
      expect(table.get(file), file).toBe(provenance);
      expect(sources.length, file).toBeGreaterThan(0);
      for (const source of sources) expect(source, file).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(note.length, file).toBeGreaterThan(20);
    }
  });

  it.each(expectations)("$fixture → $rule", ({ fixture: name, rule, accountId }) => {
    const { event } = fixture(name);
    const matched = EVENT_RULES.filter((candidate) => matchesPattern(candidate.pattern, event)).map(
      (candidate) => candidate.id,
    );
    expect(matched).toEqual(rule ? [rule] : []);
    if (!rule) return;
    // The receiver's target for that rule turns the event into the dispatch body GitHub receives.
    const target = receiverTemplate().Resources[`Dispatch${rule}`]?.Properties.Targets as {
      InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
    }[];
    const transformer = target[0]?.InputTransformer;
    if (!transformer) throw new Error(`Dispatch${rule} has no input transformer`);
    const body = JSON.parse(applyInputTransformer(transformer, event)) as {
      event_type: string;
      client_payload: unknown;
    };
    const detail = event.detail as { eventName: string; eventTime: string; eventID: string };
    expect(body).toEqual({
      event_type: "rootward-account-event",
      client_payload: {
        accountId,
        eventName: detail.eventName,
        eventTime: detail.eventTime,
        eventId: detail.eventID,
      },
    });
    // As GitHub hands it to the workflow (GITHUB_EVENT_PATH): action = event_type.
    const parsed = parseDispatchPayload(
      JSON.stringify({ action: body.event_type, client_payload: body.client_payload }),
    );
    expect(parsed).toEqual({ ok: true, event: body.client_payload });
  });

  it("forwards from member accounts exactly what the receiver dispatches", () => {
    const member = memberTemplate().Resources;
    const receiver = receiverTemplate().Resources;
    for (const rule of EVENT_RULES) {
      expect(member[`Forward${rule.id}`]?.Properties.EventPattern).toEqual(rule.pattern);
      expect(receiver[`Dispatch${rule.id}`]?.Properties.EventPattern).toEqual(rule.pattern);
    }
  });

  // EventBridge's CloudTrail page spells "Signin", recorded sign-in events "Sign In" (SOURCES.md).
  it.each(["AWS Console Sign In via CloudTrail", "AWS Console Signin via CloudTrail"])(
    "a root sign-in with detail-type %s matches RootSignIn",
    (detailType) => {
      const event = { ...fixture("root-console-login").event, "detail-type": detailType };
      expect(
        EVENT_RULES.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.id),
      ).toEqual(["RootSignIn"]);
    },
  );

  it("lets only the sign-in rules see read-only management events, in both templates", () => {
    const member = memberTemplate().Resources;
    const receiver = receiverTemplate().Resources;
    const states = EVENT_RULES.map((rule) => [
      rule.id,
      member[`Forward${rule.id}`]?.Properties.State,
      receiver[`Dispatch${rule.id}`]?.Properties.State,
    ]);
    expect(states).toEqual(
      EVENT_RULES.map((rule) => {
        const state = rule.id === "RootSignIn" ? "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" : "ENABLED";
        return [rule.id, state, state];
      }),
    );
  });
});

describe("README: Near-real-time drift", () => {
  it("names every event a rule matches, with its rule, in the table of sources", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Near-real-time drift"));
    const table = section.slice(section.indexOf("### The events"), section.indexOf("### Costs"));
    for (const name of AccountEventNames) expect(table, name).toContain(`\`${name}\``);
    for (const rule of EVENT_RULES) expect(table, rule.id).toContain(`| ${rule.id} |`);
  });
});

describe("the opt-in test event (README: aws events put-events)", () => {
  // What EventBridge makes of the README's put-events entry on the central bus.
  const event = {
    version: "0",
    id: "5a1f2b3c-0000-4000-8000-000000000001",
    "detail-type": "rootward test event",
    source: "rootward.test",
    account: MANAGEMENT,
    time: "2026-11-22T11:50:00Z",
    region: "us-east-1",
    resources: [],
    detail: {
      recipientAccountId: MEMBER,
      eventName: "CreateAccessKey",
      eventTime: "2026-11-22T11:50:00Z",
      eventID: "5a1f2b3c-0000-4000-8000-000000000002",
    },
  };

  it("matches only the test rule, which exists only with EnableTestEvents=true, and yields a valid payload", () => {
    expect(EVENT_RULES.filter((rule) => matchesPattern(rule.pattern, event))).toEqual([]);
    expect(matchesPattern(TEST_EVENT_RULE.pattern, event)).toBe(true);
    const resource = receiverTemplate().Resources.DispatchTestEvent;
    expect(resource?.Condition).toBe("TestEventsEnabled");
    expect(receiverTemplate().Parameters.EnableTestEvents?.Default).toBe("false");
    const [target] = (resource?.Properties.Targets ?? []) as {
      InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
    }[];
    if (!target) throw new Error("the test rule has no target");
    const body = JSON.parse(applyInputTransformer(target.InputTransformer, event)) as {
      event_type: string;
      client_payload: unknown;
    };
    expect(
      parseDispatchPayload(JSON.stringify({ action: body.event_type, client_payload: body.client_payload })),
    ).toEqual({
      ok: true,
      event: {
        accountId: MEMBER,
        eventName: "CreateAccessKey",
        eventTime: "2026-11-22T11:50:00Z",
        eventId: "5a1f2b3c-0000-4000-8000-000000000002",
      },
    });
  });
});

describe("the CloudFormation templates", () => {
  it.each(["member", "receiver"] as const)("%s: valid structure, every reference resolves", (name) => {
    const template = JSON.parse(JSON.stringify(eventsTemplate(name))) as Record<string, unknown>;
    expect(checkTemplate(template)).toEqual([]);
  });

  it("the structure check finds dangling references and unknown types", () => {
    const broken = JSON.parse(JSON.stringify(receiverTemplate())) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const { EventBus: bus, GitHubDispatch: destination } = broken.Resources;
    if (!bus || !destination) throw new Error("the receiver template lost its bus or destination");
    delete broken.Resources.InvokeRole;
    bus.Type = "AWS::Events::Bus";
    destination.Properties.InvocationEndpoint = {
      "Fn::Sub": "${GitHubApiUrl}/repos/${Repo}/dispatches",
    };
    const problems = checkTemplate(broken as unknown as Record<string, unknown>);
    expect(problems).toEqual(
      expect.arrayContaining([
        "resource EventBus: unknown type AWS::Events::Bus",
        expect.stringMatching(/Fn::GetAtt InvokeRole names no resource/),
        expect.stringMatching(/Ref Repo names nothing declared/),
      ]),
    );
  });

  it("receiver: the bus admits only the organization, the token is NoEcho, the destination is the dispatches endpoint", () => {
    const template = receiverTemplate();
    const policy = template.Resources.EventBusPolicy?.Properties.Statement as Record<string, unknown>;
    expect(policy).toMatchObject({
      Effect: "Allow",
      Action: "events:PutEvents",
      Condition: { StringEquals: { "aws:PrincipalOrgID": { Ref: "OrganizationId" } } },
    });
    expect(template.Parameters.GitHubToken?.NoEcho).toBe(true);
    expect(template.Resources.GitHubDispatch?.Properties).toMatchObject({
      HttpMethod: "POST",
      InvocationEndpoint: { "Fn::Sub": "${GitHubApiUrl}/repos/${GitHubRepository}/dispatches" },
    });
    expect(template.Resources.GitHubConnection?.Properties.AuthParameters).toMatchObject({
      ApiKeyAuthParameters: {
        ApiKeyName: "Authorization",
        ApiKeyValue: { "Fn::Sub": "Bearer ${GitHubToken}" },
      },
    });
    expect(JSON.stringify(template)).not.toMatch(/ghp_|github_pat_/);
  });

  it("member: the forwarding role may only put events on the central bus", () => {
    const role = memberTemplate().Resources.ForwardRole?.Properties.Policies as {
      PolicyDocument: { Statement: unknown[] };
    }[];
    expect(role.flatMap((policy) => policy.PolicyDocument.Statement)).toEqual([
      { Effect: "Allow", Action: "events:PutEvents", Resource: { Ref: "CentralEventBusArn" } },
    ]);
  });
});
