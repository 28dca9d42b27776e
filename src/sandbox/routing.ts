import { SandboxError, type ServiceName } from "./errors.js";
import type {
  CallContext,
  JsonInput,
  LogFields,
  OperationTable,
  RequestKeys,
  ResourceRef,
} from "./operation.js";
import { IAM_FEATURE_OPERATIONS } from "./services/iam-features.js";
import { IAM_ROOT_READ_OPERATIONS } from "./services/iam-root-reads.js";
import { IAM_ROOT_WRITE_OPERATIONS } from "./services/iam-root-writes.js";
import { ORGANIZATIONS_OPERATIONS } from "./services/organizations.js";
import { S3_OPERATIONS, type S3Input, s3Operation } from "./services/s3.js";
import { SQS_OPERATIONS } from "./services/sqs.js";
import { STS_OPERATIONS } from "./services/sts.js";
import { type HttpAnswer, jsonError, jsonOk, queryError, queryOk, s3Error, s3Ok } from "./wire.js";
import type { XmlObject } from "./xml.js";

export type RawRequest = {
  method: string;
  url: string;
  host: string;
  target: string | undefined;
  body: string;
};

/** An operation bound to its decoded input and its protocol's encoder. */
export type BoundOperation = {
  action: string | null;
  resource(context: CallContext): ResourceRef;
  requestKeys(): RequestKeys;
  logFields(): LogFields;
  run(context: CallContext): HttpAnswer;
};

export type Call = {
  service: ServiceName;
  operation: string;
  bound: BoundOperation | undefined;
  fail(error: SandboxError): HttpAnswer;
};

const IAM_OPERATIONS: OperationTable<URLSearchParams, XmlObject | undefined> = {
  ...IAM_FEATURE_OPERATIONS,
  ...IAM_ROOT_READ_OPERATIONS,
  ...IAM_ROOT_WRITE_OPERATIONS,
};

const JSON_11 = "application/x-amz-json-1.1";
const JSON_10 = "application/x-amz-json-1.0";

function bind<I, O>(
  table: OperationTable<I, O>,
  name: string,
  input: I,
  render: (output: O) => HttpAnswer,
): BoundOperation | undefined {
  const operation = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!operation) return undefined;
  return {
    action: operation.action,
    resource: (context) => operation.resource?.(input, context) ?? { arn: "*" },
    requestKeys: () => operation.requestKeys?.(input) ?? {},
    logFields: () => operation.logFields?.(input) ?? {},
    run: (context) => render(operation.handle(input, context)),
  };
}

/** Decodes a request for its service's protocol: awsQuery (IAM, STS), awsJson (Organizations, SQS), REST-XML (S3). */
export function routeCall(service: ServiceName, request: RawRequest, requestId: string): Call {
  switch (service) {
    case "iam":
    case "sts": {
      const params = new URLSearchParams(request.body);
      const operation = params.get("Action") ?? "";
      const table = service === "iam" ? IAM_OPERATIONS : STS_OPERATIONS;
      return {
        service,
        operation,
        bound: bind(table, operation, params, (result) => queryOk(service, operation, result, requestId)),
        fail: (error) => queryError(service, error, requestId),
      };
    }
    case "organizations":
    case "sqs": {
      const contentType = service === "organizations" ? JSON_11 : JSON_10;
      const prefix = service === "organizations" ? "AWSOrganizationsV20161128." : "AmazonSQS.";
      const operation = request.target?.startsWith(prefix)
        ? request.target.slice(prefix.length)
        : (request.target ?? "");
      const fail = (error: SandboxError) => jsonError(service, contentType, error, requestId);
      let input: JsonInput;
      try {
        const parsed: unknown = request.body === "" ? {} : JSON.parse(request.body);
        input = typeof parsed === "object" && parsed !== null ? (parsed as JsonInput) : {};
      } catch {
        const error = new SandboxError("SerializationException", "Request body is not valid JSON.");
        return { service, operation, bound: failing(error), fail };
      }
      const table = service === "organizations" ? ORGANIZATIONS_OPERATIONS : SQS_OPERATIONS;
      return {
        service,
        operation,
        bound: bind(table, operation, input, (output) => jsonOk(contentType, output, requestId)),
        fail,
      };
    }
    case "s3": {
      const url = new URL(request.url, "http://sandbox");
      const bucket = bucketOf(url.pathname, request.host);
      const operation =
        s3Operation(request.method, bucket, url.searchParams) ?? `${request.method} ${url.pathname}`;
      const input: S3Input = { bucket, body: request.body };
      return {
        service,
        operation,
        bound: bind(S3_OPERATIONS, operation, input, (output) => s3Ok(output, requestId)),
        fail: (error) => s3Error(error, requestId),
      };
    }
  }
}

function failing(error: SandboxError): BoundOperation {
  return {
    action: null,
    resource: () => ({ arn: "*" }),
    requestKeys: () => ({}),
    logFields: () => ({}),
    run: () => {
      throw error;
    },
  };
}

/** Path-style (`/bucket/…`, what the SDK uses with an IP endpoint) or virtual-hosted (`bucket.localhost`). */
function bucketOf(pathname: string, host: string): string | undefined {
  const hostname = host.split(":")[0] ?? "";
  if (hostname.endsWith(".localhost")) return hostname.slice(0, -".localhost".length);
  const first = pathname.split("/")[1];
  if (!first) return undefined;
  try {
    return decodeURIComponent(first);
  } catch {
    return first;
  }
}
