import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GitRepos } from "./git-repos.js";
import {
  type FakeComment,
  type FakeGitHubOptions,
  type FakeLabel,
  type FakePull,
  type FakeState,
  fakeRoutes,
  PREFIX,
  type RecordedRequest,
  type Reply,
  unexpectedReply,
  userReply,
} from "./github-fake-routes.js";

export type {
  FakeComment,
  FakeGitHubOptions,
  FakeLabel,
  FakePull,
  RecordedRequest,
  Reply,
} from "./github-fake-routes.js";

export type FakeGitHub = {
  apiUrl: string;
  requests: RecordedRequest[];
  unexpected: string[];
  comments: FakeComment[];
  pulls: FakePull[];
  labels: Map<string, FakeLabel>;
  /** A pull request a person opened (for comment tests). */
  seedPull(head: string, options?: { author?: string; body?: string; title?: string }): number;
  /** What a person does in the UI. */
  closePull(number: number): void;
  mergePull(number: number, mergeCommitSha: string): void;
  addHumanComment(issue: number, body: string, user?: string): void;
  /** Answers the next requests with these replies, in order, before any route (rate limits, outages). */
  answerNext(...replies: Reply[]): void;
  writes(): RecordedRequest[];
  close(): Promise<void>;
};

/**
 * A local GitHub REST API holding state (comments, pull requests, labels; branches live in a real
 * bare git repository), served under `/api/v3` like GitHub Enterprise Server so GITHUB_API_URL
 * with a path is exercised. Anything it does not implement is answered 400 and recorded in
 * `unexpected`, so a test fails on any call rootward was not meant to make.
 */

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const state: FakeState = {
    requests: [],
    unexpected: [],
    comments: [],
    pulls: [],
    labels: new Map(),
    next: { number: 1, commentId: 1000 },
    origin: "",
  };

  const routes = fakeRoutes(state, options);
  const queued: Reply[] = [];
  const repoPath = `/repos/${options.owner}/${options.repo}`;

  const server = createServer((request, response) => {
    void serve(request, response);
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const url = new URL(request.url ?? "/", state.origin);
    const method = request.method ?? "GET";
    const path = decodeURIComponent(url.pathname);
    state.requests.push({ method, path: url.pathname, query: url.search, body });
    let reply: Reply;
    const auth = request.headers.authorization ?? "";
    const next = queued.shift();
    if (next) {
      reply = next;
    } else if (!/^(token|bearer) /i.test(auth) || auth.slice(auth.indexOf(" ") + 1) !== options.token) {
      // The scheme is case-insensitive (RFC 9110 §11.1): EventBridge sends "Bearer", octokit "token".
      reply = { status: 401, body: { message: "Bad credentials" } };
    } else if (method === "GET" && url.pathname === `${PREFIX}/user`) {
      reply = userReply(options);
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
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${state.origin}${PREFIX}`,
    requests: state.requests,
    unexpected: state.unexpected,
    comments: state.comments,
    pulls: state.pulls,
    labels: state.labels,
    seedPull(head, seed = {}) {
      const number = state.next.number++;
      state.pulls.push({
        number,
        title: seed.title ?? "Change the desired state",
        body: seed.body ?? "",
        state: "open",
        mergedAt: null,
        mergeCommitSha: null,
        head,
        base: "main",
        author: seed.author ?? "octocat",
        labels: [],
      });
      return number;
    },
    closePull(number) {
      const pull = state.pulls.find((entry) => entry.number === number);
      if (!pull) throw new Error(`no pull request #${number}`);
      pull.state = "closed";
    },
    mergePull(number, mergeCommitSha) {
      const pull = state.pulls.find((entry) => entry.number === number);
      if (!pull) throw new Error(`no pull request #${number}`);
      pull.state = "closed";
      pull.mergedAt = "2026-11-22T12:30:00Z";
      pull.mergeCommitSha = mergeCommitSha;
    },
    addHumanComment(issue, body, user = "octocat") {
      state.comments.push({ id: state.next.commentId++, issue, body, user });
    },
    answerNext(...replies) {
      queued.push(...replies);
    },
    writes: () => state.requests.filter((request) => request.method !== "GET"),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The local GitHub of acme/root-access, whose branches are the bare repository of `repos`. */
export function startFakeGitHubFor(
  repos: Pick<GitRepos, "bare" | "env">,
  token: string,
): Promise<FakeGitHub> {
  return startFakeGitHub({
    owner: "acme",
    repo: "root-access",
    token,
    bareRepo: repos.bare,
    gitEnv: repos.env,
  });
}
