import type { AuditedAccount, RootCredentials } from "../../src/audit/snapshot.js";
import type { CredentialRules } from "../../src/desired/index.js";
import { MANAGEMENT_ID } from "./builders.js";
import type { DesiredSpec, ExceptionSpec, Selectors } from "./desired-arbitraries.js";

/**
 * The README's resolution rules, written again from the README rather than taken from
 * `src/desired/resolve.ts`, so the plan's properties check the planner against the documented
 * behaviour: a matching `unmanaged` entry wins; otherwise the first matching exception that has
 * not expired (files in path order, entries in file order); otherwise the baseline.
 */
export type ExpectedGovernance =
  | { kind: "unmanaged" }
  | { kind: "exception"; name: string; rules: CredentialRules }
  | { kind: "baseline"; rules: CredentialRules };

type Facts = Pick<AuditedAccount, "id" | "name" | "ouPath" | "ouIds" | "tags">;

export function expectedGovernance(spec: DesiredSpec, account: Facts, now: Date): ExpectedGovernance {
  if (spec.unmanaged.some((selectors) => matches(selectors, account))) return { kind: "unmanaged" };
  const ordered = [
    ...spec.exceptions.filter((exception) => exception.file === "exceptions/a.yaml"),
    ...spec.exceptions.filter((exception) => exception.file === "policy.yaml"),
  ];
  const exception = ordered.find((entry) => !expired(entry, now) && matches(entry.selectors, account));
  if (exception) {
    return { kind: "exception", name: exception.name, rules: { ...spec.baseline, ...exception.overrides } };
  }
  return { kind: "baseline", rules: spec.baseline };
}

/** `expires` is the last day (UTC) on which the exception applies. */
function expired(exception: ExceptionSpec, now: Date): boolean {
  if (exception.expires === undefined) return false;
  return now.getTime() >= Date.parse(`${exception.expires}T00:00:00.000Z`) + 24 * 60 * 60 * 1000;
}

function matches(selectors: Selectors, account: Facts): boolean {
  const tags = Object.entries(selectors.tags);
  return (
    selectors.accounts.includes(account.id) ||
    selectors.names.some((glob) => globRegExp(glob).test(account.name)) ||
    selectors.ous.some((ou) =>
      ou.startsWith("ou-")
        ? account.ouIds.includes(ou)
        : account.ouPath === ou || account.ouPath.startsWith(`${ou}/`),
    ) ||
    (tags.length > 0 && tags.every(([name, value]) => account.tags[name] === value))
  );
}

function globRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

export function usesTags(spec: DesiredSpec): boolean {
  return [...spec.exceptions.map((exception) => exception.selectors), ...spec.unmanaged].some(
    (selectors) => Object.keys(selectors.tags).length > 0,
  );
}

/**
 * Whether the plan may change the account's root credentials at all: a member account, ACTIVE,
 * audited, governed by an entry that could be evaluated, and not unmanaged.
 */
export function mayChange(spec: DesiredSpec, account: AuditedAccount, now: Date): boolean {
  if (account.id === MANAGEMENT_ID || account.state !== "ACTIVE" || account.status !== "audited")
    return false;
  if (account.tagsError !== undefined && usesTags(spec)) return false;
  return expectedGovernance(spec, account, now).kind !== "unmanaged";
}

/** How `after` breaks `rules`, given the credentials `before` (allowed kinds stay as they were). */
export function violations(
  rules: CredentialRules,
  before: RootCredentials,
  after: RootCredentials,
): string[] {
  const found: string[] = [];
  if (rules.password === "absent" && after.password.present) found.push("password present, rule absent");
  if (rules.password === "present" && !after.password.present) found.push("password absent, rule present");
  if (rules.password === "allowed" && after.password.present !== before.password.present)
    found.push("password changed, rule allowed");
  const kinds = [
    ["accessKeys", rules.accessKeys],
    ["signingCertificates", rules.signingCertificates],
    ["mfaDevices", rules.mfa],
  ] as const;
  for (const [kind, rule] of kinds) {
    if (rule === "absent" && after[kind].length > 0) found.push(`${kind} left, rule absent`);
    if (rule !== "absent" && JSON.stringify(after[kind]) !== JSON.stringify(before[kind]))
      found.push(`${kind} changed, rule ${rule}`);
  }
  return found;
}
