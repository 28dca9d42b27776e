import { describe, expect, it } from "vitest";
import { parseDispatchPayload } from "./dispatch-payload.js";

const valid = {
  accountId: "111122223333",
  eventName: "CreateAccessKey",
  eventTime: "2026-11-20T10:15:00Z",
  eventId: "0a1b2c3d-1111-4a2b-8c3d-000000000001",
};

function payload(client: unknown, action: unknown = "rootward-account-event"): string {
  // What GitHub writes to GITHUB_EVENT_PATH carries more than rootward reads.
  return JSON.stringify({
    action,
    branch: "main",
    client_payload: client,
    repository: { full_name: "acme/root-access" },
  });
}

describe("parseDispatchPayload", () => {
  it("accepts a rootward-account-event payload, ignoring GitHub's own fields", () => {
    expect(parseDispatchPayload(payload(valid))).toEqual({ ok: true, event: valid });
    expect(parseDispatchPayload(payload({ ...valid, eventTime: "2026-11-20T10:15:00.123Z" })).ok).toBe(true);
  });

  const refused: { name: string; text: string; path: string }[] = [
    { name: "not JSON", text: "{", path: "(file)" },
    { name: "another event type", text: payload(valid, "deploy"), path: "action" },
    {
      name: "no client payload",
      text: JSON.stringify({ action: "rootward-account-event" }),
      path: "client_payload",
    },
    { name: "an unknown key", text: payload({ ...valid, command: "rm -rf /" }), path: "client_payload" },
    {
      name: "account id with 11 digits",
      text: payload({ ...valid, accountId: "11112222333" }),
      path: "client_payload.accountId",
    },
    {
      name: "account id as a number",
      text: payload({ ...valid, accountId: 111122223333 }),
      path: "client_payload.accountId",
    },
    {
      name: "an OU id where an account belongs",
      text: payload({ ...valid, accountId: "ou-ab12-cd34ef56" }),
      path: "client_payload.accountId",
    },
    {
      name: "an event outside the rules",
      text: payload({ ...valid, eventName: "CreateUser" }),
      path: "client_payload.eventName",
    },
    {
      name: "a time that is no CloudTrail time",
      text: payload({ ...valid, eventTime: "yesterday" }),
      path: "client_payload.eventTime",
    },
    {
      name: "an impossible date",
      text: payload({ ...valid, eventTime: "2026-13-45T10:15:00Z" }),
      path: "client_payload.eventTime",
    },
    {
      name: "an event id with markdown",
      text: payload({ ...valid, eventId: "[x](https://evil.example)" }),
      path: "client_payload.eventId",
    },
    {
      name: "an empty event id (a path the transformer did not find)",
      text: payload({ ...valid, eventId: "" }),
      path: "client_payload.eventId",
    },
  ];
  it.each(refused)("refuses $name", ({ text, path }) => {
    const parsed = parseDispatchPayload(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((problem) => problem.path)).toContain(path);
  });
});
