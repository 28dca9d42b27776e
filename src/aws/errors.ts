import { RootwardError } from "../errors.js";

/** What rootward needs to know about a failed AWS call, independent of which client threw it. */
export type AwsFailure = {
  code: string;
  message: string;
  httpStatus?: number;
  throttling: boolean;
};

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "Rate exceeded",
]);

/**
 * Reads the error code the way the SDK exposes it: codes the service model does not define
 * (AccessDenied, Throttling, ExpiredToken) arrive as a generic ServiceException whose `name` is
 * the wire code, so match on `name`, never on `instanceof` (see reference/dependencies.md).
 */
export function awsFailure(error: unknown): AwsFailure {
  if (!(error instanceof Error)) return { code: "Unknown", message: String(error), throttling: false };
  // Raised by rootward's own middleware (call-observer.ts), e.g. endpoint-timeout.
  if (error instanceof RootwardError) return { code: error.code, message: error.message, throttling: false };
  const withMeta = error as Error & { $metadata?: { httpStatusCode?: number }; Code?: string; code?: string };
  const code =
    withMeta.Code ?? (withMeta.name !== "Error" ? withMeta.name : undefined) ?? withMeta.code ?? "Unknown";
  const failure: AwsFailure = {
    code,
    message: error.message,
    throttling: THROTTLING_CODES.has(code),
  };
  const status = withMeta.$metadata?.httpStatusCode;
  if (status !== undefined) failure.httpStatus = status;
  return failure;
}

export function hasCode(error: unknown, ...codes: string[]): boolean {
  const { code } = awsFailure(error);
  return codes.some((candidate) => code === candidate || code === `${candidate}Exception`);
}

/** A read that may fail without stopping the caller: the value, or why it could not be read. */
export type Settled<T> = { value: T } | { failure: { code: string; message: string } };

/** Awaits `read` and keeps its AWS failure as data (code and message) instead of throwing. */
export async function settle<T>(read: Promise<T>): Promise<Settled<T>> {
  try {
    return { value: await read };
  } catch (error) {
    const { code, message } = awsFailure(error);
    return { failure: { code, message } };
  }
}
