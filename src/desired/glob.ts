/**
 * Account-name globs: `*` matches any run of characters (including none), `?` exactly one.
 * Account names are free text, not paths, so `*` also crosses `/`; matching is case-sensitive
 * like the names AWS stores.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const char of glob) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "s");
}

export function matchesGlob(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}
