import { describe, expect, it } from "vitest";
import { account, clean, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import { DESIRED_FILES, driftPlan, richPlan } from "../../test/support/gitops-plans.js";
import { plan } from "../plan/plan.js";
import { exceptionSnippets } from "./exception-snippet.js";

/** The snippets pasted, with their TODO placeholders filled in as a reviewer must (validate refuses them). */
function exceptionsFile(snippets: string[]): string {
  const filled = snippets.map((snippet) => snippet.replace(/"TODO[^"\n]*"/g, '"filled in by the reviewer"'));
  return ["apiVersion: rootward/v1", "kind: RootAccessExceptions", "exceptions:", ...filled, ""].join("\n");
}

describe("exceptionSnippets", () => {
  it("offers one entry per account whose credentials the plan deletes, with exactly those kinds", () => {
    const snippets = exceptionSnippets(richPlan());
    expect(snippets.map((snippet) => snippet.accountId)).toEqual(["222222222222", "666666666666"]);
    expect(snippets[0]?.yaml).toBe(
      [
        "  - name: keep-root-222222222222",
        '    accounts: ["222222222222"] # shared-services',
        "    password: allowed",
        "    accessKeys: allowed",
        "    signingCertificates: allowed",
        "    mfa: allowed",
        '    reason: "TODO: why this account keeps root credentials"',
        '    owner: "TODO: the team or person who answers for them"',
        "    expires: 2027-02-20",
      ].join("\n"),
    );
  });

  it("pasted into desired-state/, makes the plan keep those credentials", () => {
    const drift = driftPlan("drift");
    const snippets = exceptionSnippets(drift).map((snippet) => snippet.yaml);
    expect(snippets).toHaveLength(2);
    const desired = desiredFrom({
      ...DESIRED_FILES,
      "desired-state/exceptions/keep.yaml": exceptionsFile(snippets),
    });
    const audit = snapshot(
      drift.accounts
        .filter((entry) => entry.live)
        .map((entry) => account(entry.accountId, { name: entry.name, rootCredentials: entry.live })),
    );
    const replanned = plan(desired, audit, NOW);
    expect(replanned.actions).toEqual([]);
    expect(replanned.accounts.filter((entry) => entry.governedBy.kind === "exception")).toHaveLength(2);
  });

  it("points at the governing exception, and works when pasted before it", () => {
    const policy = policyYaml({
      exceptions: [
        "  - name: shared-password",
        '    ous: ["/Root/Workloads"]',
        "    password: allowed",
        "    reason: Support plan",
        "    owner: ops@example.com",
      ].join("\n"),
    });
    const audit = snapshot([
      account("222222222222", {
        rootCredentials: {
          ...clean(),
          password: { present: true },
          accessKeys: [
            { accessKeyId: "AKIAIOSFODNN7EXAMPLE", status: "Active", createDate: "2020-01-01T00:00:00Z" },
          ],
        },
      }),
    ]);
    const before = plan(desiredFrom({ "desired-state/policy.yaml": policy }), audit, NOW);
    const [snippet] = exceptionSnippets(before);
    expect(snippet?.yaml).toContain(
      "# 222222222222 is governed by exception shared-password (desired-state/policy.yaml:",
    );
    expect(snippet?.yaml).toContain("    accessKeys: allowed");
    // Copied from the governing exception: left out, it would fall back to the baseline (absent).
    expect(snippet?.yaml).toContain("    password: allowed");
    expect(snippet?.yaml).toContain("    mfa: absent");
    // "a-…" sorts before policy.yaml, and the first match wins.
    const after = plan(
      desiredFrom({
        "desired-state/policy.yaml": policy,
        "desired-state/a-keep.yaml": exceptionsFile([snippet?.yaml ?? ""]),
      }),
      audit,
      NOW,
    );
    expect(after.actions).toEqual([]);
  });

  it("has nothing to offer when the plan only creates or changes nothing", () => {
    expect(exceptionSnippets(driftPlan("converged"))).toEqual([]);
  });
});
