import type { RootCredentials } from "../audit/snapshot.js";
import { canonicalJson, sha256 } from "./canonical-json.js";
import type { PlanAction, PlannedAccount } from "./model.js";

/**
 * Identifies a live credential set by what the actions depend on: which credentials exist and
 * their status. Last-used dates are left out on purpose: a key being used between plan and apply
 * does not change what deleting it means (the plan already warned about recent use).
 */
export function liveFingerprint(credentials: RootCredentials): string {
  return sha256(
    canonicalJson({
      password: credentials.password.present,
      accessKeys: credentials.accessKeys.map((key) => [key.accessKeyId, key.status]).sort(),
      mfaDevices: credentials.mfaDevices.map((device) => device.serialNumber).sort(),
      signingCertificates: credentials.signingCertificates
        .map((certificate) => [certificate.certificateId, certificate.status])
        .sort(),
    }),
  );
}

export function planFingerprint(
  organizationId: string,
  actions: readonly PlanAction[],
  accounts: readonly PlannedAccount[],
): string {
  const touched = new Set(actions.flatMap((action) => ("accountId" in action ? [action.accountId] : [])));
  const live = accounts
    .filter((account) => touched.has(account.accountId))
    .map((account) => [account.accountId, account.liveFingerprint ?? ""]);
  return sha256(canonicalJson({ organizationId, actions, live }));
}
