/** The services the sandbox answers, named as in the SigV4 credential scope. */
export type ServiceName = "organizations" | "sts" | "iam" | "s3" | "sqs";
export const SERVICE_NAMES: readonly ServiceName[] = ["organizations", "sts", "iam", "s3", "sqs"];

/**
 * An AWS error as the sandbox will put it on the wire. `code` is the wire code (`__type`,
 * `<Code>`); `fields` are extra members some shapes carry (Organizations `Reason`, `Type`).
 */
export class SandboxError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: Readonly<Record<string, string>>;
  /** SQS's awsQueryCompatible code (`x-amzn-query-error` header), when it differs from `code`. */
  readonly queryCode: string | undefined;

  constructor(
    code: string,
    message: string,
    status = 400,
    options: { fields?: Record<string, string>; queryCode?: string } = {},
  ) {
    super(message);
    this.name = "SandboxError";
    this.code = code;
    this.status = status;
    this.fields = options.fields ?? {};
    this.queryCode = options.queryCode;
  }
}

/**
 * AccessDenied differs per protocol: IAM/STS/S3 use `AccessDenied` (403); Organizations models
 * `AccessDeniedException` without an HTTP trait (400); SQS JSON uses the coral name with the
 * query-compatible code `AccessDenied` (SQS API reference, "Common errors").
 */
export function accessDenied(service: ServiceName, message: string): SandboxError {
  switch (service) {
    case "organizations":
      return new SandboxError("AccessDeniedException", message, 400);
    case "sqs":
      return new SandboxError("com.amazon.coral.service#AccessDeniedException", message, 403, {
        queryCode: "AccessDenied",
      });
    default:
      return new SandboxError("AccessDenied", message, 403);
  }
}

/**
 * Organizations: `TooManyRequestsException` (model text); STS/IAM: `Throttling` "Rate exceeded"
 * (re:Post iam-sts-throttling-error); S3: 503 `SlowDown`; SQS: `RequestThrottled`.
 */
export function throttled(service: ServiceName): SandboxError {
  switch (service) {
    case "organizations":
      return new SandboxError(
        "TooManyRequestsException",
        "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.",
        400,
        { fields: { Type: "AWS::Organizations" } },
      );
    case "s3":
      return new SandboxError("SlowDown", "Please reduce your request rate.", 503);
    case "sqs":
      return new SandboxError("com.amazonaws.sqs#RequestThrottled", "Request is throttled.", 400, {
        queryCode: "RequestThrottled",
      });
    default:
      return new SandboxError("Throttling", "Rate exceeded", 400);
  }
}

export function expiredToken(service: ServiceName): SandboxError {
  switch (service) {
    case "organizations":
      return new SandboxError(
        "ExpiredTokenException",
        "The security token included in the request is expired",
        400,
      );
    case "s3":
      return new SandboxError("ExpiredToken", "The provided token has expired.", 400);
    case "sqs":
      return new SandboxError(
        "com.amazon.coral.service#ExpiredTokenException",
        "The security token included in the request is expired",
        403,
        { queryCode: "ExpiredToken" },
      );
    default:
      return new SandboxError("ExpiredToken", "The security token included in the request is expired", 403);
  }
}

export function invalidToken(service: ServiceName): SandboxError {
  const message = "The security token included in the request is invalid.";
  switch (service) {
    case "organizations":
      return new SandboxError("UnrecognizedClientException", message, 400);
    case "s3":
      return new SandboxError(
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        403,
      );
    case "sqs":
      return new SandboxError("com.amazon.coral.service#UnrecognizedClientException", message, 400, {
        queryCode: "InvalidClientTokenId",
      });
    default:
      return new SandboxError("InvalidClientTokenId", message, 403);
  }
}

/** The injected "random 5xx": each service's modelled internal error. */
export function internalFailure(service: ServiceName): SandboxError {
  switch (service) {
    case "organizations":
      return new SandboxError(
        "ServiceException",
        "AWS Organizations can't complete your request because of an internal service error. Try again later.",
        500,
      );
    case "iam":
      return new SandboxError(
        "ServiceFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
        500,
      );
    case "s3":
      return new SandboxError("InternalError", "We encountered an internal error. Please try again.", 500);
    case "sqs":
      return new SandboxError(
        "com.amazon.coral.service#InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
        500,
        {
          queryCode: "InternalFailure",
        },
      );
    default:
      return new SandboxError(
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
        500,
      );
  }
}

export function unknownOperation(service: ServiceName, operation: string): SandboxError {
  switch (service) {
    case "organizations":
      return new SandboxError(
        "UnknownOperationException",
        `The sandbox does not implement ${operation}.`,
        400,
      );
    case "sqs":
      return new SandboxError(
        "com.amazon.coral.service#UnknownOperationException",
        `The sandbox does not implement ${operation}.`,
        400,
        {
          queryCode: "InvalidAction",
        },
      );
    case "s3":
      return new SandboxError("NotImplemented", `The sandbox does not implement ${operation}.`, 501);
    default:
      return new SandboxError(
        "InvalidAction",
        `Could not find operation ${operation} (the sandbox does not implement it).`,
        400,
      );
  }
}

/** Query-protocol validation failures (`ValidationError`, a common error of IAM and STS). */
export function validationError(message: string): SandboxError {
  return new SandboxError("ValidationError", message, 400);
}

/** Organizations `InvalidInputException` carries a `Reason` from a closed enum (model). */
export function invalidInput(reason: string, message: string): SandboxError {
  return new SandboxError("InvalidInputException", message, 400, { fields: { Reason: reason } });
}
