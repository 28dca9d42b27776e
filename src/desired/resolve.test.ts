import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { desiredFrom, NOW, policyYaml } from "../../test/support/builders.js";
import { loadDesiredState } from "./load.js";
import type { DesiredState } from "./model.js";
import { type AccountFacts, type Governing, governingEntry } from "./resolve.js";

function account(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return {
    id: "123456789012",
    name: "workload",
    ouPath: "/Root/Workloads",
    ouIds: ["r-ab12", "ou-ab12-work0001"],
    tags: {},
    ...overrides,
  };
}

/** Which entry governs, as a short label: the exception name, `unmanaged[N]` or `baseline`. */
function label(governing: Governing): string {
  if (governing.kind === "exception") return governing.rule.name;
  if (governing.kind === "unmanaged") return governing.rule.label;
  return "baseline";
}

function entry(name: string, selector: string, extra = "    password: allowed"): string {
  return [
    `  - name: ${name}`,
    `    ${selector}`,
    extra,
    "    reason: Testing",
    "    owner: ops@example.com",
  ].join("\n");
}

function exceptionsFile(...entries: string[]): string {
  return ["apiVersion: rootward/v1", "kind: RootAccessExceptions", "exceptions:", ...entries, ""].join("\n");
}

describe("governingEntry: selectors", () => {
  // Built per test: selectors are compiled once per loaded desired state (resolve.ts caches them),
  // and a state shared across tests would keep answering with the first compilation.
  const fresh = () =>
    desiredFrom({
      "desired-state/policy.yaml": policyYaml({
        exceptions: [
          entry("by-account", 'accounts: ["111111111111"]'),
          entry("by-ou-path", 'ous: ["/Root/Legacy"]'),
          entry("by-ou-id", 'ous: ["ou-ab12-sand0001"]'),
          entry("by-tags", "tags: { env: prod, team: payments }"),
          entry("by-name", 'names: ["legacy-ftp*", "app-?"]'),
        ].join("\n"),
      }),
    });

  it.each<[string, Partial<AccountFacts>, string]>([
    ["a listed account id", { id: "111111111111" }, "by-account"],
    ["an unlisted account id", { id: "111111111112" }, "baseline"],
    ["the OU itself", { ouPath: "/Root/Legacy" }, "by-ou-path"],
    ["an OU below it", { ouPath: "/Root/Legacy/Ftp/Eu" }, "by-ou-path"],
    ["a sibling OU sharing the prefix", { ouPath: "/Root/Legacy2" }, "baseline"],
    ["the parent OU", { ouPath: "/Root" }, "baseline"],
    [
      "an OU id among the ancestors",
      { ouIds: ["r-ab12", "ou-ab12-sand0001", "ou-ab12-deep0001"] },
      "by-ou-id",
    ],
    ["an OU id elsewhere", { ouIds: ["r-ab12", "ou-ab12-sand0002"] }, "baseline"],
    ["all listed tags, plus others", { tags: { env: "prod", team: "payments", cost: "1" } }, "by-tags"],
    ["only one of the listed tags", { tags: { env: "prod" } }, "baseline"],
    ["a listed tag with another value", { tags: { env: "dev", team: "payments" } }, "baseline"],
    ["a tag value differing in case", { tags: { env: "Prod", team: "payments" } }, "baseline"],
    ["a name glob with *", { name: "legacy-ftp-eu" }, "by-name"],
    ["a name glob with ?", { name: "app-7" }, "by-name"],
    ["a name the globs miss", { name: "app-17" }, "baseline"],
  ])("%s", (_, facts, expected) => {
    expect(label(governingEntry(fresh(), account(facts), NOW))).toBe(expected);
  });

  it("names the baseline as the governing kind when nothing else matches", () => {
    expect(governingEntry(fresh(), account({ id: "111111111112" }), NOW).kind).toBe("baseline");
  });
});

describe("governingEntry: precedence", () => {
  const state = desiredFrom({
    "desired-state/policy.yaml": policyYaml({
      exceptions: entry("in-policy", 'accounts: ["111111111111", "333333333333"]'),
      unmanaged: '  - ous: ["/Root/Quarantine"]\n    reason: Closing',
    }),
    "desired-state/exceptions/b-team.yaml": exceptionsFile(
      entry("b-first", 'names: ["shared-*"]'),
      entry("b-second", 'accounts: ["222222222222"]'),
    ),
    "desired-state/exceptions/a-team.yaml": exceptionsFile(entry("a-only", 'names: ["shared-a*"]')),
  });

  it.each<[string, Partial<AccountFacts>, string]>([
    [
      "unmanaged wins over a matching exception",
      { id: "111111111111", ouPath: "/Root/Quarantine/Old" },
      "unmanaged[0]",
    ],
    ["an earlier file name wins (a-team before b-team)", { name: "shared-app" }, "a-only"],
    ["the first entry in a file wins", { name: "shared-b", id: "222222222222" }, "b-first"],
    ["exceptions/ files sort before policy.yaml", { id: "111111111111", name: "shared-b" }, "b-first"],
    ["the policy's exception applies when nothing earlier matches", { id: "333333333333" }, "in-policy"],
    ["nothing matches: the baseline", { id: "444444444444" }, "baseline"],
  ])("%s", (_, facts, expected) => {
    expect(label(governingEntry(state, account(facts), NOW))).toBe(expected);
  });

  it("records where the governing entry is written", () => {
    const governing = governingEntry(state, account({ name: "shared-app" }), NOW);
    expect(governing.location).toEqual({ file: "desired-state/exceptions/a-team.yaml", line: 4, col: 5 });
    const baseline = governingEntry(state, account(), NOW);
    expect(baseline.location).toEqual({ file: "desired-state/policy.yaml", line: 11, col: 3 });
  });
});

