import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { richPlan } from "../../test/support/gitops-plans.js";
import { boundPlan } from "./bound-plan.js";
import type { Plan } from "./model.js";
import { parsePlanDocument } from "./plan-schema.js";

/**
 * `richPlan()` as written to a file (regenerate with JSON.stringify(richPlan(), null, 2) when the
 * plan format changes). Read from disk rather than planned per case: these tests are about the
 * document's shape, and planning 50 times would make every planner mutant run them all.
 */
const RICH_PLAN = readFileSync(new URL("../../test/fixtures/rich-plan.json", import.meta.url), "utf8");

/** A plan as `rootward plan --out` writes it and apply reads it back: plain JSON. */
type Document = Record<string, unknown> & {
  actions: Record<string, unknown>[];
  accounts: Record<string, unknown>[];
  unlocks: Record<string, unknown>[];
  findings: Record<string, unknown>[];
};

function documentOf(value: unknown): Document {
  return JSON.parse(JSON.stringify(value)) as Document;
}

function richDocument(): Document {
  return JSON.parse(RICH_PLAN) as Document;
}

/** The index of the first action with this operation, so a case edits the action it means. */
function actionIndex(document: Document, operation: string): number {
  const index = document.actions.findIndex((action) => action.operation === operation);
  if (index < 0) throw new Error(`the rich plan has no ${operation}`);
  return index;
}

function editAction(document: Document, operation: string, change: Record<string, unknown>): number {
  const index = actionIndex(document, operation);
  document.actions[index] = { ...document.actions[index], ...change };
  return index;
}

/** Whether a problem is about `path` or something inside it. */
function at(problem: string, path: string): boolean {
  return problem.startsWith(`${path}: `) || problem.startsWith(`${path}.`);
}

type Case = [name: string, edit: (document: Document) => string | undefined];

/** Each edit returns the path of the problem it must cause, or undefined when the plan is valid. */
const cases: Case[] = [
  ["the plan as written", () => undefined],
  ["no desired-state directory (plans made by apply)", (d) => void delete d.desiredStateDir],
  [
    "a desired-state directory of 1024 characters",
    (d) => {
      d.desiredStateDir = "d".repeat(1024);
      return undefined;
    },
  ],
  [
    "a desired-state directory of 1025 characters",
    (d) => {
      d.desiredStateDir = "d".repeat(1025);
      return "desiredStateDir";
    },
  ],
  [
    "another plan version",
    (d) => {
      d.version = 2;
      return "version";
    },
  ],
  [
    "a management account id of 11 digits",
    (d) => {
      d.managementAccountId = "12345678901";
      return "managementAccountId";
    },
  ],
  [
    "a management account id with a 13th digit",
    (d) => {
      d.managementAccountId = "1234567890123";
      return "managementAccountId";
    },
  ],
  [
    "a management account id with a letter in front",
    (d) => {
      d.managementAccountId = "a123456789012";
      return "managementAccountId";
    },
  ],
  [
    "an account id of 11 digits",
    (d) => {
      d.accounts[0] = { ...d.accounts[0], accountId: "11111111111" };
      return "accounts.0.accountId";
    },
  ],
  [
    "an account id with a 13th digit",
    (d) => {
      d.accounts[0] = { ...d.accounts[0], accountId: "1111111111110" };
      return "accounts.0.accountId";
    },
  ],
  [
    "an account governed by an entry whose line is text",
    (d) => {
      d.accounts[0] = {
        ...d.accounts[0],
        governedBy: { kind: "baseline", location: { file: "p", line: "1" } },
      };
      return "accounts.0.governedBy.location.line";
    },
  ],
  [
    "an account without its live credentials and fingerprint",
    (d) => {
      const { live: _live, liveFingerprint: _fingerprint, ...rest } = d.accounts[0] ?? {};
      d.accounts[0] = rest;
      return undefined;
    },
  ],
  [
    "an account whose live credentials are not credentials",
    (d) => {
      d.accounts[0] = { ...d.accounts[0], live: { password: "yes" } };
      return "accounts.0.live";
    },
  ],
  [
    "an account action with a key rootward never writes",
    (d) => `actions.${editAction(d, "DeleteLoginProfile", { force: true })}`,
  ],
  [
    "an account action on a malformed account",
    (d) => `actions.${editAction(d, "DeleteLoginProfile", { accountId: "2222222222222" })}`,
  ],
  [
    "an account action in an unknown task session",
    (d) => `actions.${editAction(d, "DeleteLoginProfile", { taskPolicy: "AdministratorAccess" })}`,
  ],
  [
    "an operation rootward never plans",
    (d) => `actions.${editAction(d, "DeleteLoginProfile", { operation: "DeleteUser" })}`,
  ],
  [
    "an organization action naming an account",
    (d) => `actions.${editAction(d, "DisableOrganizationsRootSessions", { accountId: "222222222222" })}`,
  ],
  [
    "an organization action with a service principal",
    (d) => void editAction(d, "DisableOrganizationsRootSessions", { servicePrincipal: "iam.amazonaws.com" }),
  ],
  [
    "an organization action whose service principal is not text",
    (d) => `actions.${editAction(d, "DisableOrganizationsRootSessions", { servicePrincipal: 1 })}`,
  ],
  [
    "a bucket unlock without a request name",
    (d) => `actions.${editAction(d, "DeleteBucketPolicy", { unlock: "" })}`,
  ],
  [
    "a bucket unlock of a two-letter bucket (S3 names have at least three)",
    (d) => `actions.${editAction(d, "DeleteBucketPolicy", { bucket: "ab" })}`,
  ],
  [
    "a bucket unlock of a three-letter bucket",
    (d) => void editAction(d, "DeleteBucketPolicy", { bucket: "abc" }),
  ],
  [
    "a bucket unlock with an extra key",
    (d) => `actions.${editAction(d, "DeleteBucketPolicy", { queueUrl: "https://sqs" })}`,
  ],
  [
    "a queue unlock without a request name",
    (d) => `actions.${editAction(d, "SetQueueAttributes", { unlock: "" })}`,
  ],
  [
    "a queue unlock without a queue",
    (d) => `actions.${editAction(d, "SetQueueAttributes", { queueUrl: "" })}`,
  ],
  [
    "a plan from before unlock requests",
    (d) => {
      delete (d as Record<string, unknown>).unlocks;
      return undefined;
    },
  ],
  [
    "an unlock request without a name",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], name: "" };
      return "unlocks.0.name";
    },
  ],
  [
    "an unlock request on a malformed account",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], accountId: "22222222222" };
      return "unlocks.0.accountId";
    },
  ],
  [
    "an unlock request in a credential task session",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], taskPolicy: "IAMDeleteRootUserCredentials" };
      return "unlocks.0.taskPolicy";
    },
  ],
  [
    "an unlock request with an unknown status",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], status: "approved" };
      return "unlocks.0.status";
    },
  ],
  [
    "an unlock request whose ticket is a number",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], ticket: 77 };
      return "unlocks.0.ticket";
    },
  ],
  [
    "an unlock request whose bucket is a number",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], s3Bucket: 1 };
      return "unlocks.0.s3Bucket";
    },
  ],
  [
    "an unlock request whose queue is a number",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], sqsQueueUrl: 1 };
      return "unlocks.0.sqsQueueUrl";
    },
  ],
  [
    "an unlock request whose policy is not text",
    (d) => {
      d.unlocks[0] = { ...d.unlocks[0], policy: {} };
      return "unlocks.0.policy";
    },
  ],
  [
    "a finding of an unknown rule",
    (d) => {
      d.findings[0] = { ...d.findings[0], ruleId: "made-up" };
      return "findings.0.ruleId";
    },
  ],
  [
    "a finding of an unknown severity",
    (d) => {
      d.findings[0] = { ...d.findings[0], severity: "urgent" };
      return "findings.0.severity";
    },
  ],
  [
    "a finding whose account is a number",
    (d) => {
      d.findings[0] = { ...d.findings[0], accountId: 1 };
      return "findings.0.accountId";
    },
  ],
  [
    "a finding without an account",
    (d) => {
      const { accountId: _accountId, ...rest } = d.findings[0] ?? {};
      d.findings[0] = rest;
      return undefined;
    },
  ],
  [
    "a summary that is not an object",
    (d) => {
      d.summary = 3;
      return "summary";
    },
  ],
  [
    "no fingerprint",
    (d) => {
      delete d.fingerprint;
      return "fingerprint";
    },
  ],
  [
    "features that are not switches",
    (d) => {
      d.features = { rootSessions: { live: "on", desired: true } };
      return "features.rootSessions.live";
    },
  ],
];

