import type { CallLog } from "./call-log.js";
import type { Organization } from "./model.js";
import type { InspectionHandler } from "./server.js";
import { stateView } from "./state-view.js";
import type { HttpAnswer } from "./wire.js";

/**
 * Test and demo endpoints beside the AWS APIs: `GET /_sandbox/state[?account=ID]`,
 * `GET /_sandbox/calls[?since=SEQ]`, `POST /_sandbox/reset`. They need no signature.
 */
export function inspectionHandler(access: {
  org(): Organization;
  log(): CallLog;
  reset(): void;
  info(): Record<string, unknown>;
}): InspectionHandler {
  return (method, url) => {
    const path = url.pathname.replace(/\/+$/, "");
    if (method === "GET" && path === "/_sandbox/state") {
      const account = url.searchParams.get("account");
      return json(200, stateView(access.org(), account ? { account } : undefined));
    }
    if (method === "GET" && path === "/_sandbox/calls") {
      const since = Number(url.searchParams.get("since") ?? 0);
      const log = access.log();
      const calls = log.list().filter((call) => call.seq > since);
      return json(200, { total: log.total, dropped: log.dropped, calls });
    }
    if (method === "POST" && path === "/_sandbox/reset") {
      access.reset();
      return json(200, { reset: true });
    }
    if (method === "GET" && path === "/_sandbox") return json(200, access.info());
    return json(404, {
      error: `no sandbox endpoint ${method} ${url.pathname}; try GET /_sandbox/state, GET /_sandbox/calls, POST /_sandbox/reset`,
    });
  };
}

function json(status: number, value: unknown): HttpAnswer {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(value) };
}
