import { describe, expect, it } from "vitest";
import {
  account,
  clean,
  desiredFrom,
  NOW,
  policyYaml,
  snapshot,
  unlockRequestYaml,
} from "../../test/support/builders.js";
import type { AuditedAccount, AuditSnapshot } from "../audit/snapshot.js";
import { mergeAccountPlan } from "./merge-account.js";
import type { Finding, Plan } from "./model.js";
import { plan } from "./plan.js";

const desired = desiredFrom({
  "policy.yaml": policyYaml({
    exceptions: [
      "  - name: break-glass",
      '    accounts: ["222222222222"]',
      "    password: allowed",
      "    reason: Incident response",
      "    owner: security@acme.example",
      "  - name: never-used",
      '    accounts: ["555555555555"]',
      "    accessKeys: allowed",
      "    reason: An account that left",
      "    owner: security@acme.example",
    ].join("\n"),
  }),
});
const key = (accessKeyId: string) => ({
  accessKeyId,
  status: "Active",
  createDate: "2020-01-01T00:00:00.000Z",
});
const withKey = (id: string, accessKeyId: string) =>
  account(id, { rootCredentials: { ...clean(), accessKeys: [key(accessKeyId)] } });

const before = [
  withKey("111111111111", "AKIAEXAMPLE111"),
  account("222222222222", { rootCredentials: { ...clean(), password: { present: true } } }),
  account("333333333333"),
  withKey("444444444444", "AKIAEXAMPLE444"),
];

/** The audit of the whole organization with one account replaced (or removed). */
function replaced(id: string, next: AuditedAccount | undefined): AuditedAccount[] {
  const rest = before.filter((entry) => entry.id !== id);
  return next ? [...rest, next] : rest;
}

/** What `drift --event` sees: the organization reads, and the one account. */
function one(
  id: string,
  next: AuditedAccount | undefined,
  overrides: Partial<AuditSnapshot> = {},
): AuditSnapshot {
  const full = snapshot(next ? [next] : [], overrides);
  return { ...full, accounts: full.accounts.filter((entry) => entry.id === id) };
}

const comparable = (result: Plan) => ({
  accounts: result.accounts,
  actions: result.actions,
  findings: result.findings,
  unlocks: result.unlocks,
  summary: result.summary,
  fingerprint: result.fingerprint,
  features: result.features,
});

describe("mergeAccountPlan", () => {
  const base = plan(desired, snapshot(before), NOW);
  const cases: {
    name: string;
    id: string;
    next: AuditedAccount | undefined;
    overrides?: Partial<AuditSnapshot>;
  }[] = [
    {
      name: "a compliant account gains a key",
      id: "333333333333",
      next: withKey("333333333333", "AKIAEXAMPLE333"),
    },
    { name: "a drifting account converged", id: "111111111111", next: account("111111111111") },
    {
      name: "a drifting account gains a second key",
      id: "444444444444",
      next: {
        ...withKey("444444444444", "AKIAEXAMPLE444"),
        rootCredentials: { ...clean(), accessKeys: [key("AKIAEXAMPLE444"), key("AKIAEXAMPLE445")] },
      },
    },
    { name: "an account left the organization", id: "444444444444", next: undefined },
    { name: "an account under an exception", id: "222222222222", next: account("222222222222") },
    {
      name: "an organization feature changed",
      id: "333333333333",
      next: account("333333333333"),
      overrides: { features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true } },
    },
  ];
  it.each(cases)("$name: equals planning the whole organization afresh", ({ id, next, overrides }) => {
    const fresh = plan(desired, one(id, next, overrides), NOW);
    const whole = plan(desired, snapshot(replaced(id, next), overrides), NOW);
    expect(comparable(mergeAccountPlan(base, fresh, id))).toEqual(comparable(whole));
  });

  it("without an earlier plan it is the one account's plan", () => {
    const fresh = plan(desired, one("333333333333", withKey("333333333333", "AKIAEXAMPLE333")), NOW);
    expect(mergeAccountPlan(undefined, fresh, "333333333333")).toEqual(fresh);
  });

  it("adds the event's findings to that account, and a later merge of the account drops them", () => {
    const id = "333333333333";
    const high: Finding = {
      ruleId: "root-event-outside-exception",
      severity: "high",
      accountId: id,
      message: "root access key created",
      location: { file: "desired-state/policy.yaml", line: 12 },
    };
    const fresh = plan(desired, one(id, withKey(id, "AKIAEXAMPLE333")), NOW);
    const merged = mergeAccountPlan(base, fresh, id, [high]);
    expect(merged.findings[0]).toEqual(high);
    expect(merged.summary.findings.high).toBe(base.summary.findings.high + 1);
    const again = mergeAccountPlan(merged, plan(desired, one(id, account(id)), NOW), id);
    expect(again.findings).not.toContainEqual(high);
  });
});

