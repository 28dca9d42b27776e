import type { RootCredentials } from "../audit/snapshot.js";
import { canonicalJson } from "../plan/canonical-json.js";
import type { AccountAction } from "../plan/model.js";

/**
 * Is the live state one that the reviewed plan can lead to? It is when it equals the planned
 * live state with any subset of the account's planned actions already done — so a re-run after
 * an interruption continues — and nothing else changed. A new key, a key that was re-activated,
 * or a credential the plan did not delete but that is gone all mean: re-plan.
 */
export function liveMatchesPlan(
  planned: RootCredentials,
  live: RootCredentials,
  actions: readonly AccountAction[],
): string | undefined {
  const deleting = (operation: AccountAction["operation"], id: string) =>
    actions.some(
      (action) =>
        action.operation === operation &&
        (action.accessKeyId === id || action.serialNumber === id || action.certificateId === id),
    );
  return (
    passwordMatchesPlan(planned, live.password.present, actions) ??
    compareSets(
      "access key",
      planned.accessKeys.map((key) => [key.accessKeyId, key.status] as const),
      live.accessKeys.map((key) => [key.accessKeyId, key.status] as const),
      (id) => deleting("DeleteAccessKey", id),
    ) ??
    compareSets(
      "MFA device",
      planned.mfaDevices.map((device) => [device.serialNumber, "assigned"] as const),
      live.mfaDevices.map((device) => [device.serialNumber, "assigned"] as const),
      (id) => deleting("DeactivateMFADevice", id),
    ) ??
    compareSets(
      "signing certificate",
      planned.signingCertificates.map(
        (certificate) => [certificate.certificateId, certificate.status] as const,
      ),
      live.signingCertificates.map((certificate) => [certificate.certificateId, certificate.status] as const),
      (id) => deleting("DeleteSigningCertificate", id),
    )
  );
}

/** Only the password can be read in an IAMCreateRootUserPassword session. */
export function passwordMatchesPlan(
  planned: RootCredentials,
  livePresent: boolean,
  actions: readonly AccountAction[],
): string | undefined {
  const passwordPlanned = actions.some(
    (action) => action.operation === "DeleteLoginProfile" || action.operation === "CreateLoginProfile",
  );
  if (passwordPlanned || planned.password.present === livePresent) return undefined;
  return `the root password was ${livePresent ? "created" : "deleted"} since the plan`;
}

function compareSets(
  kind: string,
  planned: ReadonlyArray<readonly [string, string]>,
  live: ReadonlyArray<readonly [string, string]>,
  plannedForDeletion: (id: string) => boolean,
): string | undefined {
  const plannedById = new Map(planned);
  const liveById = new Map(live);
  for (const [id, status] of live) {
    const before = plannedById.get(id);
    if (before === undefined) return `${kind} ${id} appeared since the plan`;
    if (before !== status) return `${kind} ${id} changed from ${before} to ${status} since the plan`;
  }
  for (const [id] of planned) {
    if (!liveById.has(id) && !plannedForDeletion(id)) return `${kind} ${id} disappeared since the plan`;
  }
  return undefined;
}

/**
 * Whether the live policy of an unlock target is the one the reviewer saw. Compared as JSON
 * documents (key order aside) when both parse, so a service re-serialising the same policy is
 * not a change; otherwise as text.
 */
export function unlockPolicyMatchesPlan(planned: string, live: string): boolean {
  try {
    return canonicalJson(JSON.parse(planned)) === canonicalJson(JSON.parse(live));
  } catch {
    return planned === live;
  }
}
