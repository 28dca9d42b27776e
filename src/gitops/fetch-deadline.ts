import { RootwardError } from "../errors.js";
import { seconds } from "../http-timeout.js";

/**
 * A `fetch` for octokit that gives each request `timeoutMs` for everything: connecting, the
 * headers and the whole body. The body is read here, under the deadline, because octokit's
 * fetch wrapper reads it itself and turns a body that fails midway into an empty string
 * (@octokit/request fetch-wrapper.js, getResponseData), which would look like an answer.
 *
 * A timeout is thrown as an AbortError: octokit passes those through unwrapped and its retry
 * plugin retries only RequestErrors, so a silent GitHub costs one timeout, not four plus backoff.
 * A request that did reach GitHub may have taken effect; retrying a comment could post it twice.
 */
export function fetchWithDeadline(timeoutMs: number, source: string): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      const response = await fetch(input, { ...init, signal });
      // 204, 205 and 304 carry no body, and a Response with one cannot even be constructed.
      const body = [204, 205, 304].includes(response.status) ? null : await response.arrayBuffer();
      const copy = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(copy, "url", { value: response.url });
      return copy;
    } catch (error) {
      if (!deadline.aborted) throw error;
      throw Object.assign(noAnswer(originOf(input), timeoutMs, source), { name: "AbortError" });
    }
  };
}

function noAnswer(origin: string, timeoutMs: number, source: string): RootwardError {
  return new RootwardError(
    "github-timeout",
    `no answer from ${origin} (${source}) within ${seconds(timeoutMs)}: is GitHub reachable?`,
    {
      hint: `check ${source}, the network and proxy (HTTPS_PROXY), and https://www.githubstatus.com; a slow GitHub Enterprise Server needs a longer --timeout SECONDS (or ROOTWARD_HTTP_TIMEOUT)`,
    },
  );
}

function originOf(input: Parameters<typeof fetch>[0]): string {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
