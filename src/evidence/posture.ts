import type { RootCredentials } from "../audit/snapshot.js";
import type { CredentialRules } from "../desired/index.js";
import { credentialActions } from "../plan/account-plan.js";
import type { AccountAction, PlannedAccount } from "../plan/model.js";
import { afterActions } from "./control-status.js";

/**
 * Where an account stands against the desired state, in the words of the report's headline:
 * `excepted` is a compliant account that holds credentials only because an exception allows them
 * (under the baseline it would be drift); `compliant` needs no exception.
 */
export const Postures = [
  "compliant",
  "excepted",
  "drift",
  "not-verified",
  "unmanaged",
  "out-of-scope",
] as const;
export type Posture = (typeof Postures)[number];
export type PostureCounts = Record<Posture, number>;

export function emptyCounts(): PostureCounts {
  return { compliant: 0, excepted: 0, drift: 0, "not-verified": 0, unmanaged: 0, "out-of-scope": 0 };
}

export function accountPosture(planned: PlannedAccount, baseline: CredentialRules): Posture {
  switch (planned.disposition) {
    case "drift":
    case "unmanaged":
    case "not-verified":
    case "out-of-scope":
      return planned.disposition;
    case "compliant": {
      const live = planned.live;
      const needsException =
        planned.governedBy.kind === "exception" &&
        live !== undefined &&
        credentialActions(planned.accountId, baseline, live).length > 0;
      return needsException ? "excepted" : "compliant";
    }
  }
}

export const CredentialKindNames = ["password", "accessKeys", "mfaDevices", "signingCertificates"] as const;
export type CredentialKindName = (typeof CredentialKindNames)[number];

export const KIND_LABELS: Record<CredentialKindName, string> = {
  password: "Root password",
  accessKeys: "Root access keys",
  mfaDevices: "Root MFA devices",
  signingCertificates: "Root signing certificates",
};

/** What happens to a credential kind an account holds. */
export const KindFates = [
  "removed-by-plan",
  "excepted",
  "allowed-by-baseline",
  "unmanaged",
  "unknown",
] as const;
export type KindFate = (typeof KindFates)[number];
export type KindBreakdown = { kind: CredentialKindName; holders: number; fates: Record<KindFate, number> };

export function holds(credentials: RootCredentials, kind: CredentialKindName): boolean {
  return kind === "password" ? credentials.password.present : credentials[kind].length > 0;
}

/**
 * For each credential kind, how many accounts hold it and what becomes of it: the plan removes it,
 * an exception allows it, the baseline allows it, the account is unmanaged, or it cannot be said
 * (the account's governing entry could not be evaluated).
 */
export function kindBreakdown(
  accounts: ReadonlyArray<{
    planned: PlannedAccount;
    credentials?: RootCredentials;
    actions: readonly AccountAction[];
  }>,
): KindBreakdown[] {
  const rows = CredentialKindNames.map((kind) => ({
    kind,
    holders: 0,
    fates: { "removed-by-plan": 0, excepted: 0, "allowed-by-baseline": 0, unmanaged: 0, unknown: 0 },
  }));
  for (const { planned, credentials, actions } of accounts) {
    if (!credentials) continue;
    const after = actions.length > 0 ? afterActions(credentials, actions) : credentials;
    for (const row of rows) {
      if (!holds(credentials, row.kind)) continue;
      row.holders++;
      row.fates[fateOf(planned, holds(after, row.kind))]++;
    }
  }
  return rows;
}

function fateOf(planned: PlannedAccount, keptAfterPlan: boolean): KindFate {
  switch (planned.governedBy.kind) {
    case "unmanaged":
      return "unmanaged";
    case "unverified":
    case "out-of-scope":
      return "unknown";
    case "exception":
      return keptAfterPlan ? "excepted" : "removed-by-plan";
    case "baseline":
      return keptAfterPlan ? "allowed-by-baseline" : "removed-by-plan";
  }
}
