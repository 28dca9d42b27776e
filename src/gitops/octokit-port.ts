import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { RootwardError } from "../errors.js";
import { fetchWithDeadline } from "./fetch-deadline.js";
import type { GitHubPort, IssueComment, PullRequest } from "./github-port.js";

const RootwardOctokit = Octokit.plugin(retry, throttling);
type RootwardOctokit = InstanceType<typeof RootwardOctokit>;

export type GitHubClientOptions = {
  token: string;
  /** `https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  owner: string;
  repo: string;
  userAgent: string;
  /**
   * GitHub asks integrations to pace writes (secondary rate limits); the throttling plugin does
   * that, process-wide. Tests against a local server turn it off, or each write waits seconds.
   */
  throttle: boolean;
  /** Retries of 5xx and 429 responses; 0 in tests so a failure shows at once. */
  retries?: number;
  log?: (message: string) => void;
  /** Per request, body included (fetch-deadline.ts). */
  timeoutMs: number;
};

export function createGitHubPort(options: GitHubClientOptions): GitHubPort {
  const log = options.log ?? (() => {});
  const octokit = new RootwardOctokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ""),
    userAgent: options.userAgent,
    request: {
      fetch: fetchWithDeadline(options.timeoutMs, "GITHUB_API_URL"),
    },
    // `retry`, not `request.retries`: a request-level `retries` makes plugin-retry retry every
    // error, 403 and 404 included, at once and before the throttling plugin can wait out a rate
    // limit (octokit/plugin-retry.js#576, README per #278). 429 is left to the throttling plugin,
    // which reads GitHub's rate-limit headers; plugin-retry would retry it blind.
    retry: {
      retries: options.retries ?? 3,
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    // A failed request is thrown and reported by rootward in its own words; octokit's own line
    // for it (and for the expected 403 of GET /user with GITHUB_TOKEN) would only be noise.
    log: { debug: () => {}, info: () => {}, warn: log, error: () => {} },
    throttle: options.throttle
      ? {
          // Passing `throttle` replaces the defaults, so both handlers are required. Retrying a
          // primary limit twice and a secondary limit once is what octokit documents.
          onRateLimit: (retryAfter, request, _octokit, retryCount) => {
            log(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
            return retryCount < 2;
          },
          onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
            log(
              `GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`,
            );
            return retryCount < 1;
          },
        }
      : { enabled: false },
  });
  return new OctokitPort(octokit, options.owner, options.repo);
}

class OctokitPort implements GitHubPort {
  constructor(
    private readonly octokit: RootwardOctokit,
    readonly owner: string,
    readonly repo: string,
  ) {}

  private get where() {
    return { owner: this.owner, repo: this.repo };
  }

  async defaultBranch(): Promise<string> {
    const { data } = await call("read the repository", () => this.octokit.rest.repos.get(this.where));
    return data.default_branch;
  }

  async authenticatedLogin(): Promise<string | undefined> {
    try {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return data.login;
    } catch (error) {
      // Installation tokens get 403 "Resource not accessible by integration" here
      // (actions/create-github-app-token#258); any other failure is a real one.
      if (statusOf(error) === 403 && /not accessible by integration/i.test(messageOf(error)))
        return undefined;
      throw translate(error, "identify the token (GET /user)");
    }
  }

  async listComments(issue: number): Promise<IssueComment[]> {
    const comments = await call(`list the comments of #${issue}`, () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        ...this.where,
        issue_number: issue,
        per_page: 100,
      }),
    );
    return comments.map((comment) => ({
      id: comment.id,
      body: comment.body ?? "",
      author: comment.user?.login ?? "",
    }));
  }

  async createComment(issue: number, body: string): Promise<IssueComment> {
    const { data } = await call(`comment on #${issue}`, () =>
      this.octokit.rest.issues.createComment({ ...this.where, issue_number: issue, body }),
    );
    return { id: data.id, body: data.body ?? "", author: data.user?.login ?? "" };
  }

  async updateComment(id: number, body: string): Promise<void> {
    await call("update a comment", () =>
      this.octokit.rest.issues.updateComment({ ...this.where, comment_id: id, body }),
    );
  }

  async deleteComment(id: number): Promise<void> {
    await call("delete a comment", () =>
      this.octokit.rest.issues.deleteComment({ ...this.where, comment_id: id }),
    );
  }

  async pullsFromBranch(branch: string): Promise<PullRequest[]> {
    // `head` must be `owner:branch`: without the owner GitHub ignores the filter silently.
    const { data } = await call(`list pull requests from ${branch}`, () =>
      this.octokit.rest.pulls.list({
        ...this.where,
        head: `${this.owner}:${branch}`,
        state: "all",
        sort: "created",
        direction: "desc",
        per_page: 20,
      }),
    );
    return data.map(toPullRequest);
  }

  async pullsForCommit(sha: string): Promise<PullRequest[]> {
    const { data } = await call(`find the pull request of commit ${sha.slice(0, 12)}`, () =>
      this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...this.where, commit_sha: sha }),
    );
    return data.map(toPullRequest);
  }

  async createPull(input: { title: string; body: string; head: string; base: string }): Promise<PullRequest> {
    const { data } = await call(`open a pull request from ${input.head}`, () =>
      this.octokit.rest.pulls.create({ ...this.where, ...input }),
    );
    return toPullRequest(data);
  }

  async updatePull(
    number: number,
    input: { title?: string; body?: string; state?: "open" | "closed" },
  ): Promise<void> {
    await call(`update pull request #${number}`, () =>
      this.octokit.rest.pulls.update({ ...this.where, pull_number: number, ...input }),
    );
  }

  async ensureLabel(label: { name: string; color: string; description: string }): Promise<void> {
    try {
      await this.octokit.rest.issues.createLabel({ ...this.where, ...label });
    } catch (error) {
      // 422 already_exists: a person may have recoloured it; theirs wins.
      if (statusOf(error) === 422) return;
      throw translate(error, `create the label ${label.name}`);
    }
  }

  async setLabels(issue: number, labels: readonly string[]): Promise<void> {
    await call(`label #${issue}`, () =>
      this.octokit.rest.issues.setLabels({ ...this.where, issue_number: issue, labels: [...labels] }),
    );
  }

  async deleteBranch(branch: string): Promise<void> {
    try {
      await this.octokit.rest.git.deleteRef({ ...this.where, ref: `heads/${branch}` });
    } catch (error) {
      // 422 "Reference does not exist" (or 404): someone deleted it already, which is the goal.
      const status = statusOf(error);
      if (status === 422 || status === 404) return;
      throw translate(error, `delete the branch ${branch}`);
    }
  }
}

