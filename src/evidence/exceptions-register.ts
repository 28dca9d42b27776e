import { type DesiredState, exceptionEndsAt, isExpired } from "../desired/index.js";
import { CredentialKinds } from "../desired/schema.js";
import { EXPIRY_NOTICE_DAYS } from "../plan/entry-findings.js";
import type { Posture } from "./posture.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `expiring`: ends within the plan's notice period (the `exception-expiring` finding), so the
 * report and the plan never disagree about what "soon" means.
 */
export const ExceptionStates = ["active", "expiring", "expired", "unused"] as const;
export type ExceptionState = (typeof ExceptionStates)[number];

export type RegisterAccount = { id: string; name: string; posture: Posture };

export type RegisterEntry = {
  name: string;
  file: string;
  line: number;
  /** The selectors as written: account ids, name globs, OUs, tags. */
  selects: string[];
  /** The credential kinds it sets, e.g. `password: present`. */
  allows: string[];
  owner: string;
  reason: string;
  ticket?: string;
  expires?: string;
  /** Whole days until the exception ends (negative once expired); absent when it never expires. */
  daysLeft?: number;
  state: ExceptionState;
  /** The accounts it governs in this audit (an expired exception governs none). */
  accounts: RegisterAccount[];
};

export function exceptionsRegister(
  desired: DesiredState,
  governed: ReadonlyMap<string, RegisterAccount[]>,
  now: Date,
): RegisterEntry[] {
  return desired.exceptions.map((rule) => {
    const accounts = governed.get(rule.name) ?? [];
    const daysLeft =
      rule.expires === undefined
        ? undefined
        : Math.ceil((exceptionEndsAt(rule.expires).getTime() - now.getTime()) / DAY_MS);
    const state: ExceptionState = isExpired(rule, now)
      ? "expired"
      : daysLeft !== undefined && daysLeft <= EXPIRY_NOTICE_DAYS
        ? "expiring"
        : accounts.length === 0
          ? "unused"
          : "active";
    const selectors = rule.selectors;
    return {
      name: rule.name,
      file: rule.location.file,
      line: rule.location.line,
      selects: [
        ...selectors.accounts.map((id) => `account ${id}`),
        ...selectors.names.map((glob) => `name ${glob}`),
        ...selectors.ous.map((ou) => `OU ${ou}`),
        ...Object.entries(selectors.tags).map(([key, value]) => `tag ${key}=${value}`),
      ],
      allows: CredentialKinds.flatMap((kind) => {
        const value = rule.overrides[kind];
        return value === undefined ? [] : [`${kind}: ${value}`];
      }),
      owner: rule.owner,
      reason: rule.reason,
      ...(rule.ticket === undefined ? {} : { ticket: rule.ticket }),
      ...(rule.expires === undefined ? {} : { expires: rule.expires }),
      ...(daysLeft === undefined ? {} : { daysLeft }),
      state,
      accounts,
    };
  });
}

export { EXPIRY_NOTICE_DAYS };
