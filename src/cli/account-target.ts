import { didYouMean } from "../desired/did-you-mean.js";
import { RootwardError } from "../errors.js";
import type { PlanTarget } from "../plan/model.js";

type Named = { id: string; name: string };

const ACCOUNT_ID = /^\d{12}$/;

/** Whether `account` is one that `--account VALUE` names: its 12-digit id, or its name (any case). */
export function namesAccount(value: string, account: Named): boolean {
  if (ACCOUNT_ID.test(value)) return account.id === value;
  return account.name.toLowerCase() === value.toLowerCase();
}

/**
 * The accounts `--account` flags name, in the order given, each once. A value that names no
 * account, or a name two accounts share, is an error before anything is planned.
 * `known` is every account name seen (for "did you mean"), `accounts` the ones audited.
 */
export function resolveTarget(
  requested: readonly string[],
  accounts: readonly Named[],
  known: readonly string[],
  organizationId: string,
): PlanTarget {
  const chosen = new Map<string, Named>();
  for (const value of requested) {
    const matches = accounts.filter((account) => namesAccount(value, account));
    if (matches.length === 0) {
      const suggestion = didYouMean(value, known);
      throw new RootwardError(
        "account-not-found",
        `--account ${value}: no such account in organization ${organizationId}`,
        {
          hint: suggestion
            ? `did you mean --account ${suggestion}?`
            : "pass a 12-digit account id or the account's exact name",
        },
      );
    }
    if (matches.length > 1) {
      throw new RootwardError(
        "account-ambiguous",
        `--account ${value}: ${matches.length} accounts have this name (${matches.map((account) => account.id).join(", ")})`,
        { hint: "pass the 12-digit account id instead" },
      );
    }
    for (const account of matches) chosen.set(account.id, { id: account.id, name: account.name });
  }
  return { accounts: [...chosen.values()] };
}
