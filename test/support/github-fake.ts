import { execFileSync } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local GitHub REST API holding state (comments, pull requests, labels; branches live in a real
 * bare git repository), served under `/api/v3` like GitHub Enterprise Server so GITHUB_API_URL
 * with a path is exercised. Anything it does not implement is answered 400 and recorded in
 * `unexpected`, so a test fails on any call rootward was not meant to make.
 */
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
};

export type FakeGitHub = {
  apiUrl: string;
  requests: RecordedRequest[];
  unexpected: string[];
  comments: FakeComment[];
  pulls: FakePull[];
  labels: Map<string, FakeLabel>;
  /** A pull request a person opened (for comment tests). */
  seedPull(head: string): number;
  /** What a person does in the UI. */
  closePull(number: number): void;
  mergePull(number: number, mergeCommitSha: string): void;
  addHumanComment(issue: number, body: string): void;
  writes(): RecordedRequest[];
  close(): Promise<void>;
};

const PREFIX = "/api/v3";
const BODY_LIMIT = 65_536;

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Route = {
  method: string;
  pattern: RegExp;
  handle(match: RegExpExecArray, body: Record<string, unknown>, url: URL): Reply;
};

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const state = {
    requests: [] as RecordedRequest[],
    unexpected: [] as string[],
    comments: [] as FakeComment[],
    pulls: [] as FakePull[],
    labels: new Map<string, FakeLabel>(),
  };
  let nextNumber = 1;
  let nextCommentId = 1000;
  let origin = "";

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

  const routes: Route[] = [
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
          headers.link = `<${origin}${PREFIX}${repoPath}/issues/${issue}/comments?per_page=${perPage}&page=${page + 1}>; rel="next"`;
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
        const comment = { id: nextCommentId++, issue, body: body.body, user: "github-actions[bot]" };
        state.comments.push(comment);
        return { status: 201, body: commentJson(comment) };
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
        return { status: 200, body: found.map((pull) => pullJson(pull, origin, options)) };
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
          number: nextNumber++,
          title: String(body.title),
          body: String(body.body ?? ""),
          state: "open",
          mergedAt: null,
          mergeCommitSha: null,
          head,
          base: String(body.base),
          labels: [],
        };
        state.pulls.push(pull);
        return { status: 201, body: pullJson(pull, origin, options) };
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
        return { status: 200, body: pullJson(pull, origin, options) };
      },
    },
    {
      method: "GET",
      pattern: /^\/commits\/([0-9a-f]{40})\/pulls$/,
      handle: (match) => ({
        status: 200,
        body: state.pulls
          .filter((pull) => pull.mergeCommitSha === match[1])
          .map((pull) => pullJson(pull, origin, options)),
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

  const server = createServer((request, response) => {
    void serve(request, response);
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const url = new URL(request.url ?? "/", origin);
    const method = request.method ?? "GET";
    const path = decodeURIComponent(url.pathname);
    state.requests.push({ method, path: url.pathname, query: url.search, body });
    let reply: Reply;
    const auth = request.headers.authorization ?? "";
    if (auth !== `token ${options.token}` && auth !== `bearer ${options.token}`) {
      reply = { status: 401, body: { message: "Bad credentials" } };
    } else if (!url.pathname.startsWith(`${PREFIX}${repoPath}`)) {
      reply = unexpectedReply(state, `${method} ${path}`);
    } else {
      // Match on the raw path so an encoded ref (heads%2Frootward%2Fdrift) stays one segment.
      const rest = url.pathname.slice(`${PREFIX}${repoPath}`.length);
      const route = routes.find((entry) => entry.method === method && entry.pattern.test(rest));
      const match = route?.pattern.exec(rest);
      reply = route && match ? route.handle(match, body, url) : unexpectedReply(state, `${method} ${path}`);
    }
    const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(payload),
      ...reply.headers,
    });
    response.end(payload);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${origin}${PREFIX}`,
    ...state,
    seedPull(head) {
      const number = nextNumber++;
      state.pulls.push({
        number,
        title: "Change the desired state",
        body: "",
        state: "open",
        mergedAt: null,
        mergeCommitSha: null,
        head,
        base: "main",
        labels: [],
      });
      return number;
    },
    closePull(number) {
      const pull = pullOr404(number);
      if (!pull) throw new Error(`no pull request #${number}`);
      pull.state = "closed";
    },
    mergePull(number, mergeCommitSha) {
      const pull = pullOr404(number);
      if (!pull) throw new Error(`no pull request #${number}`);
      pull.state = "closed";
      pull.mergedAt = "2026-11-22T12:30:00Z";
      pull.mergeCommitSha = mergeCommitSha;
    },
    addHumanComment(issue, body) {
      state.comments.push({ id: nextCommentId++, issue, body, user: "octocat" });
    },
    writes: () => state.requests.filter((request) => request.method !== "GET"),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function unexpectedReply(state: { unexpected: string[] }, what: string): Reply {
  state.unexpected.push(what);
  return { status: 400, body: { message: `fake GitHub: unexpected request ${what}` } };
}

function commentJson(comment: FakeComment) {
  return {
    id: comment.id,
    body: comment.body,
    user: { login: comment.user, type: comment.user.endsWith("[bot]") ? "Bot" : "User" },
  };
}

function pullJson(pull: FakePull, origin: string, options: FakeGitHubOptions) {
  return {
    number: pull.number,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    head: { ref: pull.head, label: `${options.owner}:${pull.head}` },
    base: { ref: pull.base },
    labels: pull.labels.map((name) => ({ name })),
    html_url: `${origin}/${options.owner}/${options.repo}/pull/${pull.number}`,
  };
}

function git(options: FakeGitHubOptions, args: string[]): string {
  return execFileSync("git", ["--git-dir", options.bareRepo ?? "", ...args], {
    env: options.gitEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}