describe("parsePlanDocument", () => {
  it("reads back what the planner writes", () => {
    const written = documentOf(richPlan());
    expect(parsePlanDocument(written)).toEqual({ plan: written });
  });

  it.each(cases)("%s", (_name, edit) => {
    const document = richDocument();
    const path = edit(document);
    const result = parsePlanDocument(document);

    if (path === undefined) {
      expect(result).toEqual({ plan: { ...document, unlocks: document.unlocks ?? [] } });
      return;
    }
    expect(result).toHaveProperty("problems");
    const problems = "problems" in result ? result.problems : [];
    expect(problems.some((problem) => at(problem, path))).toBe(true);
  });

  it("says (root) for a document that is not an object", () => {
    expect(parsePlanDocument(null)).toEqual({ problems: [expect.stringMatching(/^\(root\): /)] });
  });

  it("lists at most eight problems", () => {
    const document = richDocument();
    document.actions = document.actions.map((action) => ({ ...action, accountId: "1" }));
    const result = parsePlanDocument(document);

    expect("problems" in result && result.problems).toHaveLength(8);
  });

  it.each<[string, (bound: Record<string, unknown>) => void, string | undefined]>([
    ["as written", () => undefined, undefined],
    [
      "with an extra key",
      (bound) => {
        bound.extra = 1;
      },
      "bound",
    ],
    ["without its source", (bound) => void delete bound.source, "bound.source"],
    [
      "excluding an action rootward never plans",
      (bound) => {
        bound.excluded = [{ operation: "DeleteUser" }];
      },
      "bound.excluded.0",
    ],
    [
      "not reviewing an action rootward never plans",
      (bound) => {
        bound.notReviewed = [{ operation: "DeleteUser" }];
      },
      "bound.notReviewed.0",
    ],
  ])("a bounded plan's record %s", (_name, edit, path) => {
    const fresh = richDocument() as unknown as Plan;
    const document = documentOf(
      boundPlan(fresh, { ...fresh, actions: fresh.actions.slice(1) }, "reviewed.json"),
    );
    edit(document.bound as Record<string, unknown>);
    const result = parsePlanDocument(document);

    if (path === undefined) {
      expect(result).toEqual({ plan: document });
      return;
    }
    expect("problems" in result && result.problems.some((problem) => at(problem, path))).toBe(true);
  });
});
