import { RootwardError } from "./errors.js";

/** Seconds rootward waits for an answer from AWS or GitHub before calling the attempt failed. */
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 30;

/** Set by `--timeout SECONDS`; read by every AWS and GitHub client. */
export const HTTP_TIMEOUT_ENV = "ROOTWARD_HTTP_TIMEOUT";

/**
 * How many times an AWS call that got no answer is sent in all. The SDK would retry a timeout
 * like any transient error (8 attempts for rootward), which against a black-holed endpoint means
 * minutes per call; one retry still rides out a single slow connection.
 */
export const TIMEOUT_ATTEMPTS = 2;

/** Connecting never waits longer than this, even with a long --timeout. */
const MAX_CONNECT_MS = 10_000;

export type HttpTimeouts = {
  /** Per attempt: until the response headers arrive, and the longest silence while the body streams. */
  requestMs: number;
  /** Per attempt: until the TCP (and TLS) connection is up. */
  connectMs: number;
};

/** The timeouts for this run, from ROOTWARD_HTTP_TIMEOUT (seconds; `--timeout` sets it). */
export function httpTimeouts(env: Readonly<Record<string, string | undefined>>): HttpTimeouts {
  const raw = env[HTTP_TIMEOUT_ENV];
  const seconds = raw === undefined || raw === "" ? DEFAULT_HTTP_TIMEOUT_SECONDS : parseTimeoutSeconds(raw);
  if (seconds === undefined) {
    throw new RootwardError(
      "timeout-invalid",
      `${HTTP_TIMEOUT_ENV}=${raw} is not a number of seconds greater than 0`,
      { hint: `unset it, or set it like ${HTTP_TIMEOUT_ENV}=60 (or pass --timeout 60)` },
    );
  }
  const requestMs = Math.round(seconds * 1000);
  return { requestMs, connectMs: Math.min(requestMs, MAX_CONNECT_MS) };
}

/** A positive number of seconds, at most a day; undefined when `value` is not one. */
export function parseTimeoutSeconds(value: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const seconds = Number(value);
  return seconds > 0 && seconds <= 86_400 ? seconds : undefined;
}

/** `5 s`, `0.5 s`: how long a wait was, as the user set it. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
