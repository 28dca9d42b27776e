import type { SandboxError, ServiceName } from "./errors.js";
import type { S3Output } from "./services/s3.js";
import { escapeXml, toXml, type XmlObject } from "./xml.js";

/** One complete HTTP answer, written in a single `end()` (headers and body in one packet). */
export type HttpAnswer = { status: number; headers: Record<string, string>; body: string };

const QUERY_NAMESPACES: Partial<Record<ServiceName, string>> = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
};

/**
 * awsQuery success: `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…` (operations without
 * output have no Result element). The SDK reads the request id only from `x-amzn-RequestId`.
 */
export function queryOk(
  service: ServiceName,
  operation: string,
  result: XmlObject | undefined,
  requestId: string,
): HttpAnswer {
  const namespace = QUERY_NAMESPACES[service] ?? "";
  const body = `<${operation}Response xmlns="${namespace}">${result ? toXml(result) : ""}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
  return { status: 200, headers: { "content-type": "text/xml", "x-amzn-RequestId": requestId }, body };
}

/** awsQuery error: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` (Smithy xml-errors). */
export function queryError(service: ServiceName, error: SandboxError, requestId: string): HttpAnswer {
  const namespace = QUERY_NAMESPACES[service] ?? "";
  const type = error.status >= 500 ? "Receiver" : "Sender";
  const body = `<ErrorResponse xmlns="${namespace}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: error.status,
    headers: { "content-type": "text/xml", "x-amzn-RequestId": requestId },
    body,
  };
}

export function jsonOk(contentType: string, output: unknown, requestId: string): HttpAnswer {
  return {
    status: 200,
    headers: { "content-type": contentType, "x-amzn-RequestId": requestId },
    body: JSON.stringify(output),
  };
}

/**
 * awsJson error: `{"__type": "...", "Message": "..."}` (Smithy awsJson1_1 errors). SQS, being
 * awsQueryCompatible, also sends `x-amzn-query-error: <query code>;<Sender|Receiver>` and a
 * lower-case `message`.
 */
export function jsonError(
  service: ServiceName,
  contentType: string,
  error: SandboxError,
  requestId: string,
): HttpAnswer {
  const headers: Record<string, string> = { "content-type": contentType, "x-amzn-RequestId": requestId };
  if (service === "sqs") {
    headers["x-amzn-query-error"] =
      `${error.queryCode ?? error.code};${error.status >= 500 ? "Receiver" : "Sender"}`;
    return {
      status: error.status,
      headers,
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  }
  return {
    status: error.status,
    headers,
    body: JSON.stringify({ __type: error.code, Message: error.message, ...error.fields }),
  };
}

function s3Headers(requestId: string): Record<string, string> {
  return { "x-amz-request-id": requestId, "x-amz-id-2": Buffer.from(requestId).toString("base64") };
}

export function s3Ok(output: S3Output, requestId: string): HttpAnswer {
  const headers = s3Headers(requestId);
  if (output.contentType) headers["content-type"] = output.contentType;
  return { status: output.status, headers, body: output.body };
}

/** S3 REST errors: a bare `<Error>` document (S3 API reference, Error responses). */
export function s3Error(error: SandboxError, requestId: string): HttpAnswer {
  const extra = Object.entries(error.fields)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`;
  return {
    status: error.status,
    headers: { ...s3Headers(requestId), "content-type": "application/xml" },
    body,
  };
}

/** What the sandbox answers to a request it cannot attribute to a service (unsigned, unknown scope). */
export function unsignedAnswer(requestId: string): HttpAnswer {
  const body = `<ErrorResponse><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>Request is missing a SigV4 Authorization header for one of the sandbox services (organizations, sts, iam, s3, sqs).</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: 403, headers: { "content-type": "text/xml", "x-amzn-RequestId": requestId }, body };
}
