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
  const compiled = compile(selectors);
  if (compiled.accounts.has(account.id)) return true;
  for (const glob of compiled.names) if (matchesGlob(glob, account.name)) return true;
  for (const id of compiled.ouIds) if (account.ouIds.includes(id)) return true;
  for (const ou of compiled.ouPaths)
    if (account.ouPath === ou.path || account.ouPath.startsWith(ou.below)) return true;
  if (compiled.tags.length === 0) return false;
  for (const [key, value] of compiled.tags) if (account.tags[key] !== value) return false;
  return true;
}

/** A selector list in the shape `selects` asks it the same questions in, for every account. */
type CompiledSelectors = {
  accounts: ReadonlySet<string>;
  names: readonly string[];
  /** `ou-…` ids: the account's chain of parents must hold one. */
  ouIds: readonly string[];
  /** `/Root/…` paths: the account's OU is that one or below it. */
  ouPaths: ReadonlyArray<{ path: string; below: string }>;
  tags: ReadonlyArray<readonly [string, string]>;
};

/**
 * `selects` runs for every account against every entry (100,000 accounts × every exception):
 * an entry listing hundreds of account ids was searched linearly per account, and each call
 * built its tag list and OU prefixes again. Built once per selector object; a desired state is
 * never changed after loading.
 */
const compiledSelectors = new WeakMap<Selectors, CompiledSelectors>();

function compile(selectors: Selectors): CompiledSelectors {
  let compiled = compiledSelectors.get(selectors);
  if (!compiled) {
    compiled = {
      accounts: new Set(selectors.accounts),
      names: [...selectors.names],
      ouIds: selectors.ous.filter((ou) => ou.startsWith("ou-")),
      ouPaths: selectors.ous
        .filter((ou) => !ou.startsWith("ou-"))
        .map((path) => ({ path, below: `${path}/` })),
      tags: Object.entries(selectors.tags),
    };
    compiledSelectors.set(selectors, compiled);
  }
  return compiled;
}
