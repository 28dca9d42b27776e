import { wildcardMatch } from "../wildcard.js";

/**
 * Account-name globs: `*` matches any run of characters (including none), `?` exactly one.
 * Account names are free text, not paths, so `*` also crosses `/`; matching is case-sensitive
 * like the names AWS stores.
 */
export function matchesGlob(glob: string, value: string): boolean {
  return wildcardMatch(glob, value);
}
