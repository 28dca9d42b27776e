import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import { loadDesiredState } from "../../src/desired/index.js";
import { grandfather, heldKinds } from "../../src/init/grandfather.js";
import { renderPolicyYaml } from "../../src/init/policy-yaml.js";
import { plan } from "../../src/plan/plan.js";
import { NOW } from "../support/builders.js";
import { organizationArbitrary } from "../support/organization-arbitraries.js";

/**
 * Issue 15: `rootward init` writes a policy that validates, and `rootward plan` against the same
 * snapshot right after reports no changes; the grandfathering exceptions are grouped (by OU and
 * credential kinds), and when they expire the plan removes exactly what they kept.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

function initPolicy(audit: AuditSnapshot, grace: number) {
  const expires = new Date(NOW.getTime() + grace * DAY_MS).toISOString().slice(0, 10);
  const result = grandfather(audit, { owner: "@acme/security", expires, auditDay: "2026-11-21" });
  const text = renderPolicyYaml(result.policy, {
    schemaPath: "./rootward.schema.json",
    auditDay: "2026-11-21",
    notRead: result.counts.notRead,
  });
  const loaded = loadDesiredState(
    "desired-state",
    [{ path: "desired-state/policy.yaml", name: "policy.yaml", content: new TextEncoder().encode(text) }],
    NOW,
  );
  return { result, text, loaded, expires };
}

/** ACTIVE member accounts audited with some root credential: exactly what init grandfathers. */
function holders(audit: AuditSnapshot): Map<string, string> {
  const shapes = new Map<string, string>();
  for (const account of audit.accounts) {
    if (account.id === audit.organization.managementAccountId || account.state !== "ACTIVE") continue;
    if (account.status !== "audited" || !account.rootCredentials) continue;
    const kinds = heldKinds(account.rootCredentials);
    if (kinds.length > 0) shapes.set(account.id, `${account.ouPath}|${kinds.join(",")}`);
  }
  return shapes;
}

function checkInit(audit: AuditSnapshot, grace: number): void {
  const { result, loaded, expires, text } = initPolicy(audit, grace);
  expect(
    loaded.problems.filter((problem) => problem.severity === "error"),
    text,
  ).toEqual([]);
  const desired = loaded.state;
  if (!desired) throw new Error("no desired state");

  // No changes; only an organization whose root-access features are on without IAM trusted
  // access (which a policy cannot express) gets the one switch that repairs it.
  const now = plan(desired, audit, NOW);
  expect(now.actions).toEqual(
    result.trustedAccessRepaired
      ? [{ operation: "EnableAWSServiceAccess", servicePrincipal: "iam.amazonaws.com" }]
      : [],
  );

  // Grouped: one exception per OU and credential shape, each account in exactly one.
  const expected = holders(audit);
  const exceptions = result.policy.exceptions ?? [];
  expect(exceptions.length).toBe(new Set(expected.values()).size);
  const listed = exceptions.flatMap((entry) => entry.accounts ?? []);
  expect(listed.sort()).toEqual([...expected.keys()].sort());
  for (const entry of exceptions) {
    expect(entry.expires).toBe(expires);
    expect(entry.owner).toBe("@acme/security");
    expect(new Set(entry.accounts?.map((id) => expected.get(id))).size).toBe(1);
  }
  expect(result.trustedAccessRepaired).toBe(
    !audit.features.trustedAccess &&
      (audit.features.rootCredentialsManagement || audit.features.rootSessions),
  );
  expect(result.policy.features).toEqual({
    trustedAccess: audit.features.trustedAccess || result.trustedAccessRepaired ? "enabled" : "disabled",
    rootCredentialsManagement: audit.features.rootCredentialsManagement ? "enabled" : "disabled",
    rootSessions: audit.features.rootSessions ? "enabled" : "disabled",
  });

  // The day after they expire, the plan removes what they kept, and nothing anywhere else.
  const after = plan(desired, audit, new Date(Date.parse(`${expires}T00:00:00Z`) + DAY_MS));
  const touched = new Set(
    after.actions.flatMap((action) => ("accountId" in action ? [action.accountId] : [])),
  );
  expect([...touched].sort()).toEqual([...expected.keys()].sort());
}

describe("rootward init from an audit", () => {
  it("small organizations: validates, plans no changes, groups by OU and kinds", () => {
    fc.assert(fc.property(organizationArbitrary(40), fc.integer({ min: 0, max: 400 }), checkInit), {
      numRuns: 200,
    });
  });

  it("organizations of up to 2,000 accounts", () => {
    fc.assert(fc.property(organizationArbitrary(2_000), fc.integer({ min: 0, max: 400 }), checkInit), {
      numRuns: 25,
    });
  }, 60_000);

  it("the property really checks: a policy that forgets one grandfathered account plans a change", () => {
    const audit = fc.sample(
      organizationArbitrary(200).filter(
        (candidate) => candidate.features.rootCredentialsManagement && holders(candidate).size > 0,
      ),
      { numRuns: 1, seed: 7 },
    )[0] as AuditSnapshot;
    const { result } = initPolicy(audit, 30);
    const [first, ...rest] = result.policy.exceptions ?? [];
    if (!first) throw new Error("no exception");
    const trimmed = {
      ...result.policy,
      exceptions: [{ ...first, accounts: first.accounts?.slice(1) }, ...rest],
    };
    expect(() => checkInitWith(audit, trimmed)).toThrow();
  });
});

function checkInitWith(audit: AuditSnapshot, policy: ReturnType<typeof grandfather>["policy"]): void {
  const text = renderPolicyYaml(policy, { schemaPath: "./x.json", auditDay: "2026-11-21", notRead: 0 });
  const loaded = loadDesiredState(
    "desired-state",
    [{ path: "desired-state/policy.yaml", name: "policy.yaml", content: new TextEncoder().encode(text) }],
    NOW,
  );
  if (!loaded.state) throw new Error("invalid");
  expect(plan(loaded.state, audit, NOW).actions).toEqual([]);
}
