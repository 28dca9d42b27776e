import { execFileSync } from "node:child_process";

/** The state and REST routes of the local GitHub fake (see github-fake.ts). */

/** GET /user, which lives outside the repository's routes. */
export function userReply(options: FakeGitHubOptions): Reply {
  if (options.login === undefined) {
    return {
      status: 403,
      body: {
        message: "Resource not accessible by integration",
        documentation_url: "https://docs.github.com/rest/users/users#get-the-authenticated-user",
      },
    };
  }
  return {
    status: 200,
    body: { login: options.login, type: options.login.endsWith("[bot]") ? "Bot" : "User" },
  };
}
export type FakeComment = { id: number; issue: number; body: string; user: string };
export type FakePull = {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  mergedAt: string | null;
  mergeCommitSha: string | null;
  head: string;
  base: string;
  author: string;
  labels: string[];
};
export type FakeLabel = { name: string; color: string; description: string };
export type RecordedRequest = { method: string; path: string; query: string; body: unknown };

export type FakeGitHubOptions = {
  owner: string;
  repo: string;
  token: string;
  /** The bare repository standing for GitHub's copy; branch checks and deletes happen there. */
  bareRepo?: string;
  gitEnv?: Record<string, string>;
  /**
   * The login the token authenticates as (GET /user), which also authors what it writes. Left
   * out, the token behaves like a workflow's GITHUB_TOKEN: /user answers 403 "Resource not
   * accessible by integration" and writes are by github-actions[bot].
   */
  login?: string;
  /** Who writes are by, when not `login` (a GitHub App token: /user is 403, writes are APP[bot]). */
  author?: string;
};

export const ACTIONS_BOT = "github-actions[bot]";

export function writerOf(options: FakeGitHubOptions): string {
  return options.author ?? options.login ?? ACTIONS_BOT;
}

export type FakeState = {
  requests: RecordedRequest[];
  unexpected: string[];
  comments: FakeComment[];
  pulls: FakePull[];
  labels: Map<string, FakeLabel>;
  next: { number: number; commentId: number };
  origin: string;
};

export const PREFIX = "/api/v3";
const BODY_LIMIT = 65_536;

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
export type Route = {
  method: string;
  pattern: RegExp;
  handle(match: RegExpExecArray, body: Record<string, unknown>, url: URL): Reply;
};

