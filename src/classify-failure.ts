import { type AwsCall, awsCallOf } from "./aws/call-observer.js";
import { awsFailure } from "./aws/errors.js";
import { RootwardError } from "./errors.js";

/**
 * What went wrong, in the categories an operator acts on. None of them is a bug in rootward:
 * each says what to do (README, "When something fails").
 */
export type FailureKind =
  | "credentials-missing"
  | "credentials-expired"
  | "credentials-invalid"
  | "profile-not-found"
  | "region-missing"
  | "access-denied"
  | "not-in-organization"
  | "throttled"
  | "timeout"
  | "unreachable"
  | "tls"
  | "aws-error"
  | "file"
  | "input";

export type ClassifiedFailure = { kind: FailureKind; message: string; hint: string };

const ROOTWARD_CODES: Record<string, FailureKind> = {
  "endpoint-timeout": "timeout",
  "github-timeout": "timeout",
  "github-unreachable": "unreachable",
  "profile-not-found": "profile-not-found",
  "region-missing": "region-missing",
};

const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired"]);
const INVALID = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "IncompleteSignature",
  "AuthFailure",
]);
const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"]);

/**
 * The one classifier of environment failures, for every command (cli/errors.ts) and for doctor.
 * Undefined means rootward does not know the error: a bug, reported as such.
 */
export function classifyFailure(error: unknown): ClassifiedFailure | undefined {
  if (error instanceof RootwardError) {
    return {
      kind: ROOTWARD_CODES[error.code] ?? (error.fault === "user" ? "input" : "aws-error"),
      message: error.message,
      hint: error.hint ?? "",
    };
  }
  if (!(error instanceof Error)) return undefined;
  return credentialFailure(error) ?? networkFailure(error) ?? fileFailure(error) ?? serviceFailure(error);
}

function credentialFailure(error: Error): ClassifiedFailure | undefined {
  const { code, message } = awsFailure(error);
  if (error.name === "CredentialsProviderError" || error.name === "TokenProviderError") {
    // SSO: "The SSO session associated with this profile has expired or is otherwise invalid."
    const expired = /expired|refresh/i.test(message);
    return {
      kind: expired ? "credentials-expired" : "credentials-missing",
      message: expired
        ? `the AWS credentials have expired: ${message}`
        : `no AWS credentials found: ${message}`,
      hint: expired
        ? "sign in again (aws sso login --profile …) and re-run"
        : "set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), sign in with aws sso login, or use GitHub OIDC; `rootward sandbox` rehearses without AWS",
    };
  }
  if (EXPIRED.has(code)) {
    return {
      kind: "credentials-expired",
      message: `the AWS credentials have expired (${code}: ${message})`,
      hint: "sign in again (aws sso login) or refresh the session credentials, then re-run",
    };
  }
  if (INVALID.has(code)) {
    return {
      kind: "credentials-invalid",
      message: `AWS did not accept the credentials (${code}: ${message})`,
      hint: "check AWS_PROFILE / AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (a session token left over from another session is a common cause), and the system clock",
    };
  }
  if (DENIED.has(code)) return accessDenied(code, message, awsCallOf(error));
  if (code === "AWSOrganizationsNotInUseException") {
    return {
      kind: "not-in-organization",
      message: `the caller's account is not in an organization (${code})`,
      hint: "run rootward with credentials of the organization's management account or of the IAM delegated administrator",
    };
  }
  return undefined;
}

/** "User: ARN is not authorized to perform: ACTION on resource: …" (the IAM/STS/Organizations wording). */
function accessDenied(code: string, message: string, call: AwsCall | undefined): ClassifiedFailure {
  const match = /User: (\S+) is not authorized to perform: (\S+)/.exec(message);
  const action = match?.[2] ?? call?.action;
  const principal = match?.[1];
  const what = `${principal ?? "the caller"} may not call ${action ?? "this AWS action"}`;
  const scp = /service control policy/i.test(message);
  return {
    kind: "access-denied",
    message: `access denied: ${what} (${code}: ${message})`,
    hint: scp
      ? "a service control policy denies it: exempt root sessions and rootward's role in that SCP (rootward doctor lists the statements)"
      : `grant ${action ?? "the action"} to the caller: \`rootward iam-policy plan\` and \`rootward iam-policy apply\` print the policies rootward needs; a permissions boundary or SCP can also deny it`,
  };
}

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "temporary DNS failure",
  EHOSTUNREACH: "no route to host",
  ENETUNREACH: "network unreachable",
  ECONNABORTED: "connection aborted",
};

