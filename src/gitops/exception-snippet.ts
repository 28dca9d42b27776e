import { isAccountAction, type Plan, type PlannedAccount } from "../plan/model.js";
import type { AccountOperation } from "../plan/operations.js";
import { inertText } from "../report/inert-text.js";

/** How long a suggested exception lasts: exceptions should be time-boxed, and 90 days is a quarter. */
export const SUGGESTED_EXCEPTION_DAYS = 90;

type Kind = "password" | "accessKeys" | "mfa" | "signingCertificates";

const KIND_OF: Record<AccountOperation, Kind | undefined> = {
  DeleteLoginProfile: "password",
  DeleteAccessKey: "accessKeys",
  DeactivateMFADevice: "mfa",
  DeleteSigningCertificate: "signingCertificates",
  CreateLoginProfile: undefined,
};

/** The order the desired-state format documents the kinds in (README "Credential rules"). */
const KIND_ORDER: readonly Kind[] = ["password", "accessKeys", "signingCertificates", "mfa"];

export type ExceptionSnippet = { accountId: string; accountName: string; yaml: string };

/**
 * For every account where the plan deletes credentials, an `exceptions:` entry that would keep
 * exactly those kinds, ready to paste under `exceptions:` of a desired-state file. Reviewers who
 * decide a credential must stay close the drift pull request and add this instead. Pure: the
 * expiry date is counted from the plan's own time, not the clock.
 */
export function exceptionSnippets(plan: Plan): ExceptionSnippet[] {
  const deletesByAccount = new Map<string, Set<Kind>>();
  for (const action of plan.actions) {
    if (!isAccountAction(action)) continue;
    const kind = KIND_OF[action.operation];
    if (!kind) continue;
    const kinds = deletesByAccount.get(action.accountId) ?? new Set<Kind>();
    kinds.add(kind);
    deletesByAccount.set(action.accountId, kinds);
  }
  const expires = addDays(plan.plannedAt, SUGGESTED_EXCEPTION_DAYS);
  return plan.accounts
    .filter((account) => deletesByAccount.has(account.accountId))
    .map((account) => ({
      accountId: account.accountId,
      accountName: account.name,
      yaml: snippetYaml(account, deletesByAccount.get(account.accountId) ?? new Set(), expires),
    }));
}

function snippetYaml(account: PlannedAccount, kinds: ReadonlySet<Kind>, expires: string): string {
  const lines: string[] = [];
  if (account.governedBy.kind === "exception") {
    // First match wins, so an entry after the governing one never applies; and validate
    // rejects an account id listed in two exceptions.
    const where = `${account.governedBy.location.file}:${account.governedBy.location.line}`;
    lines.push(
      `  # ${account.accountId} is governed by exception ${yamlComment(account.governedBy.name)} (${yamlComment(where)}):`,
      "  # add the kinds below to that entry, or, if it selects by name, OU or tag, paste this before it.",
    );
  }
  lines.push(
    `  - name: keep-root-${account.accountId}`,
    `    accounts: ["${account.accountId}"] # ${yamlComment(account.name)}`,
    ...KIND_ORDER.flatMap((kind) => ruleLine(account, kind, kinds)),
    '    reason: "TODO: why this account keeps root credentials"',
    '    owner: "TODO: the team or person who answers for them"',
    `    expires: ${expires}`,
  );
  return lines.join("\n");
}

/**
 * Kinds the plan deletes become `allowed`. Under an exception, the other kinds keep what that
 * exception grants: kinds left out of an entry fall back to the baseline, not to the entry it
 * replaces, so leaving them out would turn this snippet into new deletions.
 */
function ruleLine(account: PlannedAccount, kind: Kind, deleted: ReadonlySet<Kind>): string[] {
  if (deleted.has(kind)) return [`    ${kind}: allowed`];
  const current = account.rules?.[kind];
  if (account.governedBy.kind !== "exception" || current === undefined) return [];
  return [`    ${kind}: ${current}`];
}

function addDays(iso: string, days: number): string {
  const date = new Date(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Account names are free text; a YAML comment must stay on one line, and YAML 1.1 also breaks
 * lines at NEL, U+2028 and U+2029, all of which `inertText` turns into a space.
 */
function yamlComment(text: string): string {
  return inertText(text);
}