describe("mergeAccountPlan with organization actions, unlocks and organization findings", () => {
  const rich = desiredFrom({
    "policy.yaml": policyYaml({
      features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: disabled",
      exceptions:
        '  - name: never-used\n    accounts: ["555555555555"]\n    accessKeys: allowed\n    reason: r\n    owner: o',
      unlocks: [
        unlockRequestYaml("zz-logs", "111111111111", "logs"),
        unlockRequestYaml("aa-events", "444444444444", "events"),
        unlockRequestYaml("bb-artifacts", "111111111111", "artifacts"),
      ].join("\n"),
    }),
  });
  const read = (accountId: string, s3Bucket: string) => ({
    accountId,
    s3Bucket,
    status: "read" as const,
    policy: '{"Statement":[]}',
  });
  const organization: Partial<AuditSnapshot> = {
    // Trusted access off and root sessions on: an enable before and a disable after the accounts.
    features: { trustedAccess: false, rootCredentialsManagement: true, rootSessions: true },
    unlockTargets: [
      read("111111111111", "logs"),
      read("444444444444", "events"),
      read("111111111111", "artifacts"),
    ],
    unread: { serviceControlPolicies: { code: "AccessDenied", message: "no organizations:ListPolicies" } },
  };

  it.each<[string, string, AuditedAccount | undefined]>([
    ["an account with two unlocks gains a key", "111111111111", withKey("111111111111", "AKIAEXAMPLE112")],
    ["an account with one unlock converged", "444444444444", account("444444444444")],
    ["a compliant account gains a key", "333333333333", withKey("333333333333", "AKIAEXAMPLE333")],
  ])("%s: equals planning the whole organization afresh", (_name, id, next) => {
    const base = plan(rich, snapshot(before, organization), NOW);
    const fresh = plan(rich, one(id, next, organization), NOW);
    const whole = plan(rich, snapshot(replaced(id, next), organization), NOW);

    expect(whole.actions.map((action) => action.operation)).toEqual(
      expect.arrayContaining([
        "EnableAWSServiceAccess",
        "DeleteBucketPolicy",
        "DisableOrganizationsRootSessions",
      ]),
    );
    expect(whole.findings.map((finding) => finding.ruleId)).toEqual(
      expect.arrayContaining(["scp-analysis-skipped", "exception-unused"]),
    );
    expect(comparable(mergeAccountPlan(base, fresh, id))).toEqual(comparable(whole));
  });
});

describe("mergeAccountPlan keeps every other account as the earlier plan decided it", () => {
  it("whatever else the fresh plan holds, and with the findings the earlier plan had for them", () => {
    const recentlyUsed = {
      ...withKey("444444444444", "AKIAEXAMPLE444"),
      rootCredentials: {
        ...clean(),
        accessKeys: [{ ...key("AKIAEXAMPLE444"), lastUsedDate: "2026-11-20T00:00:00Z" }],
      },
    };
    const earlier = [...before.filter((entry) => entry.id !== "444444444444"), recentlyUsed];
    const base = plan(desired, snapshot(earlier), NOW);
    expect(base.findings.map((finding) => `${finding.accountId} ${finding.ruleId}`)).toContain(
      "444444444444 recently-used-credential",
    );
    const next = withKey("333333333333", "AKIAEXAMPLE333");
    // A fresh plan that also saw 111111111111 converge and 444444444444 leave: not this merge's business.
    const later = [account("111111111111"), account("222222222222"), next];
    const fresh = plan(desired, snapshot(later), NOW);
    const whole = plan(
      desired,
      snapshot([...earlier.filter((entry) => entry.id !== "333333333333"), next]),
      NOW,
    );

    expect(comparable(mergeAccountPlan(base, fresh, "333333333333"))).toEqual(comparable(whole));
  });
});