describe("governingEntry: expiry", () => {
  const state = desiredFrom({
    "desired-state/policy.yaml": policyYaml({
      exceptions: [
        entry("temporary", 'accounts: ["111111111111"]', "    password: present\n    expires: 2026-11-30"),
        entry("fallback", 'names: ["workload"]', "    password: allowed"),
      ].join("\n"),
    }),
  });

  it.each([
    ["2026-11-22T12:00:00Z", "temporary"],
    ["2026-11-30T00:00:00Z", "temporary"],
    ["2026-11-30T23:59:59.999Z", "temporary"],
    ["2026-12-01T00:00:00Z", "fallback"],
    ["2027-06-01T00:00:00Z", "fallback"],
  ])("at %s the account gets %s", (now, expected) => {
    expect(label(governingEntry(state, account({ id: "111111111111" }), new Date(now)))).toBe(expected);
  });
});

describe("governingEntry: credential rules", () => {
  const state = desiredFrom({
    "desired-state/policy.yaml": policyYaml({
      baseline: "  password: absent\n  accessKeys: absent\n  signingCertificates: allowed\n  mfa: required",
      exceptions: [
        entry("password-only", 'accounts: ["111111111111"]', "    password: present"),
        entry(
          "everything",
          'accounts: ["222222222222"]',
          "    password: allowed\n    accessKeys: allowed\n    signingCertificates: absent\n    mfa: absent",
        ),
      ].join("\n"),
    }),
  });

  it.each([
    [
      "111111111111",
      { password: "present", accessKeys: "absent", signingCertificates: "allowed", mfa: "required" },
    ],
    [
      "222222222222",
      { password: "allowed", accessKeys: "allowed", signingCertificates: "absent", mfa: "absent" },
    ],
    [
      "333333333333",
      { password: "absent", accessKeys: "absent", signingCertificates: "allowed", mfa: "required" },
    ],
  ])("account %s gets %o (kinds an exception leaves out fall back to the baseline)", (id, expected) => {
    const governing = governingEntry(state, account({ id }), NOW);
    expect(governing.kind === "unmanaged" ? undefined : governing.rules).toEqual(expected);
  });
});

describe("governingEntry: file order", () => {
  const files: Record<string, string> = {
    "desired-state/policy.yaml": policyYaml({
      exceptions: entry("policy-wide", 'ous: ["/Root"]'),
      unmanaged: "  - tags: { state: closing }\n    reason: Closing",
    }),
    "desired-state/exceptions/a.yaml": exceptionsFile(
      entry("a-prod", "tags: { env: prod }"),
      entry("a-legacy", 'ous: ["/Root/Legacy"]'),
    ),
    "desired-state/exceptions/b.yaml": exceptionsFile(
      entry("b-legacy-names", 'names: ["legacy-*"]'),
      entry("b-prod", "tags: { env: prod }"),
    ),
    "desired-state/z.yml": exceptionsFile(entry("z-everything", 'names: ["*"]')),
  };

  function load(order: readonly string[]): DesiredState {
    const sources = order.map((path) => ({
      path,
      name: path,
      content: new TextEncoder().encode(files[path]),
    }));
    const result = loadDesiredState("desired-state", sources, NOW);
    if (!result.state) throw new Error(JSON.stringify(result.problems));
    return result.state;
  }

  const accounts = fc.record({
    id: fc.constantFrom("111111111111", "222222222222"),
    name: fc.constantFrom("legacy-ftp", "app", "legacy"),
    ouPath: fc.constantFrom("/Root", "/Root/Legacy", "/Root/Legacy/Ftp", "/Root/Workloads"),
    ouIds: fc.constant(["r-ab12"]),
    tags: fc.dictionary(fc.constantFrom("env", "state"), fc.constantFrom("prod", "closing", "dev")),
  });

  it("resolves the same whatever order the files are passed in", () => {
    const sorted = load(Object.keys(files).sort());
    fc.assert(
      fc.property(
        fc.shuffledSubarray(Object.keys(files), { minLength: 4, maxLength: 4 }),
        accounts,
        (order, facts) => {
          const shuffled = load(order);
          expect(shuffled.digest).toBe(sorted.digest);
          expect(governingEntry(shuffled, facts, NOW)).toEqual(governingEntry(sorted, facts, NOW));
        },
      ),
      { numRuns: 50 },
    );
  });
});