type PullData = {
  number: number;
  state: string;
  merged_at: string | null;
  title: string;
  body: string | null;
  head: { ref: string };
  user: { login: string } | null;
  labels: Array<{ name?: string } | string>;
  html_url: string;
};

function toPullRequest(data: PullData): PullRequest {
  return {
    number: data.number,
    state: data.state === "open" ? "open" : "closed",
    merged: data.merged_at !== null,
    title: data.title,
    body: data.body ?? "",
    headRef: data.head.ref,
    author: data.user?.login ?? "",
    labels: data.labels.flatMap((label) => {
      const name = typeof label === "string" ? label : label.name;
      return name ? [name] : [];
    }),
    htmlUrl: data.html_url,
  };
}

async function call<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw translate(error, what);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number")
    return error.status;
  return undefined;
}

/** GitHub errors become RootwardErrors that say what rootward tried and what usually fixes it. */
function translate(error: unknown, what: string): RootwardError {
  // A timeout (fetch-deadline.ts) already says what to do.
  if (error instanceof RootwardError) return error;
  const status = statusOf(error);
  const unreachable = networkCode(error);
  if (unreachable) {
    return new RootwardError(
      "github-unreachable",
      `cannot reach GitHub to ${what}: ${unreachable.message} (${unreachable.code})`,
      {
        hint: "check GITHUB_API_URL (https://HOST/api/v3 on GitHub Enterprise Server), the network and proxy (HTTPS_PROXY)",
        cause: error,
      },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  const base = `GitHub refused to ${what}${status ? ` (HTTP ${status})` : ""}: ${detail}`;
  // Rate limits answer 403 or 429 ("Rate limits for the REST API", docs.github.com); by now the
  // throttling plugin has already waited and retried, so a permission hint would mislead.
  if ((status === 403 || status === 429) && /rate limit/i.test(detail)) {
    return new RootwardError("github-rate-limited", base, {
      hint: "GitHub's rate limit was still exceeded after rootward waited and retried; re-run later (the primary limit resets within the hour), and avoid running many rootward jobs with one token at once",
      cause: error,
    });
  }
  switch (status) {
    case 401:
      return new RootwardError("github-unauthorized", base, {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
        hint: "set GITHUB_TOKEN to a valid token (in a workflow: GITHUB_TOKEN: ${{ github.token }})",
        cause: error,
      });
    case 403:
      return new RootwardError("github-forbidden", base, {
        hint: "give the job `pull-requests: write` (and `contents: write` for drift), and for drift pull requests enable Settings → Actions → General → 'Allow GitHub Actions to create and approve pull requests'",
        cause: error,
      });
    case 404:
      return new RootwardError("github-not-found", base, {
        hint: "check GITHUB_REPOSITORY (owner/name), GITHUB_API_URL and the pull request number",
        cause: error,
      });
    default:
      return new RootwardError("github-failed", base, {
        fault: status !== undefined && status < 500 ? "user" : "internal",
        cause: error,
      });
  }
}

/**
 * octokit reports a request that never got an answer as a RequestError with status 500 whose
 * cause is fetch's TypeError, itself caused by the Node network error: that code is the news.
 */
function networkCode(error: unknown): { code: string; message: string } | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (
      typeof code === "string" &&
      /^(E[A-Z_]+|UND_ERR_[A-Z_]+|CERT_\w+|UNABLE_TO_\w+|SELF_SIGNED\w*|DEPTH_ZERO\w*)$/.test(code)
    )
      return { code, message: current.message };
    current = current.cause;
  }
  return undefined;
}
