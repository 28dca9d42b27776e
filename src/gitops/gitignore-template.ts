/**
 * What a repository that runs rootward keeps out of Git, for the `.gitignore` that `rootward init`
 * writes and for this repository's own. Plans and audits name every root access key id, MFA
 * serial and certificate id of the organization, and journals record each change: artifacts to
 * pass to `apply` or to an auditor, not files to commit by accident.
 *
 * `plan.json` and `audit.json` are anchored to the repository root (the README's commands write
 * them there): unanchored, they would also ignore `drift/plan.json`, which the drift pull request
 * commits on purpose.
 */
export const ROOTWARD_GITIGNORE_ENTRIES: readonly { pattern: string; why: string }[] = [
  { pattern: "/plan.json", why: "rootward plan --out plan.json (names every credential id)" },
  { pattern: "/audit.json", why: "rootward audit --out audit.json (names every credential id)" },
  { pattern: ".rootward/", why: "apply journals" },
];

/** The `.gitignore` block, one commented section, ending with a newline. */
export function renderGitignore(): string {
  const lines = ["# rootward: plans and audits name credential ids; journals record changes"];
  for (const entry of ROOTWARD_GITIGNORE_ENTRIES) lines.push(entry.pattern);
  return `${lines.join("\n")}\n`;
}
