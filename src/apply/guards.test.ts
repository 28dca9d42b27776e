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
  maxActions: 50,
};

/** A forger recomputes the fingerprint: the guards can only catch what is structurally wrong. */
function reforged(p: Plan, actions: Plan["actions"]): Plan {
  return { ...p, actions, fingerprint: planFingerprint(p.organizationId, actions, p.accounts, p.unlocks) };
}

describe("apply guards (integrity, before anything is read)", () => {
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
      "an edited recorded credential set",
      (p) => ({
        ...p,
        accounts: p.accounts.map((entry) => ({ ...entry, liveFingerprint: "0".repeat(64) })),
      }),
      {},
      "plan-tampered",
    ],
    [
      "the same action twice",
      (p) => reforged(p, [...p.actions, p.actions[0] as Plan["actions"][number]]),
      {},
      "plan-malformed",
    ],
  ])("refuses %s", (_name, edit, overrides, code) => {
    expect(checkGuards({ ...base, ...overrides, plan: edit(withPasswords(3)) })?.code).toBe(code);
  });

  it("says how to raise the blast-radius limit", () => {
    expect(checkGuards({ ...base, maxActions: 2, plan: withPasswords(3) })?.hint).toContain(
      "--max-actions 3",
    );
  });

  it.each<[string, string | undefined, string | undefined, string, string]>([
    [
      "made from another directory",
      "policies",
      "desired-state",
      "the plan was made from the desired state in policies/, but apply reads desired-state/ (their digests differ)",
      "this plan was made from policies/; run rootward apply drift/plan.json --desired-state policies/",
    ],
    [
      "made from the same directory",
      "policies",
      "policies",
      "the desired state changed since this plan was made (its digest no longer matches the files)",
      "re-run `rootward plan` against these desired-state files and review it",
    ],
    [
      "written before plans recorded it",
      undefined,
      "desired-state",
      "the desired state changed since this plan was made (its digest no longer matches the files)",
      "re-run `rootward plan` against these desired-state files and review it",
    ],
  ])("a changed digest, plan %s: says which directory to pass", (_name, madeFrom, reads, message, hint) => {
    const p = withPasswords(1);
    const refusal = checkGuards({
      ...base,
      desiredDigest: "0".repeat(64),
      desiredStateDir: reads,
      planFile: "drift/plan.json",
      plan: madeFrom === undefined ? p : { ...p, desiredStateDir: madeFrom },
    });
    expect(refusal).toEqual({ code: "desired-state-changed", message, hint });
  });

  it("keeps the recorded directory out of the fingerprint: it is a hint, never trusted", () => {
    const p = withPasswords(2);
    expect(checkGuards({ ...base, plan: { ...p, desiredStateDir: "somewhere/else" } })).toBeUndefined();
  });

  it("does not judge targets from the plan's own claims (that is justify.ts, on live facts)", () => {
    const p = withPasswords(1);
    const forged = reforged(p, [
      ...p.actions,
      {
        operation: "DeleteLoginProfile",
        accountId: p.managementAccountId,
        taskPolicy: "IAMDeleteRootUserCredentials",
      },
    ]);
    expect(checkGuards({ ...base, plan: forged })).toBeUndefined();
  });
});

