import { describe, expect, it } from "vitest";
import { exampleFixturePath } from "./example-fixture.js";
import { loadFixture, loadFixtureText } from "./fixture-load.js";
import { pathOf } from "./org-builder.js";

describe("sandbox fixture loading", () => {
  it("loads the built-in example organization", () => {
    const org = loadFixture({ file: exampleFixturePath() });
    expect(org.id).toBe("o-acme1234567");
    expect(org.accounts).toHaveLength(37);
    expect(org.accountsById.get("222222222222")?.root?.mfaDevices[0]?.serial).toBe("GAHT12345678");
    expect(pathOf(org, org.accountsById.get("555555555503")?.parentId ?? "")).toBe("/Root/Workloads/Prod");
  });

  it("derives the same credential ids in every run", () => {
    const first = loadFixture({ file: exampleFixturePath() }).accountsById.get("555555555503")?.root;
    const second = loadFixture({ file: exampleFixturePath() }).accountsById.get("555555555503")?.root;
    expect(first?.accessKeys.map((key) => key.id)).toEqual(second?.accessKeys.map((key) => key.id));
    expect(new Set(first?.accessKeys.map((key) => key.id)).size).toBe(2);
    expect(first?.signingCertificates[0]?.body).toBe(second?.signingCertificates[0]?.body);
  });

  it("reports every schema problem at once with file:line:col", () => {
    expect(() => loadFixture({ file: "test/fixtures/sandbox/invalid.yaml" })).toThrowError(
      expect.objectContaining({
        code: "SANDBOX_FIXTURE_INVALID",
        message: expect.stringMatching(
          /invalid\.yaml:11:9 accounts\[1\]\.id: must be a 12-digit account id in quotes[\s\S]*invalid\.yaml:\d+:\d+ accounts\[1\]: unknown field\(s\) roots[\s\S]*accounts\[2\]\.root\.accessKeys\[0\]\.status[\s\S]*accounts\[2\]\.root\.accessKeys\[0\]\.created/,
        ),
      }),
    );
  });

  it("reports cross-references after the schema passes", () => {
    const text = `
apiVersion: rootward/sandbox-v1
kind: SandboxOrganization
organization: { id: o-refs00000001, managementAccountId: "300000000009" }
accounts:
  - { id: "300000000001", name: a, email: a@x.example }
  - { id: "300000000001", name: b, email: b@x.example }
  - { id: "300000000002", name: c, email: c@x.example, ou: /Root/Nowhere }
policies:
  - id: p-badpolicy01
    name: Bad
    targets: [/Root/Missing]
    content: { Statement: [{ Effect: Deny, Action: "*", Condition: { IpAddress: { aws:SourceIp: 10.0.0.0/8 } } }] }
`;
    let message = "";
    try {
      loadFixtureText(text, "refs.yaml");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("refs.yaml:8:60 accounts[2].ou: unknown OU /Root/Nowhere");
    expect(message).toContain("accounts[1].id: duplicate account 300000000001");
    expect(message).toContain(
      "organization.managementAccountId: the management account 300000000009 must be listed",
    );
    expect(message).toContain(
      "policies[0].content: Statement[0].Condition operator IpAddress is not supported",
    );
    expect(message).toContain("policies[0].targets[0]: unknown target /Root/Missing");
  });

  it("keeps the callers a fixture declares, and locates a caller policy IAM would refuse", () => {
    const org = loadFixture({ file: "test/fixtures/sandbox/callers.yaml" });
    expect(org.callers.map((caller) => [caller.name, caller.policies?.length])).toEqual([
      ["auditor", 1],
      ["operator", undefined],
    ]);
    const text = `apiVersion: rootward/sandbox-v1
kind: SandboxOrganization
organization: { id: o-callers0002, managementAccountId: "300000000001" }
accounts:
  - { id: "300000000001", name: m, email: m@x.example }
callers:
  - name: ci
    accountId: somewhere
    policies:
      - { Statement: [{ Effect: Allow, Action: "*", Resource: "*" }] }
      - { Statement: [{ Effect: Allow, Action: "*" }] }
`;
    expect(() => loadFixtureText(text, "callers.yaml")).toThrow(
      /callers\.yaml:8:16 callers\[0\]\.accountId: must be a 12-digit account id or one of management, delegated-admin, member[\s\S]*callers\.yaml:11:9 callers\[0\]\.policies\[1\]: Statement\[0\] needs Resource or NotResource/,
    );
  });

  it("reports YAML syntax errors with their position", () => {
    expect(() => loadFixtureText("apiVersion: [\n", "broken.yaml")).toThrow(/broken\.yaml:\d+:\d+/);
  });

  it("creates missing parent OUs and keeps listed ids", () => {
    const org = loadFixtureText(
      `apiVersion: rootward/sandbox-v1
kind: SandboxOrganization
organization: { id: o-parents00001, managementAccountId: "300000000001" }
organizationalUnits:
  - { path: /Root/A/B/C, id: ou-abcd-cccccccc }
  - { path: /Root/A, id: ou-abcd-aaaaaaaa }
accounts:
  - { id: "300000000001", name: m, email: m@x.example, ou: /Root/A/B/C }
`,
      "parents.yaml",
    );
    expect(org.ous.map((ou) => [ou.path, ou.id.startsWith("ou-")])).toEqual([
      ["/Root/A", true],
      ["/Root/A/B", true],
      ["/Root/A/B/C", true],
    ]);
    expect(org.ousById.get("ou-abcd-aaaaaaaa")?.path).toBe("/Root/A");
    expect(org.ousById.get("ou-abcd-cccccccc")?.parentId).toBe(org.ous[1]?.id);
  });
});
