import type { CallRecord, SandboxFixtureInput } from "../../src/sandbox/index.js";

/** An organization of `count` clean member accounts in one OU (ids 300000000000…), for audits. */
export function cleanOrganization(count: number): SandboxFixtureInput {
  return {
    apiVersion: "rootward/sandbox-v1",
    kind: "SandboxOrganization",
    organization: { id: "o-test123456", managementAccountId: "999999999999" },
    features: { rootCredentialsManagement: "enabled", rootSessions: "disabled" },
    trustedAccess: [{ servicePrincipal: "iam.amazonaws.com" }],
    organizationalUnits: [{ path: "/Root/Workloads" }],
    accounts: [
      { id: "999999999999", name: "management", email: "management@test.example" },
      ...Array.from({ length: count }, (_, index) => ({
        id: String(300_000_000_000 + index),
        name: `clean-${index}`,
        email: `clean-${index}@test.example`,
        ou: "/Root/Workloads",
        tags: { team: "platform" },
      })),
    ],
  };
}

/**
 * One member account's work as the sandbox saw it: from the arrival of its first call
 * (`AssumeRoot`, throttled attempts included) to the answer of its last, on the sandbox's
 * event counter.
 */
export type AccountSpan = { account: string; start: number; end: number; throttled: boolean };

export function accountSpans(calls: readonly CallRecord[]): AccountSpan[] {
  const spans = new Map<string, AccountSpan>();
  for (const call of calls) {
    const account =
      call.operation === "AssumeRoot"
        ? call.targetAccount
        : call.caller === "root-session"
          ? call.account
          : undefined;
    if (!account) continue;
    const span = spans.get(account);
    if (!span) {
      spans.set(account, {
        account,
        start: call.received,
        end: call.answered,
        throttled: call.injected === "throttled",
      });
      continue;
    }
    span.start = Math.min(span.start, call.received);
    span.end = Math.max(span.end, call.answered);
    span.throttled ||= call.injected === "throttled";
  }
  return [...spans.values()].sort((a, b) => a.start - b.start);
}

/**
 * Each span (in order of start) with how many accounts were in progress when it started, itself
 * included. A span is in progress from its first call's arrival to its last call's answer, so
 * this never exceeds the accounts the client had in progress at that moment: a lower bound of the
 * client's concurrency that does not depend on the machine's speed.
 */
export function withInProgress(spans: readonly AccountSpan[]): Array<AccountSpan & { inProgress: number }> {
  return spans.map((span) => ({
    ...span,
    inProgress: spans.filter((other) => other.start <= span.start && span.start < other.end).length,
  }));
}
