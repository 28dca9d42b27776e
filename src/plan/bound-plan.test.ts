import { describe, expect, it } from "vitest";
import { richPlan } from "../../test/support/gitops-plans.js";
import { BoundOrganizationError, boundPlan } from "./bound-plan.js";
import { planFingerprint } from "./fingerprint.js";
import type { Plan, PlanAction } from "./model.js";
import { parsePlanDocument } from "./plan-schema.js";

/** Short names for the fresh plan's actions (see test/support/rich-plan.ts), to read the table. */
function label(action: PlanAction): string {
  const id =
    "accessKeyId" in action
      ? action.accessKeyId
      : "serialNumber" in action
        ? action.serialNumber
        : "certificateId" in action
          ? action.certificateId
          : "unlock" in action
            ? action.unlock
            : "servicePrincipal" in action
              ? action.servicePrincipal
              : undefined;
  const account = "accountId" in action ? action.accountId : "org";
  return [action.operation, account, id].filter(Boolean).join(" ");
}

const labels = (actions: readonly PlanAction[]) => actions.map(label);

/** Labels, or labels computed from all the fresh plan's (`all`). */
type Expected = string[] | ((all: string[]) => string[]);

type Case = {
  name: string;
  reviewed: (actions: readonly PlanAction[]) => PlanAction[];
  runs: Expected;
  excluded: string[];
  notReviewed: Expected;
};

const ALL = (all: string[]) => all;

function expected(labelsOf: Expected, fresh: Plan): string[] {
  return typeof labelsOf === "function" ? labelsOf(labels(fresh.actions)) : labelsOf;
}

const cases: Case[] = [
  {
    name: "the same actions: everything runs",
    reviewed: (actions) => [...actions],
    runs: ALL,
    excluded: [],
    notReviewed: [],
  },
  {
    name: "the reviewed plan in another order: the fresh plan's order",
    reviewed: (actions) => [...actions].reverse(),
    runs: ALL,
    excluded: [],
    notReviewed: [],
  },
  {
    name: "an empty reviewed plan: nothing runs",
    reviewed: () => [],
    runs: [],
    excluded: [],
    notReviewed: ALL,
  },
  {
    name: "a credential deleted since the review: reported, not run",
    reviewed: (actions) => [
      ...actions,
      {
        operation: "DeleteAccessKey",
        accountId: "222222222222",
        taskPolicy: "IAMDeleteRootUserCredentials",
        accessKeyId: "AKIAOLDKEYGONE000000",
      },
    ],
    runs: ALL,
    excluded: ["DeleteAccessKey 222222222222 AKIAOLDKEYGONE000000"],
    notReviewed: [],
  },
  {
    name: "new drift since the review: not run, left for the next drift run",
    reviewed: (actions) =>
      actions.filter((action) => !("accountId" in action && action.accountId === "666666666666")),
    runs: (all) => all.filter((entry) => !entry.includes("666666666666")),
    excluded: [],
    notReviewed: ["DeleteLoginProfile 666666666666"],
  },
  {
    name: "the same operation on another key is another action",
    reviewed: (actions) =>
      actions.map((action) =>
        "accessKeyId" in action && action.accessKeyId === "AKIAIOSFODNN7EXAMPLE"
          ? { ...action, accessKeyId: "AKIAIOSFODNN7EXAMPLF" }
          : action,
      ),
    runs: (all) => all.filter((entry) => !entry.endsWith("AKIAIOSFODNN7EXAMPLE")),
    excluded: ["DeleteAccessKey 222222222222 AKIAIOSFODNN7EXAMPLF"],
    notReviewed: ["DeleteAccessKey 222222222222 AKIAIOSFODNN7EXAMPLE"],
  },
  {
    name: "an action for an account the fresh plan leaves alone (an exception holds it)",
    reviewed: (actions) => [
      ...actions,
      {
        operation: "DeleteLoginProfile",
        accountId: "111111111111",
        taskPolicy: "IAMDeleteRootUserCredentials",
      },
    ],
    runs: ALL,
    excluded: ["DeleteLoginProfile 111111111111"],
    notReviewed: [],
  },
  {
    name: "an organization action with a service principal the desired state does not name",
    reviewed: (actions) => [
      ...actions,
      { operation: "DisableAWSServiceAccess", servicePrincipal: "sso.amazonaws.com" },
    ],
    runs: ALL,
    excluded: ["DisableAWSServiceAccess org sso.amazonaws.com"],
    notReviewed: [],
  },
  {
    name: "a service principal added to a fresh organization action makes it another action",
    reviewed: (actions) =>
      actions.map((action) =>
        action.operation === "DisableOrganizationsRootSessions"
          ? { ...action, servicePrincipal: "iam.amazonaws.com" }
          : action,
      ),
    runs: (all) => all.filter((entry) => !entry.startsWith("DisableOrganizationsRootSessions")),
    excluded: ["DisableOrganizationsRootSessions org iam.amazonaws.com"],
    notReviewed: ["DisableOrganizationsRootSessions org"],
  },
  {
    name: "an unlock of another bucket under the same request name",
    reviewed: (actions) =>
      actions.map((action) =>
        action.operation === "DeleteBucketPolicy" ? { ...action, bucket: "someone-elses-bucket" } : action,
      ),
    runs: (all) => all.filter((entry) => !entry.startsWith("DeleteBucketPolicy")),
    excluded: ["DeleteBucketPolicy 777777777777 artifacts"],
    notReviewed: ["DeleteBucketPolicy 777777777777 artifacts"],
  },
  {
    name: "a delete moved into another task policy",
    reviewed: (actions) =>
      actions.map((action) =>
        action.operation === "DeleteLoginProfile" && action.accountId === "222222222222"
          ? { ...action, taskPolicy: "IAMCreateRootUserPassword" }
          : action,
      ),
    runs: (all) => all.filter((entry) => entry !== "DeleteLoginProfile 222222222222"),
    excluded: ["DeleteLoginProfile 222222222222"],
    notReviewed: ["DeleteLoginProfile 222222222222"],
  },
  {
    name: "a reviewed action listed twice is reported once",
    reviewed: (actions) => [
      ...actions,
      {
        operation: "DeleteLoginProfile",
        accountId: "444444444444",
        taskPolicy: "IAMDeleteRootUserCredentials",
      },
      {
        operation: "DeleteLoginProfile",
        accountId: "444444444444",
        taskPolicy: "IAMDeleteRootUserCredentials",
      },
    ],
    runs: ALL,
    excluded: ["DeleteLoginProfile 444444444444"],
    notReviewed: [],
  },
];

