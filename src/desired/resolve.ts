import { matchesGlob } from "./glob.js";
import {
  type CredentialRules,
  type DesiredState,
  type ExceptionRule,
  isExpired,
  type Selectors,
  type SourceLocation,
  type UnmanagedRule,
} from "./model.js";

/** What the desired state needs to know about an account to decide which entry governs it. */
export type AccountFacts = {
  id: string;
  name: string;
  /** Names from the root down, e.g. `/Root/Workloads/Prod`. */
  ouPath: string;
  /** Ids of the root and every OU from the root down to the account's parent. */
  ouIds: readonly string[];
  tags: Readonly<Record<string, string>>;
};

export type Governing =
  | { kind: "unmanaged"; rule: UnmanagedRule; location: SourceLocation }
  | { kind: "exception"; rule: ExceptionRule; rules: CredentialRules; location: SourceLocation }
  | { kind: "baseline"; rules: CredentialRules; location: SourceLocation };

/** `unmanaged` wins; then the first unexpired matching exception; otherwise the baseline. */
export function governingEntry(state: DesiredState, account: AccountFacts, now: Date): Governing {
  const unmanaged = state.unmanaged.find((rule) => selects(rule.selectors, account));
  if (unmanaged) return { kind: "unmanaged", rule: unmanaged, location: unmanaged.location };
  const exception = state.exceptions.find(
    (rule) => !isExpired(rule, now) && selects(rule.selectors, account),
  );
  if (exception) {
    return {
      kind: "exception",
      rule: exception,
      rules: { ...state.baseline, ...exception.overrides },
      location: exception.location,
    };
  }
  return { kind: "baseline", rules: state.baseline, location: state.baselineLocation };
}

/** An entry matches when any one of its selector lists matches (tags: all listed tags must match). */
export function selects(selectors: Selectors, account: AccountFacts): boolean {
  if (selectors.accounts.length > 0 && accountSet(selectors.accounts).has(account.id)) return true;
  if (selectors.names.some((glob) => matchesGlob(glob, account.name))) return true;
  if (selectors.ous.some((ou) => ouMatches(ou, account))) return true;
  const tags = Object.entries(selectors.tags);
  return tags.length > 0 && tags.every(([key, value]) => account.tags[key] === value);
}

function ouMatches(ou: string, account: AccountFacts): boolean {
  if (ou.startsWith("ou-")) return account.ouIds.includes(ou);
  return account.ouPath === ou || account.ouPath.startsWith(`${ou}/`);
}

/**
 * `selects` runs for every account against every entry: an entry listing hundreds of account
 * ids would be searched linearly per account. The Set is built once per list.
 */
const accountSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function accountSet(accounts: readonly string[]): ReadonlySet<string> {
  let set = accountSets.get(accounts);
  if (!set) {
    set = new Set(accounts);
    accountSets.set(accounts, set);
  }
  return set;
}