describe("apply guards: what each refusal says, and the limits exactly", () => {
  const disableSessions = { operation: "DisableOrganizationsRootSessions" } as const;

  it.each<[string, (p: Plan) => Plan, Partial<typeof base>, ReturnType<typeof checkGuards>]>([
    [
      "an edited plan",
      (p) => ({ ...p, actions: p.actions.slice(1) }),
      {},
      {
        code: "plan-tampered",
        message:
          "the plan's actions do not match its fingerprint: the file was edited or damaged after `rootward plan` wrote it",
        hint: "apply only plan files written by `rootward plan --out`; re-run the plan",
      },
    ],
    [
      "another organization",
      (p) => ({
        ...p,
        organizationId: "o-other123456",
        fingerprint: planFingerprint("o-other123456", p.actions, p.accounts),
      }),
      {},
      {
        code: "organization-mismatch",
        message: `the plan is for organization o-other123456, but the desired state is for ${desired.organization.id}`,
        hint: "apply the plan from the repository it was made from",
      },
    ],
    [
      "an account action listed twice",
      (p) => reforged(p, [...p.actions, p.actions[0] as Plan["actions"][number]]),
      {},
      {
        code: "plan-malformed",
        message:
          "the plan lists DeleteLoginProfile twice for account 111111111111; rootward never writes such a plan",
        hint: "re-run `rootward plan`",
      },
    ],
    [
      "an organization action listed twice",
      (p) => reforged(p, [disableSessions, ...p.actions, disableSessions]),
      {},
      {
        code: "plan-malformed",
        message: "the plan lists DisableOrganizationsRootSessions twice; rootward never writes such a plan",
        hint: "re-run `rootward plan`",
      },
    ],
    [
      "one account action more than --max-actions",
      (p) => p,
      { maxActions: 2 },
      {
        code: "too-many-actions",
        message:
          "the plan has 3 per-account actions, more than --max-actions 2 (a guard against deleting too much at once)",
        hint: "review the plan, then re-run with --max-actions 3",
      },
    ],
    ["exactly --max-actions account actions", (p) => p, { maxActions: 3 }, undefined],
    [
      "organization actions beyond --max-actions (they are not per-account)",
      (p) => reforged(p, [disableSessions, ...p.actions]),
      { maxActions: 3 },
      undefined,
    ],
    ["the same operation on two accounts (not a duplicate)", (p) => p, {}, undefined],
  ])("%s", (_name, edit, overrides, refusal) => {
    expect(checkGuards({ ...base, ...overrides, plan: edit(withPasswords(3)) })).toEqual(refusal);
  });

  it("checks the fingerprint before the organization, and the organization before the digest", () => {
    const p = withPasswords(1);
    const everythingWrong = { ...p, organizationId: "o-other123456" };
    expect(checkGuards({ ...base, desiredDigest: "0".repeat(64), plan: everythingWrong })?.code).toBe(
      "plan-tampered",
    );
    const otherOrganization = {
      ...p,
      organizationId: "o-other123456",
      fingerprint: planFingerprint("o-other123456", p.actions, p.accounts),
    };
    expect(checkGuards({ ...base, desiredDigest: "0".repeat(64), plan: otherOrganization })?.code).toBe(
      "organization-mismatch",
    );
    expect(checkGuards({ ...base, desiredDigest: "0".repeat(64), maxActions: 0, plan: p })?.code).toBe(
      "desired-state-changed",
    );
  });

  it.each<[string, string | undefined, string | undefined, string]>([
    ["no plan file named (a plan apply made itself)", undefined, "desired-state", "plan.json"],
    ["a plan file named", "out/plan.json", "desired-state", "out/plan.json"],
  ])("a plan made from another directory, %s: names the file to apply", (_name, planFile, reads, shown) => {
    const p = { ...withPasswords(1), desiredStateDir: "policies" };
    const refusal = checkGuards({
      ...base,
      desiredDigest: "0".repeat(64),
      desiredStateDir: reads,
      ...(planFile === undefined ? {} : { planFile }),
      plan: p,
    });
    expect(refusal?.hint).toBe(
      `this plan was made from policies/; run rootward apply ${shown} --desired-state policies/`,
    );
  });

  it("without the directory apply reads, says only that the files changed", () => {
    const p = { ...withPasswords(1), desiredStateDir: "policies" };
    expect(checkGuards({ ...base, desiredDigest: "0".repeat(64), plan: p })?.message).toBe(
      "the desired state changed since this plan was made (its digest no longer matches the files)",
    );
  });
});

describe("apply guards: partial plans (--account)", () => {
  const partial = (): Plan => ({
    ...withPasswords(2),
    target: {
      accounts: [
        { id: "111111111111", name: "one" },
        { id: "111111111112", name: "two" },
      ],
    },
  });

  it.each<[string, () => Plan, readonly string[] | undefined, string | undefined]>([
    ["a saved partial plan without --account", partial, undefined, "partial-plan"],
    ["a saved partial plan with only some of its accounts", partial, ["111111111111"], "partial-plan"],
    ["a saved partial plan with its accounts, by id and name", partial, ["111111111111", "two"], undefined],
    ["a saved full plan with --account", () => withPasswords(2), ["111111111111"], "account-with-full-plan"],
    ["a saved full plan without --account", () => withPasswords(2), undefined, undefined],
  ])("%s", (_name, made, accounts, code) => {
    const refusal = checkGuards({
      ...base,
      plan: made(),
      planFile: "partial.json",
      ...(accounts ? { accounts } : {}),
    });
    expect(refusal?.code).toBe(code);
  });
});
