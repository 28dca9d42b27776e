import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import type { AuditedAccount } from "../audit/snapshot.js";
import { plan } from "../plan/plan.js";
import { NOT_VERIFIED_SHOWN, notVerifiedTextLines } from "./plan-not-verified.js";
import { renderPlanText } from "./plan-text.js";

function planOf(accounts: AuditedAccount[], exceptions?: string) {
  const desired = desiredFrom({ "desired-state/policy.yaml": policyYaml(exceptions ? { exceptions } : {}) });
  return plan(desired, snapshot(accounts), NOW);
}

const TAGGED = `  - name: tagged
    tags:
      team: payments
    password: allowed
    reason: r
    owner: o@example.com`;

describe("the text plan names the accounts it counts as not verified", () => {
  it.each<[string, AuditedAccount, string | undefined, string]>([
    [
      "a failed audit",
      account("111111111111", { status: "failed", reason: "AccessDenied: explicit deny" }),
      undefined,
      "  111111111111 account-111111111111  failed: AccessDenied: explicit deny",
    ],
    [
      "a suspended account",
      account("111111111111", {
        status: "skipped",
        state: "SUSPENDED",
        reasonCode: "not-active",
        reason: "account is SUSPENDED",
      }),
      undefined,
      "  111111111111 account-111111111111  skipped: account is SUSPENDED",
    ],
    [
      "unreadable tags under a tag selector",
      account("111111111111", { tagsError: "AccessDenied" }),
      TAGGED,
      "  111111111111 account-111111111111  its tags could not be read, so the entry that governs it is unknown",
    ],
  ])("%s", (_name, audited, exceptions, line) => {
    const built = planOf([audited, account("222222222222")], exceptions);

    expect(built.summary.notVerified).toBe(1);
    expect(notVerifiedTextLines(built).slice(1, -1)).toEqual([line]);
    expect(renderPlanText(built, { color: false })).toContain(`\nNot verified (1): `);
  });

  it("lists at most a screenful and says how many more", () => {
    const failed = Array.from({ length: NOT_VERIFIED_SHOWN + 3 }, (_, index) =>
      account(`1000000000${String(index).padStart(2, "0")}`, { status: "failed", reason: "Throttling" }),
    );

    const lines = notVerifiedTextLines(planOf(failed));

    expect(lines).toHaveLength(1 + NOT_VERIFIED_SHOWN + 1 + 1);
    expect(lines.at(-2)).toBe("  … and 3 more (rootward plan --format json lists every account)");
  });

  it("says nothing when every account was verified", () => {
    expect(notVerifiedTextLines(planOf([account("111111111111")]))).toEqual([]);
  });
});