function networkFailure(error: Error): ClassifiedFailure | undefined {
  const detail = networkDetail(error);
  if (!detail) return undefined;
  const call = awsCallOf(error);
  const where = call
    ? `${call.endpoint}${call.endpointSource ? ` (${call.endpointSource})` : ""}`
    : (detail.where ?? "the endpoint");
  const attempts = attemptsOf(error);
  const tried = attempts > 1 ? ` after ${attempts} attempts` : "";
  const forAction = call ? ` for ${call.action}` : "";
  if (error.name === "TimeoutError" || detail.code === "ETIMEDOUT") {
    return {
      kind: "timeout",
      message: `no answer from ${where}${forAction}${tried}: is the endpoint up?`,
      hint: "check the network and proxy; a slow endpoint needs a longer --timeout SECONDS (or ROOTWARD_HTTP_TIMEOUT)",
    };
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(detail.code)) {
    return {
      kind: "tls",
      message: `the TLS certificate of ${where} is not trusted (${detail.code})${forAction}`,
      hint: "behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its CA certificate (PEM)",
    };
  }
  const what = UNREACHABLE[detail.code];
  if (!what) return undefined;
  const custom = call?.endpointSource !== undefined;
  return {
    kind: "unreachable",
    message: `cannot reach ${where}${forAction}: ${what} (${detail.code})${tried}`,
    hint:
      detail.code === "ECONNREFUSED" && custom
        ? `nothing listens at ${call?.endpointSource}: is \`rootward sandbox\` (or the endpoint it names) running?`
        : detail.code === "ENOTFOUND" || detail.code === "EAI_AGAIN"
          ? "check the host name (AWS_REGION and AWS_ENDPOINT_URL, GITHUB_API_URL), DNS and proxy settings"
          : "check the network, VPN and proxy (HTTPS_PROXY) settings, then re-run",
  };
}

/** A Node network error code, possibly under a `fetch failed` TypeError's `cause`. */
function networkDetail(error: Error): { code: string; where?: string } | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const fields = current as Error & {
      code?: unknown;
      address?: unknown;
      port?: unknown;
      hostname?: unknown;
    };
    if (current.name === "TimeoutError") return { code: "ETIMEDOUT" };
    if (
      typeof fields.code === "string" &&
      (fields.code in UNREACHABLE ||
        /^(ETIMEDOUT|CERT_|ERR_TLS|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO)/.test(fields.code))
    ) {
      const host =
        typeof fields.hostname === "string"
          ? fields.hostname
          : typeof fields.address === "string"
            ? fields.address
            : undefined;
      const port = typeof fields.port === "number" ? `:${fields.port}` : "";
      return { code: fields.code, ...(host ? { where: `${host}${port}` } : {}) };
    }
    current = current.cause;
  }
  return undefined;
}

function fileFailure(error: Error): ClassifiedFailure | undefined {
  const fields = error as Error & {
    code?: unknown;
    path?: unknown;
    syscall?: unknown;
    address?: unknown;
    port?: unknown;
  };
  if (typeof fields.code !== "string") return undefined;
  if (fields.syscall === "listen") {
    return {
      kind: "input",
      message: `cannot listen on ${String(fields.address ?? "")}:${String(fields.port ?? "")} (${fields.code})`,
      hint: "pick another --port (0 takes any free port) or --host",
    };
  }
  if (typeof fields.path !== "string") return undefined;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EISDIR: "is a directory",
    ENOTDIR: "a part of the path is not a directory",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
  };
  const reason = reasons[fields.code];
  if (!reason) return undefined;
  return {
    kind: "file",
    message: `cannot ${typeof fields.syscall === "string" ? fields.syscall : "open"} ${fields.path}: ${reason} (${fields.code})`,
    hint: "check the path (relative paths are resolved against the working directory) and its permissions",
  };
}

/** Any other answer from an AWS service: not rootward's bug, but not one rootward expected either. */
function serviceFailure(error: Error): ClassifiedFailure | undefined {
  const failure = awsFailure(error);
  const call = awsCallOf(error);
  if (failure.httpStatus === undefined && !failure.throttling) return undefined;
  const attempts = attemptsOf(error);
  const action = call?.action ?? "an AWS call";
  if (failure.throttling) {
    return {
      kind: "throttled",
      message: `AWS kept throttling ${action} (${failure.code}) through ${attempts} attempts`,
      hint: "lower --concurrency, or retry in a few minutes: other tools calling the same account share its rate limits",
    };
  }
  const status = failure.httpStatus ?? 0;
  return {
    kind: "aws-error",
    message: `AWS answered ${action} with ${failure.code} (HTTP ${status})${attempts > 1 ? ` ${attempts} times` : ""}: ${failure.message}`,
    hint:
      status >= 500
        ? "AWS failed on its side; retry in a few minutes (AWS Health Dashboard: https://health.aws.amazon.com)"
        : "re-run with --verbose; if the error persists and the request looks right, report it with that output",
  };
}

function attemptsOf(error: unknown): number {
  const metadata = (error as { $metadata?: { attempts?: unknown } }).$metadata;
  return typeof metadata?.attempts === "number" ? metadata.attempts : 1;
}
