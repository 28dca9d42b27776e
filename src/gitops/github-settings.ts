import { readFile } from "node:fs/promises";
import { RootwardError } from "../errors.js";

/** What rootward reads from the standard GitHub Actions environment (nothing of its own). */
export type GitHubSettings = {
  token: string;
  owner: string;
  repo: string;
  /** GITHUB_API_URL: `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  /** The workflow run's page, for "full plan" links; undefined outside Actions. */
  runUrl?: string;
  eventName?: string;
  /** The pull request of a `pull_request` event (from GITHUB_EVENT_PATH). */
  eventPullNumber?: number;
  sha?: string;
  stepSummaryPath?: string;
  outputPath?: string;
};

type Env = Readonly<Record<string, string | undefined>>;

export function parseRepository(value: string | undefined, source: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(value ?? "");
  if (!match?.[1] || !match[2]) {
    throw new RootwardError(
      "github-repository-missing",
      `${source} must be OWNER/REPO, got "${value ?? ""}"`,
      {
        hint: "in GitHub Actions GITHUB_REPOSITORY is set for you; elsewhere export GITHUB_REPOSITORY=owner/repo",
      },
    );
  }
  return { owner: match[1], repo: match[2] };
}

export async function readGitHubSettings(env: Env): Promise<GitHubSettings> {
  const token = env.GITHUB_TOKEN;
  if (!token) {
    throw new RootwardError("github-token-missing", "GITHUB_TOKEN is not set", {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
      hint: "in a workflow add `env: GITHUB_TOKEN: ${{ github.token }}` to the step; locally use a token with pull-request access",
    });
  }
  const { owner, repo } = parseRepository(env.GITHUB_REPOSITORY, "GITHUB_REPOSITORY");
  const serverUrl = env.GITHUB_SERVER_URL ?? "https://github.com";
  const runUrl = env.GITHUB_RUN_ID
    ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}`
    : undefined;
  return {
    token,
    owner,
    repo,
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    runUrl,
    eventName: env.GITHUB_EVENT_NAME,
    eventPullNumber: env.GITHUB_EVENT_PATH ? await pullNumberFromEvent(env.GITHUB_EVENT_PATH) : undefined,
    sha: env.GITHUB_SHA,
    ...actionsFiles(env),
  };
}

/** The job summary and step output files; both undefined outside GitHub Actions. */
export function actionsFiles(env: Env): { stepSummaryPath?: string; outputPath?: string } {
  return {
    stepSummaryPath: env.GITHUB_STEP_SUMMARY || undefined,
    outputPath: env.GITHUB_OUTPUT || undefined,
  };
}

/** The webhook payload names the pull request as `pull_request.number` (pull_request events). */
async function pullNumberFromEvent(path: string): Promise<number | undefined> {
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new RootwardError("github-event-unreadable", `cannot read GITHUB_EVENT_PATH ${path}`, {
      hint: "unset GITHUB_EVENT_PATH outside GitHub Actions, or pass --pr N",
      cause: error,
    });
  }
  if (typeof payload !== "object" || payload === null || !("pull_request" in payload)) return undefined;
  const pull = payload.pull_request;
  if (typeof pull !== "object" || pull === null || !("number" in pull)) return undefined;
  return typeof pull.number === "number" ? pull.number : undefined;
}
