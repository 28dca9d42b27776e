import type { PullRequest } from "./github-port.js";
import { type GitHubIdentity, isWrittenBy } from "./identity.js";
import { type Marker, parseMarker } from "./marker.js";

/** What identifies a drift: the plan fingerprint, and the desired-state digest the plan was made against. */
export type DriftState = { changes: boolean; fingerprint: string; desiredDigest: string };

export type DriftDecision =
  | { kind: "create" }
  | { kind: "update"; pull: PullRequest }
  | { kind: "close"; pull: PullRequest }
  | { kind: "none"; reason: string; pull?: PullRequest };

/** Set on the marker when rootward itself closed the pull request because the drift was gone. */
export const CONVERGED = "converged";

export function driftMarker(state: DriftState, closed?: typeof CONVERGED): Marker {
  const fields: Record<string, string> = { fingerprint: state.fingerprint, desired: state.desiredDigest };
  if (closed) fields.closed = closed;
  return { kind: "drift", fields };
}

/**
 * Pure: given the pull requests from the drift branch (newest first) and the current drift,
 * what to do (Renovate's rules for one bot pull request per topic). Only pull requests that
 * `identity` opened and that carry the marker are rootward's; anyone else's are ignored.
 * - no drift: close an open drift pull request, else nothing;
 * - an open one: leave it when nothing changed, otherwise update it in place;
 * - the newest was closed or merged by a person: respect that until the drift itself changes
 *   (a new fingerprint), then open a new one; one that rootward closed as converged never blocks.
 * A desired-state change alone updates an open pull request, because apply refuses a plan made
 * against other desired-state files, but it does not revive one a person closed.
 */
export function decideDrift(
  pulls: readonly PullRequest[],
  drift: DriftState,
  identity: GitHubIdentity,
): DriftDecision {
  const latest = pulls.find(
    (pull) => isWrittenBy(pull.author, identity) && parseMarker(pull.body, "drift") !== undefined,
  );
  const marker = latest ? parseMarker(latest.body, "drift") : undefined;
  if (!drift.changes) {
    if (latest?.state === "open") return { kind: "close", pull: latest };
    return { kind: "none", reason: "the organization matches the desired state" };
  }
  if (!latest || !marker) return { kind: "create" };
  const sameDrift = marker.fields.fingerprint === drift.fingerprint;
  if (latest.state === "open") {
    if (sameDrift && marker.fields.desired === drift.desiredDigest)
      return { kind: "none", reason: `pull request #${latest.number} is up to date`, pull: latest };
    return { kind: "update", pull: latest };
  }
  if (marker.fields.closed === CONVERGED || !sameDrift) return { kind: "create" };
  const how = latest.merged ? "was merged (its apply runs from main)" : "was closed by a person";
  return {
    kind: "none",
    reason: `pull request #${latest.number} with this same drift ${how}; not reopening until the drift changes`,
    pull: latest,
  };
}
