import type { Baseline, CredentialKind, Features } from "./schema.js";

/** Where an entry of the desired state is written, for messages, plan findings and SARIF. */
export type SourceLocation = { file: string; line: number; col: number };

export type Selectors = {
  accounts: string[];
  names: string[];
  ous: string[];
  tags: Record<string, string>;
};

export type CredentialRules = Baseline;

export type ExceptionRule = {
  name: string;
  selectors: Selectors;
  /** Only the kinds the exception sets; the others fall back to the baseline. */
  overrides: Partial<Pick<CredentialRules, CredentialKind>>;
  reason: string;
  owner: string;
  ticket?: string;
  /** Last day (UTC, YYYY-MM-DD) on which the exception applies. */
  expires?: string;
  location: SourceLocation;
};

export type UnmanagedRule = {
  /** `unmanaged[N]` in its file, since unmanaged entries carry no name. */
  label: string;
  selectors: Selectors;
  reason: string;
  location: SourceLocation;
};

/** A reviewed request to remove one bucket or queue policy; exactly one target is set. */
export type UnlockRule = {
  name: string;
  accountId: string;
  target: UnlockTarget;
  reason: string;
  owner: string;
  ticket?: string;
  location: SourceLocation;
};

export type UnlockTarget = { kind: "s3-bucket"; bucket: string } | { kind: "sqs-queue"; queueUrl: string };

/** What the audit reads for the unlock requests: each account and bucket or queue. */
export function unlockTargetsOf(state: DesiredState): { accountId: string; target: UnlockTarget }[] {
  return state.unlocks.map((rule) => ({ accountId: rule.accountId, target: rule.target }));
}

/** The bucket name or queue URL, as written in the desired state. */
export function unlockTargetId(target: UnlockTarget): string {
  return target.kind === "s3-bucket" ? target.bucket : target.queueUrl;
}

/** `path` is the file's '/'-separated path inside the desired-state directory. */
export type DesiredStateFile = { path: string; sha256: string };

/** The whole desired state: one policy plus every exceptions file, in resolution order. */
export type DesiredState = {
  organization: { id: string; managementAccountId: string };
  features: Features;
  baseline: CredentialRules;
  exceptions: ExceptionRule[];
  unmanaged: UnmanagedRule[];
  unlocks: UnlockRule[];
  remediation: { mode: "pull-request" | "auto" };
  policyLocation: SourceLocation;
  baselineLocation: SourceLocation;
  files: DesiredStateFile[];
  /**
   * sha256 over every file's path inside the directory and its bytes: what a plan records and
   * apply checks. How the directory was typed (relative, absolute, trailing slash) does not count.
   */
  digest: string;
};

export function usesTagSelectors(state: DesiredState): boolean {
  const entries = [...state.exceptions, ...state.unmanaged];
  return entries.some((entry) => Object.keys(entry.selectors.tags).length > 0);
}

/** An exception applies through the whole of its `expires` day in UTC, and not after. */
export function exceptionEndsAt(expires: string): Date {
  const end = new Date(`${expires}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return end;
}

export function isExpired(rule: Pick<ExceptionRule, "expires">, now: Date): boolean {
  return rule.expires !== undefined && now.getTime() >= endTime(rule.expires);
}

/** isExpired runs per account and exception; a desired state has few distinct dates. */
const endTimes = new Map<string, number>();

function endTime(expires: string): number {
  let time = endTimes.get(expires);
  if (time === undefined) {
    time = exceptionEndsAt(expires).getTime();
    endTimes.set(expires, time);
  }
  return time;
}
