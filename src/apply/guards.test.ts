import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import { planFingerprint } from "../plan/fingerprint.js";
import type { Plan } from "../plan/model.js";
import { plan } from "../plan/plan.js";
import { checkGuards } from "./guards.js";

const desired = desiredFrom({ "policy.yaml": policyYaml() });
const withPasswords = (count: number): Plan =>
  plan(
    desired,
    snapshot(
      Array.from({ length: count }, (_, index) =>
        account(String(111111111111 + index), {
          rootCredentials: {
            password: { present: true },
            accessKeys: [],
            mfaDevices: [],
            signingCertificates: [],
          },
        }),
      ),
    ),
    NOW,
  );
const base = {
  desiredOrganizationId: desired.organization.id,
  desiredDigest: desired.digest,
  ignoreDesiredStateDrift: false,
  maxActions: 50,
};

describe("apply guards", () => {
  it("lets a fresh plan through", () => {
    expect(checkGuards({ ...base, plan: withPasswords(3) })).toBeUndefined();
  });

  it.each<[string, (p: Plan) => Plan, Partial<typeof base>, string]>([
    [
      "another organization",
      (p) => ({
        ...p,
        organizationId: "o-other123456",
        fingerprint: planFingerprint("o-other123456", p.actions, p.accounts),
      }),
      {},
      "organization-mismatch",
    ],
    ["a changed desired state", (p) => p, { desiredDigest: "0".repeat(64) }, "desired-state-changed"],
    ["more actions than --max-actions", (p) => p, { maxActions: 2 }, "too-many-actions"],
    ["an edited action list", (p) => ({ ...p, actions: p.actions.slice(1) }), {}, "plan-tampered"],
    [
      "an action on the management account",
      (p) => {
        const actions = [
          ...p.actions,
          {
            operation: "DeleteLoginProfile" as const,
            accountId: p.managementAccountId,
            taskPolicy: "IAMDeleteRootUserCredentials" as const,
          },
        ];
        return { ...p, actions, fingerprint: planFingerprint(p.organizationId, actions, p.accounts) };
      },
      {},
      "forbidden-target",
    ],
  ])("refuses %s", (_name, edit, overrides, code) => {
    expect(checkGuards({ ...base, ...overrides, plan: edit(withPasswords(3)) })?.code).toBe(code);
  });

  it("accepts a changed desired state with --ignore-desired-state-drift", () => {
    expect(
      checkGuards({
        ...base,
        desiredDigest: "0".repeat(64),
        ignoreDesiredStateDrift: true,
        plan: withPasswords(3),
      }),
    ).toBeUndefined();
  });

  it("says how to raise the blast-radius limit", () => {
    expect(checkGuards({ ...base, maxActions: 2, plan: withPasswords(3) })?.hint).toContain(
      "--max-actions 3",
    );
  });
});
