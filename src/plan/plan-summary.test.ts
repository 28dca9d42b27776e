import { describe, expect, it } from "vitest";
import {
  account,
  clean,
  desiredFrom,
  NOW,
  ORG_ID,
  policyYaml,
  snapshot,
} from "../../test/support/builders.js";
import { richPlan } from "../../test/support/gitops-plans.js";
import { planFingerprint } from "./fingerprint.js";
import { governanceText } from "./governance-text.js";
import { type Finding, type Governance, Severities, severityRank } from "./model.js";
import { hasChanges, OrganizationMismatchError, plan, TagsNotReadError } from "./plan.js";
import { restrictToUnlocks } from "./restrict.js";

const password = { ...clean(), password: { present: true, lastUsed: "2026-11-20T00:00:00Z" } };
const twoRecentKeys = {
  ...clean(),
  accessKeys: [
    { accessKeyId: "AKIAB", status: "Active" as const, lastUsedDate: "2026-11-21T00:00:00Z" },
    { accessKeyId: "AKIAA", status: "Active" as const, lastUsedDate: "2026-11-20T00:00:00Z" },
  ],
};

/** One account of every disposition, two organization actions and findings of several kinds. */
function inputs() {
  const desired = desiredFrom({
    "policy.yaml": policyYaml({
      features: "  trustedAccess: enabled\n  rootCredentialsManagement: enabled\n  rootSessions: enabled",
      exceptions: [
        "  - name: keep-password",
        '    accounts: ["111111111111"]',
        "    password: allowed",
        "    reason: r",
        "    owner: o",
        // Matches no account of the audit: a medium and a low finding.
        "  - name: ghost",
        '    accounts: ["101010101010"]',
        "    password: allowed",
        "    reason: r",
        "    owner: o",
      ].join("\n"),
      unmanaged: '  - accounts: ["333333333333"]\n    reason: quarantine',
    }),
  });
  const accounts = [
    account("111111111111", { rootCredentials: password }),
    account("222222222222", { rootCredentials: password }),
    account("333333333333", { rootCredentials: password }),
    account("444444444444", { status: "failed", errorCode: "AccessDenied", rootCredentials: undefined }),
    account("555555555555"),
    account("666666666666", { rootCredentials: twoRecentKeys }),
    account("777777777777", { rootCredentials: twoRecentKeys }),
  ];
  const audit = snapshot(accounts, {
    features: { trustedAccess: false, rootCredentialsManagement: true, rootSessions: false },
  });
  return { desired, audit };
}

describe("plan: summary and order", () => {
  it("counts every disposition and both kinds of action", () => {
    const { desired, audit } = inputs();
    const result = plan(desired, audit, NOW);

    expect(result.summary).toMatchObject({
      accounts: 8,
      compliant: 2,
      drift: 3,
      unmanaged: 1,
      notVerified: 1,
      outOfScope: 1,
      organizationActions: 2,
      accountActions: 5,
    });
    expect(hasChanges(result)).toBe(true);
  });

  it("counts the findings of each severity, every severity present", () => {
    const { desired, audit } = inputs();
    const result = plan(desired, audit, NOW);
    const tally = Object.fromEntries(
      Severities.map((severity) => [severity, result.findings.filter((f) => f.severity === severity).length]),
    );

    expect(result.summary.findings).toEqual(tally);
    expect(Object.keys(result.summary.findings)).toEqual([...Severities]);
    expect(new Set(result.findings.map((f) => f.severity)).size).toBeGreaterThanOrEqual(4);
  });

  it("sorts findings by severity, then rule, account and message", () => {
    const { desired, audit } = inputs();
    const findings = plan(desired, audit, NOW).findings;
    const inOrder = (a: Finding, b: Finding) =>
      severityRank(a.severity) < severityRank(b.severity) ||
      (a.severity === b.severity &&
        (a.ruleId < b.ruleId ||
          (a.ruleId === b.ruleId &&
            ((a.accountId ?? "") < (b.accountId ?? "") ||
              (a.accountId === b.accountId && a.message <= b.message)))));

    for (let index = 1; index < findings.length; index++) {
      expect(inOrder(findings[index - 1] as Finding, findings[index] as Finding)).toBe(true);
    }
    // The case the message decides: two recently used keys of one account.
    const recent = findings.filter(
      (f) => f.ruleId === "recently-used-credential" && f.accountId === "666666666666",
    );
    expect(recent.map((f) => f.message.slice(0, 20))).toEqual([
      "root access key AKIA",
      "root access key AKIA",
    ]);
    expect((recent[0]?.message ?? "") < (recent[1]?.message ?? "")).toBe(true);
  });

  it("does not depend on the order of the audit's accounts", () => {
    const { desired, audit } = inputs();
    const reversed = { ...audit, accounts: [...audit.accounts].reverse() };

    expect(plan(desired, reversed, NOW)).toEqual(plan(desired, audit, NOW));
    expect(plan(desired, audit, NOW).accounts.map((entry) => entry.accountId)).toEqual(
      [...audit.accounts.map((entry) => entry.id)].sort(),
    );
  });

  it("a plan with no actions has no changes", () => {
    const desired = desiredFrom({ "policy.yaml": policyYaml() });
    const result = plan(desired, snapshot([account("111111111111")]), NOW);

    expect(result.actions).toEqual([]);
    expect(hasChanges(result)).toBe(false);
    expect(result.summary).toMatchObject({ accounts: 2, compliant: 1, drift: 0, organizationActions: 0 });
  });

  it("records the inputs it was made from", () => {
    const { desired, audit } = inputs();
    const result = plan(desired, audit, NOW);

    expect(result).toMatchObject({
      version: 1,
      organizationId: ORG_ID,
      managementAccountId: desired.organization.managementAccountId,
      desiredStateDigest: desired.digest,
      auditGeneratedAt: audit.generatedAt,
      plannedAt: NOW.toISOString(),
    });
    expect(result.fingerprint).toBe(planFingerprint(ORG_ID, result.actions, result.accounts, result.unlocks));
  });
});

