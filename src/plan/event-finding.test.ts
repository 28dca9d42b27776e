import { describe, expect, it } from "vitest";
import {
  account,
  clean,
  desiredFrom,
  MANAGEMENT_ID,
  NOW,
  policyYaml,
  snapshot,
} from "../../test/support/builders.js";
import type { AccountEvent } from "../events/dispatch-payload.js";
import { eventFinding } from "./event-finding.js";
import { plan } from "./plan.js";

const desired = desiredFrom({
  "policy.yaml": policyYaml({
    exceptions: [
      "  - name: break-glass",
      '    accounts: ["222222222222"]',
      "    password: allowed",
      "    reason: Incident response",
      "    owner: security@acme.example",
    ].join("\n"),
    unmanaged: ['  - accounts: ["333333333333"]', "    reason: Vendor account"].join("\n"),
  }),
});
const planned = plan(
  desired,
  snapshot([
    account("111111111111", { rootCredentials: { ...clean(), password: { present: true } } }),
    account("222222222222", { rootCredentials: { ...clean(), password: { present: true } } }),
    account("333333333333"),
  ]),
  NOW,
);
const event = (accountId: string, eventName: AccountEvent["eventName"]): AccountEvent => ({
  accountId,
  eventName,
  eventTime: "2026-11-22T11:50:00Z",
  eventId: "0a1b2c3d-1111-4a2b-8c3d-000000000001",
});

describe("eventFinding", () => {
  const cases: { name: string; event: AccountEvent; expected?: RegExp }[] = [
    {
      name: "root sign-in under the baseline",
      event: event("111111111111", "ConsoleLogin"),
      expected:
        /^root user signed in to the console in account 111111111111 at 2026-11-22T11:50:00Z \(CloudTrail event 0a1b2c3d-1111-4a2b-8c3d-000000000001\); no exception allows it$/,
    },
    {
      name: "access key created under the baseline",
      event: event("111111111111", "CreateAccessKey"),
      expected: /root access key created \(CreateAccessKey\)/,
    },
    { name: "sign-in the exception allows", event: event("222222222222", "ConsoleLogin") },
    {
      name: "access key where the exception allows only a password",
      event: event("222222222222", "CreateAccessKey"),
      expected: /exception break-glass does not allow a root access key/,
    },
    {
      name: "unmanaged account",
      event: event("333333333333", "CreateLoginProfile"),
      expected: /unmanaged \(unmanaged\[0\]\), not under an exception/,
    },
    { name: "a deletion is no finding", event: event("111111111111", "DeleteAccessKey") },
    { name: "an Organizations change is no finding", event: event("111111111111", "MoveAccount") },
    { name: "the management account is out of scope", event: event(MANAGEMENT_ID, "ConsoleLogin") },
    { name: "an account not in the organization", event: event("444444444444", "ConsoleLogin") },
  ];
  it.each(cases)("$name", ({ event: given, expected }) => {
    const finding = eventFinding(
      given,
      planned.accounts.find((entry) => entry.accountId === given.accountId),
    );
    if (!expected) {
      expect(finding).toBeUndefined();
      return;
    }
    expect(finding).toMatchObject({
      ruleId: "root-event-outside-exception",
      severity: "high",
      accountId: given.accountId,
    });
    expect(finding?.message).toMatch(expected);
  });
});

describe("eventFinding: the management account, however it is recognised", () => {
  const find = (id: string) => {
    const audit = snapshot([account("111111111111"), account("222222222222")]);
    const found = plan(desired, audit, NOW).accounts.find((entry) => entry.accountId === id);
    if (!found) throw new Error(`no planned account ${id}`);
    return found;
  };

  it.each([
    [
      "out of scope in the plan, whatever the audit said",
      () => ({ ...find(MANAGEMENT_ID), reasonCode: undefined }),
    ],
    [
      "skipped by the audit as the management account",
      () => ({ ...find("111111111111"), reasonCode: "management-account" as const }),
    ],
  ])("%s: no finding", (_name, planned) => {
    expect(eventFinding(event(MANAGEMENT_ID, "ConsoleLogin"), planned())).toBeUndefined();
  });

  it("points at the entry that governs the account", () => {
    const finding = eventFinding(event("222222222222", "CreateAccessKey"), find("222222222222"));
    expect(finding?.location).toEqual({ file: "policy.yaml", line: 16 });
  });
});
