import { RootwardError } from "../errors.js";
import { seconds, TIMEOUT_ATTEMPTS } from "../http-timeout.js";
import { awsFailure } from "./errors.js";

/** Which call failed and where it went, so an error can name the action and the endpoint. */
export type AwsCall = {
  /** The IAM action: `sts:AssumeRoot`, `organizations:DescribeOrganization`. */
  action: string;
  /** Scheme, host and port the request was sent to. */
  endpoint: string;
  /** The setting that chose the endpoint (AWS_ENDPOINT_URL…); absent for AWS's own endpoints. */
  endpointSource?: string;
};

export type CallObserverOptions = {
  /** Called on every throttled attempt, including those the SDK retries by itself. */
  onThrottle?: (() => void) | undefined;
  timeoutMs: number;
  endpointSource?: string | undefined;
};

type Next = (args: unknown) => Promise<unknown>;
type Context = { clientName?: string; commandName?: string; rootwardTimeouts?: number };
type Request = { protocol?: string; hostname?: string; port?: number };

const CALL = "rootwardCall";

/** The call an error came from, when it came from an AWS client built by createAwsClients. */
export function awsCallOf(error: unknown): AwsCall | undefined {
  if (typeof error !== "object" || error === null || !(CALL in error)) return undefined;
  return (error as { [CALL]: AwsCall })[CALL];
}

/**
 * A per-attempt middleware: it sits inside the SDK's retry loop, so it sees every attempt. It
 * reports throttling (the audit adapts its concurrency), tags each error with the call it came
 * from, and ends a call after TIMEOUT_ATTEMPTS timeouts with an error that names the endpoint.
 * The context object is the same for every attempt of one command, so it counts them.
 */
export function observeCalls<T extends { middlewareStack: { add: unknown } }>(
  client: T,
  options: CallObserverOptions,
): T {
  const add = client.middlewareStack.add as (
    middleware: (next: Next, context: Context) => Next,
    options: object,
  ) => void;
  add.call(
    client.middlewareStack,
    (next: Next, context: Context) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if (awsFailure(error).throttling) options.onThrottle?.();
        const call = describeCall(context, (args as { request?: Request }).request, options.endpointSource);
        if (isTimeout(error)) {
          context.rootwardTimeouts = (context.rootwardTimeouts ?? 0) + 1;
          if (context.rootwardTimeouts >= TIMEOUT_ATTEMPTS)
            throw tagged(noAnswer(call, options.timeoutMs, context.rootwardTimeouts, error), call);
        }
        throw tagged(error, call);
      }
    },
    { step: "finalizeRequest", priority: "low", name: "rootwardCallObserver" },
  );
  return client;
}

/**
 * smithy's node-http-handler names every timeout TimeoutError: no connection within
 * connectionTimeout, no response within requestTimeout, a silent socket mid-response.
 */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === "TimeoutError";
}

/**
 * Replaces the SDK's error, so the retry strategy (which classifies by name, code and cause)
 * sees nothing transient and stops; the SDK's own error is not kept as `cause` for that reason.
 */
function noAnswer(call: AwsCall, timeoutMs: number, attempts: number, error: unknown): RootwardError {
  const where = call.endpointSource ? `${call.endpoint} (${call.endpointSource})` : call.endpoint;
  const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const check = call.endpointSource
    ? `check that something serves ${call.endpointSource} (a stopped \`rootward sandbox\`, a proxy that swallows requests)`
    : "check the network, proxy (HTTPS_PROXY) and firewall between here and AWS";
  return new RootwardError(
    "endpoint-timeout",
    `no answer from ${where} within ${seconds(timeoutMs)}, ${attempts} attempts of ${call.action}: is the endpoint up?`,
    {
      fault: "aws",
      hint: `${check}. Each AWS call gets ${TIMEOUT_ATTEMPTS} attempts of ${seconds(timeoutMs)}; a slow endpoint needs a longer --timeout SECONDS (or ROOTWARD_HTTP_TIMEOUT). Last error: ${detail}`,
    },
  );
}

function describeCall(context: Context, request: Request | undefined, endpointSource?: string): AwsCall {
  const service = (context.clientName ?? "").replace(/Client$/, "").toLowerCase() || "aws";
  const operation = (context.commandName ?? "").replace(/Command$/, "") || "call";
  const port = request?.port ? `:${request.port}` : "";
  const endpoint = request?.hostname ? `${request.protocol ?? "https:"}//${request.hostname}${port}` : "AWS";
  return { action: `${service}:${operation}`, endpoint, ...(endpointSource ? { endpointSource } : {}) };
}

function tagged(error: unknown, call: AwsCall): unknown {
  if (typeof error === "object" && error !== null && Object.isExtensible(error))
    Object.defineProperty(error, CALL, { value: call, enumerable: false, configurable: true });
  return error;
}
