import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import type { AuditedAccount } from "../audit/snapshot.js";
import { plan } from "./plan.js";

/** An exception entry on line 16 of policy.yaml (the first one policyYaml writes). */
function exception(name: string, selector: string, expires?: string): string {
  return [
    `  - name: ${name}`,
    `    ${selector}`,
    "    password: allowed",
    "    reason: r",
    "    owner: o",
    ...(expires ? [`    expires: ${expires}`] : []),
  ].join("\n");
}

/** The findings about desired-state entries, as `rule severity line: message`. */
function entryFindingsOf(
  body: { exceptions?: string; unmanaged?: string },
  accounts: AuditedAccount[],
  now = NOW,
): string[] {
  const result = plan(desiredFrom({ "policy.yaml": policyYaml(body) }, now), snapshot(accounts), now);
  return result.findings
    .filter((finding) => finding.ruleId.startsWith("exception-") || finding.ruleId === "unmanaged-unused")
    .map((finding) => `${finding.ruleId} ${finding.severity} ${finding.location.line}: ${finding.message}`);
}

const member = account("111111111111");
const MIDNIGHT = new Date("2026-11-22T00:00:00Z");

describe("entry findings: exceptions that expire", () => {
  it.each<[string, string, Date, string[]]>([
    [
      "ended yesterday",
      "2026-11-21",
      NOW,
      [
        "exception-expired medium 16: exception soon expired after 2026-11-21; its accounts fall back to the baseline — remove it or extend it",
      ],
    ],
    [
      // An exception holds through the whole of its expiry date (UTC).
      "ending tonight: half a day counts as one",
      "2026-11-22",
      NOW,
      [
        "exception-expiring low 16: exception soon expires after 2026-11-22 (1 day left); then its accounts fall back to the baseline",
      ],
    ],
    [
      "ends at the very moment of the plan",
      "2026-11-21",
      MIDNIGHT,
      [
        "exception-expired medium 16: exception soon expired after 2026-11-21; its accounts fall back to the baseline — remove it or extend it",
      ],
    ],
    [
      "exactly 14 days left",
      "2026-12-05",
      MIDNIGHT,
      [
        "exception-expiring low 16: exception soon expires after 2026-12-05 (14 days left); then its accounts fall back to the baseline",
      ],
    ],
    ["14 and a half days left: not yet", "2026-12-06", NOW, []],
    ["next year", "2027-11-22", NOW, []],
  ])("%s", (_name, expires, now, expected) => {
    const body = { exceptions: exception("soon", 'accounts: ["111111111111"]', expires) };
    expect(entryFindingsOf(body, [member], now)).toEqual(expected);
  });

  it("says nothing else about an expired exception (its accounts are not its own any more)", () => {
    const body = { exceptions: exception("gone", 'accounts: ["101010101010"]', "2026-11-01") };
    expect(entryFindingsOf(body, [member])).toEqual([
      "exception-expired medium 16: exception gone expired after 2026-11-01; its accounts fall back to the baseline — remove it or extend it",
    ]);
  });
});

describe("entry findings: exceptions and unmanaged entries that select nothing", () => {
  it.each<[string, { exceptions?: string; unmanaged?: string }, string[]]>([
    [
      "an exception that governs its account",
      { exceptions: exception("used", 'accounts: ["111111111111"]') },
      [],
    ],
    [
      "an exception for an account outside the organization",
      { exceptions: exception("gone", 'accounts: ["101010101010", "111111111111"]') },
      [
        "exception-unknown-account medium 16: exception gone lists account 101010101010, which is not in organization o-test123456",
      ],
    ],
    [
      "an exception that selects only the management account (out of scope)",
      { exceptions: exception("top", 'names: ["management"]') },
      ["exception-unused low 16: exception top matches no account in the organization"],
    ],
    [
      "an exception that an earlier one shadows",
      {
        exceptions: [
          exception("first", 'ous: ["/Root/Workloads"]'),
          exception("second", 'names: ["account-*"]'),
        ].join("\n"),
      },
      [
        "exception-shadowed low 21: exception second matches 2 account(s), but an earlier entry governs each of them",
      ],
    ],
    [
      "an unmanaged entry that selects only the management account",
      { unmanaged: '  - names: ["management"]\n    reason: r' },
      ["unmanaged-unused low 17: unmanaged[0] matches no account in the organization"],
    ],
    [
      "an unmanaged entry that selects a member",
      { unmanaged: '  - names: ["account-1*"]\n    reason: r' },
      [],
    ],
  ])("%s", (_name, body, expected) => {
    expect(entryFindingsOf(body, [member, account("222222222222")])).toEqual(expected);
  });
});
