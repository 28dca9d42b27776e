import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { CallRecord } from "./call-log.js";
import { internalFailure, SandboxError, type ServiceName, throttled } from "./errors.js";
import type { FaultInjector } from "./faults.js";
import { type Credentials, executeCall, type SandboxRuntime } from "./pipeline.js";
import { type Call, routeCall } from "./routing.js";
import { asServiceName, parseAuthorization } from "./sigv4.js";
import { taskArn } from "./task-policies.js";
import { type HttpAnswer, unsignedAnswer } from "./wire.js";

export type InspectionHandler = (method: string, url: URL, body: string) => HttpAnswer;

/** A signed AWS request as it arrives, before latency and faults (see `SandboxOptions.onCallReceived`). */
export type ReceivedCall = { received: number; service: ServiceName; operation: string };

/**
 * One port for every service: the SigV4 credential scope names the service (the SDK signs
 * `…/us-east-1/iam/aws4_request` even with a custom endpoint). Latency is a timer per call, so
 * a slow sandbox still serves thousands of calls concurrently.
 */
export function createSandboxServer(
  runtime: SandboxRuntime,
  faults: FaultInjector,
  inspect: InspectionHandler,
  onReceived?: (call: ReceivedCall) => void,
): { server: Server; cancelTimers(): void } {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer({ noDelay: true }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = chunks.length === 1 ? (chunks[0]?.toString() ?? "") : Buffer.concat(chunks).toString();
      const url = request.url ?? "/";
      if (url.startsWith("/_sandbox")) {
        send(response, inspect(request.method ?? "GET", new URL(url, "http://sandbox"), body));
        return;
      }
      handleAws(request, response, body);
    });
  });

  // Longer than Node's 5 s default: SDK agents keep idle sockets and reuse them between pages.
  server.keepAliveTimeout = 30_000;

  function handleAws(request: IncomingMessage, response: ServerResponse, body: string): void {
    const requestId = randomUUID();
    const signedBy = parseAuthorization(request.headers.authorization);
    const service = signedBy && asServiceName(signedBy.service);
    if (!signedBy || !service) {
      send(response, unsignedAnswer(requestId));
      return;
    }
    const call = routeCall(
      service,
      {
        method: request.method ?? "GET",
        url: request.url ?? "/",
        host: request.headers.host ?? "",
        target: header(request, "x-amz-target"),
        body,
      },
      requestId,
    );
    const credentials = {
      accessKeyId: signedBy.accessKeyId,
      sessionToken: header(request, "x-amz-security-token"),
    };
    const received = runtime.log.tick();
    onReceived?.({ received, service, operation: call.operation });
    const respond = () => {
      if (faults.throttles(service, call.operation)) {
        send(response, injected(call, runtime, "throttled", credentials, received));
        return;
      }
      const fault = faults.fault();
      if (fault === "drop") {
        logInjected(call, runtime, credentials, {
          received,
          injected: "drop",
          status: 0,
          outcome: "ConnectionDropped",
        });
        request.socket.destroy();
        return;
      }
      if (fault === "error" || fault === "throttle") {
        send(
          response,
          injected(call, runtime, fault === "error" ? "error" : "throttled", credentials, received),
        );
        return;
      }
      send(
        response,
        safely(call, () => executeCall(call, credentials, runtime, received)),
      );
    };
    if (faults.latencyMs <= 0) {
      respond();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      respond();
    }, faults.latencyMs);
    timers.add(timer);
  }

  return {
    server,
    cancelTimers() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

function injected(
  call: Call,
  runtime: SandboxRuntime,
  kind: "throttled" | "error",
  credentials: Credentials,
  received: number,
): HttpAnswer {
  const error = kind === "throttled" ? throttled(call.service) : internalFailure(call.service);
  const answer = call.fail(error);
  const outcome = error.code.slice(error.code.indexOf("#") + 1);
  logInjected(call, runtime, credentials, { received, injected: kind, status: answer.status, outcome });
  return answer;
}

function logInjected(
  call: Call,
  runtime: SandboxRuntime,
  credentials: Credentials,
  result: Pick<CallRecord, "received" | "injected" | "status" | "outcome">,
): void {
  const now = runtime.now();
  const identified = runtime.identities.identify(
    runtime.org,
    credentials.accessKeyId,
    credentials.sessionToken,
    now,
  );
  const caller = "caller" in identified ? identified.caller : undefined;
  runtime.log.add({
    time: new Date(now).toISOString(),
    service: call.service,
    operation: call.operation,
    ...(caller ? { account: caller.accountId, caller: caller.kind, callerName: caller.name } : {}),
    ...(caller?.kind === "root-session" ? { taskPolicy: taskArn(caller.session.task) } : {}),
    // A throttled AssumeRoot still names its target, so a test can tell which account it was for.
    ...call.bound?.logFields(),
    ...result,
  });
}

/** A defect in the sandbox answers 500 (which clients retry) and is reported, instead of killing the server. */
function safely(call: Call, run: () => HttpAnswer): HttpAnswer {
  try {
    return run();
  } catch (error) {
    console.error(`rootward sandbox: internal error in ${call.service}:${call.operation}:`, error);
    const message = `The sandbox failed: ${error instanceof Error ? error.message : String(error)}`;
    return call.fail(new SandboxError("InternalFailure", message, 500));
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Headers and body in one write: with keep-alive, a separate body packet meets Nagle + delayed ACK (~40 ms). */
function send(response: ServerResponse, answer: HttpAnswer): void {
  if (response.destroyed) return;
  response.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(answer.body) });
  response.end(answer.body);
}
