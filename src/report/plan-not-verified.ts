import type { Plan, PlannedAccount } from "../plan/model.js";

/** Enough to act on in a terminal; the JSON plan lists every account. */
export const NOT_VERIFIED_SHOWN = 20;

/**
 * The accounts the summary counts as "not verified", each with why, so a reader does not have to
 * open the JSON to learn which accounts the plan could not see (issue 14).
 */
export function notVerifiedTextLines(plan: Plan): string[] {
  const accounts = plan.accounts.filter((account) => account.disposition === "not-verified");
  if (accounts.length === 0) return [];
  const lines = [
    `Not verified (${accounts.length}): the plan could not see these accounts' root credentials and changes nothing in them`,
  ];
  for (const account of accounts.slice(0, NOT_VERIFIED_SHOWN))
    lines.push(`  ${account.accountId} ${account.name}  ${whyNotVerified(account)}`);
  const more = accounts.length - NOT_VERIFIED_SHOWN;
  if (more > 0) lines.push(`  … and ${more} more (rootward plan --format json lists every account)`);
  return [...lines, ""];
}

export function whyNotVerified(account: PlannedAccount): string {
  if (account.governedBy.kind === "unverified")
    return "its tags could not be read, so the entry that governs it is unknown";
  const status = account.auditStatus === "audited" ? `audited as ${account.state}` : account.auditStatus;
  return account.reason ? `${status}: ${account.reason}` : status;
}
