import type { AuditedAccount } from "../audit/snapshot.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What `rootward validate` refuses until a person replaces it (desired/placeholders). */
export const PLACEHOLDER = "TODO";

/**
 * A time-boxed exception, as YAML to paste under `exceptions:` of a desired-state file (list
 * items indented two spaces, as in the example policy). A warning is a YAML comment, so the
 * snippet stays valid YAML; the TODO values make `rootward validate` fail until they are filled.
 */
export function signInSnippet(
  account: AuditedAccount,
  now: Date,
  password: "present" | "allowed" = "present",
  warning?: string,
): string {
  const expires = new Date(now.getTime() + 14 * DAY_MS).toISOString().slice(0, 10);
  return [
    ...(warning ? [`  # WARNING: ${oneLine(warning)}`] : []),
    `  - name: root-sign-in-${account.id}`,
    `    accounts: ["${account.id}"] # ${oneLine(account.name)}`,
    `    password: ${password}`,
    "    mfa: required",
    `    reason: "${PLACEHOLDER}: why root sign-in is needed"`,
    `    owner: "${PLACEHOLDER}: who answers for it"`,
    `    ticket: "${PLACEHOLDER}"`,
    `    expires: ${expires} # time-boxed: the policy removes the password again after this day`,
  ].join("\n");
}

/** A comment ends at a line break; an account name must not end it early. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u0085\u2028\u2029]+/g, " ");
}
