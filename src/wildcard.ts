const compiled = { sensitive: new Map<string, RegExp>(), insensitive: new Map<string, RegExp>() };

/**
 * `*` matches any run of characters (including none and `/`), `?` exactly one character; the
 * rest is literal. The grammar of IAM policy wildcards, also used for account-name globs in the
 * desired state. Patterns are few and reused on every account, so each is compiled once.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === "*") return true;
  // One map per case mode, keyed by the pattern itself: no key string built per call, and this
  // runs for every account and selector.
  const cache = ignoreCase ? compiled.insensitive : compiled.sensitive;
  let regex = cache.get(pattern);
  if (!regex) {
    let source = "";
    for (const char of pattern) {
      if (char === "*") source += ".*";
      else if (char === "?") source += ".";
      else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
    regex = new RegExp(`^${source}$`, ignoreCase ? "isu" : "su");
    cache.set(pattern, regex);
  }
  return regex.test(value);
}
