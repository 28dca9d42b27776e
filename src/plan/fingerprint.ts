import type { RootCredentials } from "../audit/snapshot.js";
import { canonicalJson, sha256 } from "./canonical-json.js";
import {
  isAccountAction,
  isUnlockAction,
  type PlanAction,
  type PlannedAccount,
  type PlannedUnlock,
} from "./model.js";

/**
 * Identifies a live credential set by what the actions depend on: which credentials exist and
 * their status. Last-used dates are left out on purpose: a key being used between plan and apply
 * does not change what deleting it means (the plan already warned about recent use).
 */
export function liveFingerprint(credentials: RootCredentials): string {
  // Most accounts hold nothing, and nothing always hashes the same: computed once, not per account.
  const empty =
    !credentials.password.present &&
    credentials.accessKeys.length === 0 &&
    credentials.mfaDevices.length === 0 &&
    credentials.signingCertificates.length === 0;
  if (!empty) return fingerprintOf(credentials);
  emptyFingerprint ??= fingerprintOf(credentials);
  return emptyFingerprint;
}

let emptyFingerprint: string | undefined;

function fingerprintOf(credentials: RootCredentials): string {
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

/**
 * Covers the actions and the live state each was computed from: credential sets of the accounts
 * they touch and, for unlock actions, the policy read. Without unlock actions the hashed document
 * is the one plans had before unlocks existed, so their fingerprints still hold.
 */
export function planFingerprint(
  organizationId: string,
  actions: readonly PlanAction[],
  accounts: readonly PlannedAccount[],
  unlocks: readonly PlannedUnlock[] = [],
): string {
  const touched = new Set(actions.filter(isAccountAction).map((action) => action.accountId));
  const live = accounts
    .filter((account) => touched.has(account.accountId))
    .map((account) => [account.accountId, account.liveFingerprint ?? ""]);
  const unlocking = new Set(actions.filter(isUnlockAction).map((action) => action.unlock));
  if (unlocking.size === 0) return sha256(canonicalJson({ organizationId, actions, live }));
  const policies = unlocks
    .filter((unlock) => unlocking.has(unlock.name))
    .map((unlock) => [
      unlock.name,
      unlock.accountId,
      unlock.s3Bucket ?? unlock.sqsQueueUrl ?? "",
      sha256(unlock.policy ?? ""),
    ]);
  return sha256(canonicalJson({ organizationId, actions, live, unlocks: policies }));
}
