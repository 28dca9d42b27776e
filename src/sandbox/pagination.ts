import { invalidInput, validationError } from "./errors.js";

/**
 * Offset tokens, opaque to clients (base64url of list name and offset). The list name is part
 * of the token so a token from one list is refused by another, as AWS does.
 */
function encodeToken(list: string, offset: number): string {
  return Buffer.from(`${list}:${offset}`).toString("base64url");
}

function decodeToken(list: string, token: string): number | undefined {
  const text = Buffer.from(token, "base64url").toString();
  const separator = text.lastIndexOf(":");
  if (separator < 0 || text.slice(0, separator) !== list) return undefined;
  const offset = Number(text.slice(separator + 1));
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : undefined;
}

/**
 * Organizations pagination: `MaxResults` 1–20 (model shape `MaxResults`), `NextToken` in and
 * out; the sandbox's page size caps it further so tests exercise pagination. The model says
 * clients must continue "until NextToken returns null", even after an empty page.
 */
export function orgsPage<T>(
  items: readonly T[],
  input: { NextToken?: unknown; MaxResults?: unknown },
  pageSize: number,
  list: string,
): { page: T[]; NextToken?: string } {
  const max = input.MaxResults;
  if (max !== undefined && max !== null) {
    if (typeof max !== "number" || !Number.isInteger(max))
      throw invalidInput("INVALID_INPUT", "MaxResults must be an integer.");
    if (max < 1)
      throw invalidInput(
        "MIN_VALUE_EXCEEDED",
        "You provided a value that is smaller than the minimum allowed value.",
      );
    if (max > 20)
      throw invalidInput(
        "MAX_VALUE_EXCEEDED",
        "You provided a value that exceeds the maximum allowed value.",
      );
  }
  const start = startOf(input.NextToken, list, () =>
    invalidInput("INVALID_NEXT_TOKEN", "The NextToken value is not valid."),
  );
  const size = Math.min(typeof max === "number" ? max : 20, pageSize);
  return slice(items, start, size, list, (page, next) =>
    next === undefined ? { page } : { page, NextToken: next },
  );
}

/** IAM pagination: `Marker`/`IsTruncated`/`MaxItems` (1–1000, default 100; IAM paginators-1.json). */
export function iamPage<T>(
  items: readonly T[],
  input: URLSearchParams,
  pageSize: number,
  list: string,
): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const maxText = input.get("MaxItems");
  let max = 100;
  if (maxText !== null) {
    max = Number(maxText);
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw validationError(
        `1 validation error detected: Value '${maxText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
      );
    }
  }
  const start = startOf(input.get("Marker") ?? undefined, list, () => validationError("Invalid Marker."));
  return slice(items, start, Math.min(max, pageSize), list, (page, next) =>
    next === undefined ? { page, IsTruncated: false } : { page, IsTruncated: true, Marker: next },
  );
}

/** SQS ListQueues: `MaxResults` 1–1000, `NextToken`. */
export function sqsPage<T>(
  items: readonly T[],
  input: { NextToken?: unknown; MaxResults?: unknown },
  pageSize: number,
): { page: T[]; NextToken?: string } {
  const start = startOf(input.NextToken, "sqs-queues", () => validationError("Invalid NextToken value."));
  const max = typeof input.MaxResults === "number" ? input.MaxResults : 1000;
  return slice(items, start, Math.min(max, pageSize), "sqs-queues", (page, next) =>
    next === undefined ? { page } : { page, NextToken: next },
  );
}

function startOf(token: unknown, list: string, invalid: () => Error): number {
  if (token === undefined || token === null || token === "") return 0;
  if (typeof token !== "string") throw invalid();
  const offset = decodeToken(list, token);
  if (offset === undefined) throw invalid();
  return offset;
}

function slice<T, R>(
  items: readonly T[],
  start: number,
  size: number,
  list: string,
  shape: (page: T[], next: string | undefined) => R,
): R {
  const end = start + size;
  const page = items.slice(start, end);
  return shape(page, end < items.length ? encodeToken(list, end) : undefined);
}
