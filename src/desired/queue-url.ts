/*
 * SQS queue URLs, as the desired state names a queue. Pure string rules, shared by validation,
 * the plan (SCP resource ARNs) and the SQS adapter (which region to call).
 */

/**
 * A queue URL as SQS returns it (`https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE`); queue names
 * are 1–80 letters, digits, '-' or '_', FIFO queues ending in `.fifo` (SQS API reference, CreateQueue).
 */
export const QUEUE_URL_PATTERN =
  /^https?:\/\/([^/?#\s]+)\/(\d{12})\/([A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\.fifo)$/;

/**
 * rootward only sends requests to the SQS endpoint of the URL's region, never to the URL's host,
 * but a plain-http URL outside this machine (a sandbox) is almost certainly a mistake.
 */
export function queueUrlProblem(url: string): string | undefined {
  const host = QUEUE_URL_PATTERN.exec(url)?.[1];
  if (host === undefined || url.startsWith("https://")) return undefined;
  const hostname = host.replace(/:\d+$/, "");
  return ["localhost", "127.0.0.1", "[::1]"].includes(hostname)
    ? undefined
    : "a queue URL starts with https:// (http:// only for a local sandbox)";
}

/** The account id in a queue URL's path; undefined when it is not a queue URL. */
export function queueUrlAccount(url: string): string | undefined {
  return QUEUE_URL_PATTERN.exec(url)?.[2];
}

/**
 * The region in a queue URL: `sqs.REGION.amazonaws.com[.cn]`, `sqs.REGION.api.aws`
 * (dual-stack), the legacy `REGION.queue.amazonaws.com`, or `queue.amazonaws.com` (us-east-1).
 * Undefined for anything else (a VPC endpoint, a sandbox).
 */
export function queueUrlRegion(queueUrl: string): string | undefined {
  const host = QUEUE_URL_PATTERN.exec(queueUrl)?.[1]?.replace(/:\d+$/, "");
  if (host === undefined) return undefined;
  if (host === "queue.amazonaws.com") return "us-east-1";
  const modern = /^sqs\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|api\.aws)$/.exec(host);
  if (modern) return modern[1];
  return /^([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\.amazonaws\.com$/.exec(host)?.[1];
}

/** `arn:aws:sqs:REGION:ACCOUNT:NAME`; `*` for a region the URL does not say. */
export function queueArn(queueUrl: string): string | undefined {
  const match = QUEUE_URL_PATTERN.exec(queueUrl);
  if (!match) return undefined;
  const partition = match[1]?.endsWith(".cn") ? "aws-cn" : "aws";
  return `arn:${partition}:sqs:${queueUrlRegion(queueUrl) ?? "*"}:${match[2]}:${match[3]}`;
}