describe("plan: refuses inputs that cannot be planned", () => {
  it("an audit of another organization", () => {
    const { desired, audit } = inputs();
    const other = { ...audit, organization: { ...audit.organization, id: "o-other123456" } };
    const refuse = () => plan(desired, other, NOW);

    expect(refuse).toThrow(OrganizationMismatchError);
    expect(refuse).toThrow(
      `the audit is of organization o-other123456, but the desired state is for ${ORG_ID}`,
    );
  });

  it.each<[string, boolean | undefined, boolean]>([
    ["tags not read, tag selectors", false, true],
    ["tags not recorded, tag selectors", undefined, true],
    ["tags not read, no tag selectors", false, false],
    ["tags read, tag selectors", true, false],
  ])("%s", (name, tagsRead, refused) => {
    const selectors = name.endsWith("no tag selectors") ? 'accounts: ["111111111111"]' : "tags: { team: x }";
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        exceptions: `  - name: e\n    ${selectors}\n    password: allowed\n    reason: r\n    owner: o`,
      }),
    });
    const { tagsRead: _dropped, ...audit } = snapshot([account("111111111111")]);
    const run = () => plan(desired, tagsRead === undefined ? audit : { ...audit, tagsRead }, NOW);

    if (refused) expect(run).toThrow(TagsNotReadError);
    else expect(run).not.toThrow();
  });

  it("says what was not read", () => {
    expect(new TagsNotReadError().message).toBe(
      "the desired state selects accounts by tag, but the audit did not read account tags",
    );
  });
});

describe("restrictToUnlocks", () => {
  it("keeps only the unlock actions and findings, recounted and fingerprinted", () => {
    const full = richPlan();
    const restricted = restrictToUnlocks(full);
    const unlockActions = full.actions.filter((action) => "unlock" in action);

    expect(restricted.actions).toEqual(unlockActions);
    expect(restricted.findings.length).toBeGreaterThan(0);
    expect(restricted.findings).toEqual(full.findings.filter((f) => f.ruleId.startsWith("unlock-")));
    expect(restricted.summary).toEqual({
      ...full.summary,
      drift: new Set(unlockActions.map((action) => ("accountId" in action ? action.accountId : ""))).size,
      accountActions: unlockActions.length,
      organizationActions: 0,
    });
    expect(restricted.fingerprint).toBe(
      planFingerprint(full.organizationId, unlockActions, full.accounts, full.unlocks),
    );
    expect(restricted.fingerprint).not.toBe(full.fingerprint);
    expect({ ...restricted, actions: [], findings: [], summary: {}, fingerprint: "" }).toEqual({
      ...full,
      actions: [],
      findings: [],
      summary: {},
      fingerprint: "",
    });
  });

  it("counts accounts, not actions, as drift", () => {
    const full = richPlan();
    const restricted = restrictToUnlocks(full);

    // Both unlock actions of the rich plan are in account 777777777777.
    expect(restricted.summary.accountActions).toBe(2);
    expect(restricted.summary.drift).toBe(1);
  });
});

describe("governanceText", () => {
  const location = { file: "desired-state/policy.yaml", line: 16 };

  it.each<[Governance, string]>([
    [{ kind: "exception", name: "billing", location }, "exception billing (desired-state/policy.yaml:16)"],
    [
      { kind: "unmanaged", name: "unmanaged entry", location },
      "unmanaged entry (desired-state/policy.yaml:16)",
    ],
    [{ kind: "baseline", location }, "the baseline (desired-state/policy.yaml:16)"],
    [{ kind: "out-of-scope", location }, "nothing: the management account is out of scope"],
    [{ kind: "unverified", location }, "unknown: the account's tags could not be read"],
  ])("%o", (governedBy, text) => {
    expect(governanceText({ governedBy })).toBe(text);
  });
});
