import { RootwardError } from "../errors.js";
import type { GitHubPort } from "./github-port.js";

/**
 * The login of comments and pull requests written with a workflow's GITHUB_TOKEN (GitHub Docs,
 * "Automatic token authentication": the token belongs to the GitHub Actions app).
 */
export const ACTIONS_BOT_LOGIN = "github-actions[bot]";

/** Who rootward writes as on GitHub; only what this login wrote is rootward's to edit or delete. */
export type GitHubIdentity = { login: string; source: "override" | "token" | "github-token" };

/** A user login, or an app's `name[bot]` (GitHub: alphanumerics and single hyphens, at most 39). */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

/**
 * `override` (--comment-author / ROOTWARD_COMMENT_AUTHOR) when given, needed for GitHub App
 * installation tokens, which write as `APP[bot]` but cannot read /user; otherwise the login of
 * the token, and for a token that cannot read /user (GITHUB_TOKEN) `github-actions[bot]`.
 */
export async function resolveIdentity(
  github: GitHubPort,
  override: string | undefined,
): Promise<GitHubIdentity> {
  if (override !== undefined && override !== "") {
    if (!LOGIN.test(override)) {
      throw new RootwardError("github-login-invalid", `"${override}" is not a GitHub login`, {
        hint: "pass the login rootward's token writes as, e.g. --comment-author my-app[bot] (or set ROOTWARD_COMMENT_AUTHOR)",
      });
    }
    return { login: override, source: "override" };
  }
  const login = await github.authenticatedLogin();
  return login === undefined
    ? { login: ACTIONS_BOT_LOGIN, source: "github-token" }
    : { login, source: "token" };
}

/** GitHub logins are case-insensitive. */
export function isWrittenBy(author: string, identity: GitHubIdentity): boolean {
  return author.toLowerCase() === identity.login.toLowerCase();
}
