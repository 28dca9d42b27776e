import type { AuditedAccount } from "../audit/snapshot.js";
import { type DesiredState, exceptionEndsAt, isExpired, selects } from "../desired/index.js";

/** An exception that would select the account but has expired. */
export type ExpiredException = {
  name: string;
  file: string;
  line: number;
  /** The last day it applied (its `expires`). */
  expires: string;
  /** When it stopped applying: the start of the next day, UTC (ISO). */
  endedAt: string;
};

/**
 * The expired exceptions that select this account, in file order: why an account that used to
 * be excepted is now held to the baseline. Pure.
 */
export function expiredExceptionsFor(
  desired: DesiredState,
  account: AuditedAccount,
  now: Date,
): ExpiredException[] {
  return desired.exceptions
    .filter((rule) => rule.expires !== undefined && isExpired(rule, now) && selects(rule.selectors, account))
    .map((rule) => ({
      name: rule.name,
      file: rule.location.file,
      line: rule.location.line,
      expires: rule.expires ?? "",
      endedAt: exceptionEndsAt(rule.expires ?? "").toISOString(),
    }));
}
