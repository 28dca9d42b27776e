import { z } from "zod";
import { type AccountEventName, AccountEventNames, DISPATCH_EVENT_TYPE } from "./event-rules.js";

/**
 * The `repository_dispatch` webhook payload GitHub writes to GITHUB_EVENT_PATH: `action` is the
 * event_type the API destination sent, `client_payload` what its input transformer made
 * (https://docs.github.com/en/rest/repos/repos#create-a-repository-dispatch-event). Anyone holding
 * a token with Contents write on the repository can send one, so the client payload is strict:
 * unknown keys, an event name outside the rules, a malformed account, time or id are refused
 * before anything reads AWS. The rest of the webhook payload is GitHub's and only `action` is read.
 */
const CloudTrailTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/,
    "a CloudTrail eventTime, e.g. 2026-11-20T10:15:00Z",
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), "not a valid date");

export const AccountEventSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, "an AWS account id (12 digits)"),
  eventName: z.enum(AccountEventNames),
  eventTime: CloudTrailTime,
  // CloudTrail eventID values are UUIDs.
  eventId: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      "a CloudTrail eventID (a UUID)",
    ),
});
export type AccountEvent = {
  accountId: string;
  eventName: AccountEventName;
  eventTime: string;
  eventId: string;
};

const DispatchSchema = z.object({
  action: z.literal(DISPATCH_EVENT_TYPE),
  client_payload: AccountEventSchema,
});

export type PayloadProblem = { path: string; message: string };

export type ParsedPayload = { ok: true; event: AccountEvent } | { ok: false; problems: PayloadProblem[] };

/** Pure: the account event of a repository_dispatch payload, or every problem with it. */
export function parseDispatchPayload(text: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: "(file)", message: `not JSON: ${(error as Error).message}` }] };
  }
  const parsed = DispatchSchema.safeParse(json);
  if (parsed.success) return { ok: true, event: parsed.data.client_payload };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: issue.path.length === 0 ? "(payload)" : issue.path.map(String).join("."),
      message: issue.message,
    })),
  };
}
