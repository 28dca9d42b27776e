import { httpTimeouts } from "../http-timeout.js";
import type { GitHubPort } from "./github-port.js";
import { type GitHubSettings, readGitHubSettings } from "./github-settings.js";
import { createGitHubPort } from "./octokit-port.js";

export type GitHubConnection = { settings: GitHubSettings; github: GitHubPort };

/** How commands reach GitHub; tests pass one with throttling off against a local server. */
export type ConnectGitHub = (
  env: Readonly<Record<string, string | undefined>>,
  log: (message: string) => void,
) => Promise<GitHubConnection>;

export function connector(options: {
  userAgent: string;
  throttle: boolean;
  retries?: number;
}): ConnectGitHub {
  return async (env, log) => {
    const settings = await readGitHubSettings(env);
    const github = createGitHubPort({
      token: settings.token,
      apiUrl: settings.apiUrl,
      owner: settings.owner,
      repo: settings.repo,
      userAgent: options.userAgent,
      throttle: options.throttle,
      retries: options.retries,
      log,
      timeoutMs: httpTimeouts(env).requestMs,
    });
    return { settings, github };
  };
}