export function fakeRoutes(state: FakeState, options: FakeGitHubOptions): Route[] {
  const pullOr404 = (number: number) => state.pulls.find((pull) => pull.number === number);
  const branchExists = (branch: string) => {
    if (!options.bareRepo) return true;
    try {
      git(options, ["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`]);
      return true;
    } catch {
      return false;
    }
  };
  const tooLong = (text: unknown) => typeof text === "string" && text.length > BODY_LIMIT;
  const validation = (message: string): Reply => ({
    status: 422,
    body: { message: "Validation Failed", errors: [{ message }] },
  });
  const repoPath = `/repos/${options.owner}/${options.repo}`;

  return [
    {
      method: "GET",
      pattern: /^$/,
      handle: () => ({
        status: 200,
        body: { full_name: `${options.owner}/${options.repo}`, default_branch: "main" },
      }),
    },
    {
      method: "GET",
      pattern: /^\/issues\/(\d+)\/comments$/,
      handle: (match, _body, url) => {
        const issue = Number(match[1]);
        if (!pullOr404(issue)) return { status: 404, body: { message: "Not Found" } };
        const all = state.comments.filter((comment) => comment.issue === issue);
        const perPage = Number(url.searchParams.get("per_page") ?? 30);
        const page = Number(url.searchParams.get("page") ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          // Absolute, with the /api/v3 prefix, like GitHub Enterprise Server.
          headers.link = `<${state.origin}${PREFIX}${repoPath}/issues/${issue}/comments?per_page=${perPage}&page=${page + 1}>; rel="next"`;
        }
        return { status: 200, body: slice.map(commentJson), headers };
      },
    },
    {
      method: "POST",
      pattern: /^\/issues\/(\d+)\/comments$/,
      handle: (match, body) => {
        const issue = Number(match[1]);
        if (!pullOr404(issue)) return { status: 404, body: { message: "Not Found" } };
        if (typeof body.body !== "string") return validation("body is missing");
        if (tooLong(body.body)) return validation("Body is too long (maximum is 65536 characters)");
        const comment = { id: state.next.commentId++, issue, body: body.body, user: writerOf(options) };
        state.comments.push(comment);
        return { status: 201, body: commentJson(comment) };
      },
    },
    {
      // Create a repository dispatch event: event_type 1–100 characters, client_payload at most
      // 10 top-level properties; 204 (https://docs.github.com/en/rest/repos/repos#create-a-repository-dispatch-event).
      // The request stays in `requests`; the test hands it to the workflow as GitHub would.
      method: "POST",
      pattern: /^\/dispatches$/,
      handle: (_match, body) => {
        const type = body.event_type;
        if (typeof type !== "string" || type.length === 0 || type.length > 100)
          return validation("event_type is missing or longer than 100 characters");
        const payload = body.client_payload ?? {};
        if (typeof payload !== "object" || payload === null || Object.keys(payload).length > 10)
          return validation("client_payload is not an object of at most 10 properties");
        return { status: 204 };
      },
    },
    {
      method: "PATCH",
      pattern: /^\/issues\/comments\/(\d+)$/,
      handle: (match, body) => {
        const comment = state.comments.find((entry) => entry.id === Number(match[1]));
        if (!comment) return { status: 404, body: { message: "Not Found" } };
        if (tooLong(body.body)) return validation("Body is too long (maximum is 65536 characters)");
        comment.body = String(body.body);
        return { status: 200, body: commentJson(comment) };
      },
    },
    {
      method: "DELETE",
      pattern: /^\/issues\/comments\/(\d+)$/,
      handle: (match) => {
        const index = state.comments.findIndex((entry) => entry.id === Number(match[1]));
        if (index < 0) return { status: 404, body: { message: "Not Found" } };
        state.comments.splice(index, 1);
        return { status: 204 };
      },
    },
    {
      method: "GET",
      pattern: /^\/pulls$/,
      handle: (_match, _body, url) => {
        const head = url.searchParams.get("head");
        // GitHub silently ignores `head` without `owner:`; here that is a bug worth failing on.
        if (!head?.startsWith(`${options.owner}:`)) return unexpectedReply(state, `pulls.list head=${head}`);
        const branch = head.slice(options.owner.length + 1);
        const stateFilter = url.searchParams.get("state") ?? "open";
        const found = state.pulls
          .filter((pull) => pull.head === branch && (stateFilter === "all" || pull.state === stateFilter))
          .sort((a, b) => b.number - a.number);
        return { status: 200, body: found.map((pull) => pullJson(pull, state.origin, options)) };
      },
    },
    {
      method: "POST",
      pattern: /^\/pulls$/,
      handle: (_match, body) => {
        const head = String(body.head);
        if (!branchExists(head)) return validation(`head ${head} does not exist`);
        if (state.pulls.some((pull) => pull.head === head && pull.state === "open"))
          return validation(`A pull request already exists for ${options.owner}:${head}.`);
        if (tooLong(body.body)) return validation("Body is too long (maximum is 65536 characters)");
        const pull: FakePull = {
          number: state.next.number++,
          title: String(body.title),
          body: String(body.body ?? ""),
          state: "open",
          mergedAt: null,
          mergeCommitSha: null,
          head,
          base: String(body.base),
          author: writerOf(options),
          labels: [],
        };
        state.pulls.push(pull);
        return { status: 201, body: pullJson(pull, state.origin, options) };
      },
    },
    {
      method: "PATCH",
      pattern: /^\/pulls\/(\d+)$/,
      handle: (match, body) => {
        const pull = pullOr404(Number(match[1]));
        if (!pull) return { status: 404, body: { message: "Not Found" } };
        if (tooLong(body.body)) return validation("Body is too long (maximum is 65536 characters)");
        if (body.state === "open" && pull.state === "closed" && !branchExists(pull.head))
          return validation("state cannot be changed. The head branch was deleted.");
        if (typeof body.title === "string") pull.title = body.title;
        if (typeof body.body === "string") pull.body = body.body;
        if (body.state === "open" || body.state === "closed") pull.state = body.state;
        return { status: 200, body: pullJson(pull, state.origin, options) };
      },
    },
    {
      method: "GET",
      pattern: /^\/commits\/([0-9a-f]{40})\/pulls$/,
      handle: (match) => ({
        status: 200,
        body: state.pulls
          .filter((pull) => pull.mergeCommitSha === match[1])
          .map((pull) => pullJson(pull, state.origin, options)),
      }),
    },
    {
      method: "POST",
      pattern: /^\/labels$/,
      handle: (_match, body) => {
        const name = String(body.name);
        if (state.labels.has(name))
          return {
            status: 422,
            body: { message: "Validation Failed", errors: [{ code: "already_exists" }] },
          };
        state.labels.set(name, {
          name,
          color: String(body.color),
          description: String(body.description ?? ""),
        });
        return { status: 201, body: state.labels.get(name) };
      },
    },
    {
      method: "PUT",
      pattern: /^\/issues\/(\d+)\/labels$/,
      handle: (match, body) => {
        const pull = pullOr404(Number(match[1]));
        if (!pull) return { status: 404, body: { message: "Not Found" } };
        const names = (body.labels as unknown[]).map(String);
        for (const name of names)
          if (!state.labels.has(name)) state.labels.set(name, { name, color: "ededed", description: "" });
        pull.labels = names;
        return { status: 200, body: names.map((name) => state.labels.get(name)) };
      },
    },
    {
      method: "DELETE",
      pattern: /^\/git\/refs\/heads(?:\/|%2F)(.+)$/i,
      handle: (match) => {
        const branch = decodeURIComponent(match[1] ?? "");
        if (!branchExists(branch)) return validation("Reference does not exist");
        if (options.bareRepo) git(options, ["update-ref", "-d", `refs/heads/${branch}`]);
        // Like GitHub: deleting the head branch closes its open pull request.
        for (const pull of state.pulls)
          if (pull.head === branch && pull.state === "open") pull.state = "closed";
        return { status: 204 };
      },
    },
  ];
}

export function unexpectedReply(state: { unexpected: string[] }, what: string): Reply {
  state.unexpected.push(what);
  return { status: 400, body: { message: `fake GitHub: unexpected request ${what}` } };
}

export function commentJson(comment: FakeComment) {
  return {
    id: comment.id,
    body: comment.body,
    user: { login: comment.user, type: comment.user.endsWith("[bot]") ? "Bot" : "User" },
  };
}

export function pullJson(pull: FakePull, origin: string, options: FakeGitHubOptions) {
  return {
    number: pull.number,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    head: { ref: pull.head, label: `${options.owner}:${pull.head}` },
    user: { login: pull.author, type: pull.author.endsWith("[bot]") ? "Bot" : "User" },
    base: { ref: pull.base },
    labels: pull.labels.map((name) => ({ name })),
    html_url: `${origin}/${options.owner}/${options.repo}/pull/${pull.number}`,
  };
}

export function git(options: FakeGitHubOptions, args: string[]): string {
  return execFileSync("git", ["--git-dir", options.bareRepo ?? "", ...args], {
    env: options.gitEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}