describe("boundPlan: fresh plan ∩ reviewed plan", () => {
  // The fresh plan is built inside each test, not once at load: mutation testing attributes what a
  // test runs to that test, and only code run inside tests can be (see stryker.config.mjs).
  it.each(cases)("$name", ({ reviewed, runs, excluded, notReviewed }) => {
    const fresh = richPlan();
    const review: Plan = { ...fresh, actions: reviewed(fresh.actions), fingerprint: "reviewed-fingerprint" };
    const bounded = boundPlan(fresh, review, "drift/plan.json");
    expect(labels(bounded.actions)).toEqual(expected(runs, fresh));
    expect(labels(bounded.bound?.excluded ?? [])).toEqual(excluded);
    expect(labels(bounded.bound?.notReviewed ?? [])).toEqual(expected(notReviewed, fresh));
    expect(bounded.bound).toMatchObject({ source: "drift/plan.json", fingerprint: "reviewed-fingerprint" });
    // What runs is always something the fresh plan justifies.
    const justified = new Set(fresh.actions);
    for (const action of bounded.actions) expect(justified.has(action)).toBe(true);
  });

  it.each(cases)("recomputes counts and fingerprint: $name", ({ reviewed }) => {
    const fresh = richPlan();
    const bounded = boundPlan(fresh, { ...fresh, actions: reviewed(fresh.actions) }, "drift/plan.json");
    expect(bounded.fingerprint).toBe(
      planFingerprint(fresh.organizationId, bounded.actions, fresh.accounts, fresh.unlocks),
    );
    const credentialAccounts = new Set(
      bounded.actions.flatMap((action) =>
        "accountId" in action && !("unlock" in action) ? [action.accountId] : [],
      ),
    );
    const organization = bounded.actions.filter((action) => !("accountId" in action)).length;
    expect(bounded.summary).toEqual({
      ...fresh.summary,
      drift: credentialAccounts.size,
      accountActions: bounded.actions.length - organization,
      organizationActions: organization,
    });
    // The rest of the fresh plan (accounts, findings, unlocks, digest) is carried as it is.
    expect(bounded.findings).toBe(fresh.findings);
    expect(bounded.desiredStateDigest).toBe(fresh.desiredStateDigest);
  });

  it("bounding by the same plan changes nothing but adds the record", () => {
    const fresh = richPlan();
    const bounded = boundPlan(fresh, fresh, "drift/plan.json");
    const { bound, ...rest } = bounded;
    expect(rest).toEqual(fresh);
    expect(bound).toEqual({
      source: "drift/plan.json",
      fingerprint: fresh.fingerprint,
      excluded: [],
      notReviewed: [],
    });
  });

  it("the bounded plan is a valid plan document that keeps its record", () => {
    const fresh = richPlan();
    const bounded = boundPlan(fresh, { ...fresh, actions: fresh.actions.slice(0, 1) }, "drift/plan.json");
    const parsed = parsePlanDocument(JSON.parse(JSON.stringify(bounded)));
    expect("plan" in parsed && parsed.plan.bound).toEqual(bounded.bound);
    const forged = { ...JSON.parse(JSON.stringify(bounded)), bound: { ...bounded.bound, extra: 1 } };
    expect(parsePlanDocument(forged)).toHaveProperty("problems");
  });

  it("refuses a reviewed plan of another organization", () => {
    const fresh = richPlan();
    const bound = () => boundPlan(fresh, { ...fresh, organizationId: "o-other1234567" }, "drift/plan.json");
    expect(bound).toThrow(BoundOrganizationError);
    // The user reads this after `--bounded-by drift/plan.json:` (cli/commands/plan.ts).
    expect(bound).toThrow(
      `the reviewed plan is for organization o-other1234567, but this plan is for ${fresh.organizationId}`,
    );
  });
});
