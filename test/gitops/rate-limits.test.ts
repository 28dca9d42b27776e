import { afterEach, describe, expect, it } from "vitest";
import { connectFromActions } from "../../src/cli/commands/pr-comment.js";
import { RootwardError } from "../../src/errors.js";
import { type FakeGitHub, type Reply, startFakeGitHub } from "../support/github-fake.js";

/**
 * GitHub answers a request over its rate limits with 403 or 429: a primary limit with
 * `x-ratelimit-remaining: 0` (retry after `x-ratelimit-reset`), a secondary limit with a message
 * saying so and, usually, `retry-after` seconds ("Rate limits for the REST API",
 * docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api). These run rootward's
 * own octokit (the connector the commands use in Actions, throttling and retries on) against
 * the local fake, with limits that reset at once or after one second so the test stays fast.
 */
const TOKEN = "ghs_rate_limit_token";
let github: FakeGitHub | undefined;

afterEach(async () => {
  await github?.close();
  github = undefined;
});

async function connect(): Promise<{ fake: FakeGitHub; log: string[]; defaultBranch(): Promise<string> }> {
  const fake = await startFakeGitHub({ owner: "acme", repo: "root-access", token: TOKEN });
  github = fake;
  const log: string[] = [];
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: "acme/root-access", GITHUB_API_URL: fake.apiUrl };
  const connection = await connectFromActions(env, (message) => log.push(message));
  return { fake, log, defaultBranch: () => connection.github.defaultBranch() };
}

/** A primary limit that has already reset, so octokit may retry at once. */
function primaryLimit(status: 403 | 429): Reply {
  return {
    status,
    headers: {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) - 5),
      "retry-after": "0",
    },
    body: { message: "API rate limit exceeded for installation ID 1." },
  };
}

function secondaryLimit(status: 403 | 429): Reply {
  return {
    status,
    headers: { "retry-after": "1" },
    body: {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    },
  };
}

const repositoryReads = (fake: FakeGitHub) =>
  fake.requests.filter(
    (request) => request.method === "GET" && request.path.endsWith("/repos/acme/root-access"),
  );

describe("GitHub rate limits", () => {
  it.each([
    ["a primary limit answered 403", primaryLimit(403), /^GitHub rate limit on GET .*; retrying in 0s$/],
    ["a primary limit answered 429", primaryLimit(429), /^GitHub rate limit on GET .*; retrying in 0s$/],
    [
      "a secondary limit answered 403",
      secondaryLimit(403),
      /^GitHub secondary rate limit on GET .*; retrying in 1s$/,
    ],
    [
      "a secondary limit answered 429",
      secondaryLimit(429),
      /^GitHub secondary rate limit on GET .*; retrying in 1s$/,
    ],
  ])("waits and retries %s, then succeeds", async (_name, reply, logged) => {
    const { fake, log, defaultBranch } = await connect();
    fake.answerNext(reply);

    const branch = await defaultBranch();

    expect(branch).toBe("main");
    expect(repositoryReads(fake)).toHaveLength(2);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatch(logged);
  });

  it("gives up after two retries of a primary limit, and says it was the rate limit", async () => {
    const { fake, log, defaultBranch } = await connect();
    fake.answerNext(primaryLimit(403), primaryLimit(403), primaryLimit(403), primaryLimit(403));

    const error = await defaultBranch().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RootwardError);
    expect(error).toMatchObject({ code: "github-rate-limited" });
    expect((error as RootwardError).message).toContain("HTTP 403");
    expect(repositoryReads(fake)).toHaveLength(3);
    expect(log).toHaveLength(3);
  });

  it("retries a server error after a pause, and never a 404", async () => {
    const { fake, defaultBranch } = await connect();
    fake.answerNext({ status: 502, body: { message: "Server Error" } });
    expect(await defaultBranch()).toBe("main");
    expect(repositoryReads(fake)).toHaveLength(2);

    fake.answerNext({ status: 404, body: { message: "Not Found" } });
    const error = await defaultBranch().catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "github-not-found" });
    expect(repositoryReads(fake)).toHaveLength(3);
  });
});
