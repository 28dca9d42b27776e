import { exceptionEndsAt } from "./model.js";
import { formatPath, type PathSegment, type Problem } from "./problem.js";
import {
  CredentialKinds,
  type Exception,
  type RootAccessExceptions,
  type RootAccessPolicy,
  type Unmanaged,
} from "./schema.js";
import type { YamlSource } from "./yaml-source.js";

export const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export type ParsedDocument =
  | { kind: "RootAccessPolicy"; source: YamlSource; value: RootAccessPolicy }
  | { kind: "RootAccessExceptions"; source: YamlSource; value: RootAccessExceptions };

export type Located<T> = { entry: T; source: YamlSource; path: PathSegment[] };

export function exceptionsInOrder(documents: readonly ParsedDocument[]): Located<Exception>[] {
  return documents.flatMap((document) =>
    (document.value.exceptions ?? []).map((entry, index) => ({
      entry,
      source: document.source,
      path: ["exceptions", index],
    })),
  );
}

export function unmanagedInOrder(documents: readonly ParsedDocument[]): Located<Unmanaged>[] {
  return documents.flatMap((document) =>
    document.kind === "RootAccessPolicy"
      ? (document.value.unmanaged ?? []).map((entry, index) => ({
          entry,
          source: document.source,
          path: ["unmanaged", index],
        }))
      : [],
  );
}

/** Rules that span entries and files, which a per-document schema cannot see. */
export function crossChecks(
  documents: readonly ParsedDocument[],
  managementAccountId: string,
  now: Date,
): Problem[] {
  const exceptions = exceptionsInOrder(documents);
  const unmanaged = unmanagedInOrder(documents);
  const problems: Problem[] = featureProblems(documents);
  for (const located of [...exceptions, ...unmanaged]) {
    problems.push(...selectorProblems(located));
    const index = located.entry.accounts?.indexOf(managementAccountId) ?? -1;
    if (index >= 0) {
      problems.push(
        problemAt(located.source, [...located.path, "accounts", index], "management-account", {
          message: `${managementAccountId} is the management account; rootward never manages its root user`,
          hint: "remove it: centralized root access management only covers member accounts",
        }),
      );
    }
  }
  for (const located of exceptions) {
    problems.push(...expiryProblems(located, now));
    if (CredentialKinds.every((kind) => located.entry[kind] === undefined)) {
      problems.push(
        warningAt(located.source, [...located.path, "name"], "exception-no-effect", {
          message: `exception \`${located.entry.name}\` sets none of ${CredentialKinds.join(", ")}; its accounts get the baseline`,
          hint: "say which credential kinds these accounts may hold, e.g. `password: present`",
        }),
      );
    }
  }
  return problems;
}

function selectorProblems(located: Located<Exception | Unmanaged>): Problem[] {
  const { entry } = located;
  const lists = { accounts: entry.accounts, names: entry.names, ous: entry.ous } as const;
  const problems: Problem[] = [];
  let selects = false;
  for (const [key, list] of Object.entries(lists)) {
    if (list === undefined) continue;
    if (list.length === 0) {
      problems.push(
        problemAt(located.source, [...located.path, key], "empty-selector", {
          message: `\`${key}\` is an empty list`,
          hint: `list at least one value or remove \`${key}\``,
        }),
      );
    } else selects = true;
  }
  if (entry.tags !== undefined) {
    if (Object.keys(entry.tags).length === 0) {
      problems.push(
        problemAt(located.source, [...located.path, "tags"], "empty-selector", {
          message: "`tags` is an empty mapping",
          hint: "list at least one tag or remove `tags`",
        }),
      );
    } else selects = true;
  }
  if (!selects && problems.length === 0) {
    problems.push(
      problemAt(located.source, located.path, "empty-selector", {
        message: "this entry selects no account",
        hint: "give at least one of accounts, names, ous, tags",
      }),
    );
  }
  return problems;
}

/**
 * Checks between exceptions, across files, run over every exception that parses, also in files
 * with other errors: a duplicate between a new exceptions file and policy.yaml shows up in the
 * same run as that file's schema errors, not after they are fixed.
 */
export function exceptionEntryProblems(exceptions: readonly Located<Exception>[]): Problem[] {
  return [
    ...duplicateNames(exceptions),
    ...duplicateAccounts(exceptions),
    ...placeholderProblems(exceptions),
  ];
}

/** What `rootward explain` and drift reports print for a person to fill in (sign-in-snippet.ts, exception-snippet.ts). */
const PLACEHOLDER = /^\s*TODO\b/;
const FILLED_IN = ["name", "reason", "owner", "ticket"] as const;

function placeholderProblems(exceptions: readonly Located<Exception>[]): Problem[] {
  const problems: Problem[] = [];
  for (const located of exceptions) {
    for (const key of FILLED_IN) {
      const value = located.entry[key];
      if (typeof value !== "string" || !PLACEHOLDER.test(value)) continue;
      problems.push(
        problemAt(located.source, [...located.path, key], "placeholder", {
          message: `\`${key}\` is still the placeholder ${JSON.stringify(value)} (as \`rootward explain\` and drift reports print it)`,
          hint: `write the real ${key === "ticket" ? "ticket id (or remove `ticket`)" : key}: reviewers and auditors read it`,
        }),
      );
    }
  }
  return problems;
}

function duplicateNames(exceptions: readonly Located<Exception>[]): Problem[] {
  const seen = new Map<string, Located<Exception>>();
  const problems: Problem[] = [];
  for (const located of exceptions) {
    const first = seen.get(located.entry.name);
    if (!first) {
      seen.set(located.entry.name, located);
      continue;
    }
    problems.push(
      problemAt(located.source, [...located.path, "name"], "duplicate-name", {
        message: `exception name \`${located.entry.name}\` is already used at ${where(first, ["name"])}`,
        hint: "give every exception a unique name; plans and reports refer to it",
      }),
    );
  }
  return problems;
}

function duplicateAccounts(exceptions: readonly Located<Exception>[]): Problem[] {
  const seen = new Map<string, { located: Located<Exception>; index: number }>();
  const problems: Problem[] = [];
  for (const located of exceptions) {
    for (const [index, account] of (located.entry.accounts ?? []).entries()) {
      const first = seen.get(account);
      if (!first) {
        seen.set(account, { located, index });
        continue;
      }
      if (first.located === located) continue;
      problems.push(
        problemAt(located.source, [...located.path, "accounts", index], "duplicate-account", {
          message: `account ${account} is already listed in exception \`${first.located.entry.name}\` (${where(first.located, ["accounts", first.index])}); the first match wins, so this listing never applies`,
          hint: "keep the account in one exception only",
        }),
      );
    }
  }
  return problems;
}

function expiryProblems(located: Located<Exception>, now: Date): Problem[] {
  const { expires, name } = located.entry;
  if (expires === undefined) return [];
  const remaining = exceptionEndsAt(expires).getTime() - now.getTime();
  if (remaining <= 0) {
    return [
      warningAt(located.source, [...located.path, "expires"], "exception-expired", {
        message: `exception \`${name}\` expired after ${expires} and no longer applies; its accounts fall back to the baseline`,
        hint: "remove the exception, or extend `expires` through a reviewed change",
      }),
    ];
  }
  if (remaining <= EXPIRY_WARNING_DAYS * DAY_MS) {
    const days = Math.ceil(remaining / DAY_MS);
    return [
      warningAt(located.source, [...located.path, "expires"], "exception-expiring", {
        message: `exception \`${name}\` expires after ${expires} (${days} day${days === 1 ? "" : "s"} left)`,
        hint: "extend `expires` if the accounts still need root credentials",
      }),
    ];
  }
  return [];
}

export function where(located: Located<unknown>, path: readonly PathSegment[]): string {
  const position = located.source.locate([...located.path, ...path]);
  return `${located.source.file}:${position.line}:${position.col}`;
}

export function problemAt(
  source: YamlSource,
  path: readonly PathSegment[],
  code: Problem["code"],
  text: { message: string; hint?: string },
): Problem {
  const position = source.locate(path);
  const problem: Problem = {
    severity: "error",
    code,
    file: source.file,
    ...position,
    path: formatPath(path),
    ...text,
  };
  return problem;
}

function warningAt(
  source: YamlSource,
  path: readonly PathSegment[],
  code: Problem["code"],
  text: { message: string; hint?: string },
): Problem {
  return { ...problemAt(source, path, code, text), severity: "warning" };
}

/**
 * Both IAM root-access features need Organizations trusted access for iam.amazonaws.com
 * (IAM API reference: ServiceAccessNotEnabledException), so a policy cannot want them on with
 * trusted access off.
 */
function featureProblems(documents: readonly ParsedDocument[]): Problem[] {
  const policy = documents.find((document) => document.kind === "RootAccessPolicy");
  if (policy?.kind !== "RootAccessPolicy" || policy.value.features.trustedAccess === "enabled") return [];
  const problems: Problem[] = [];
  for (const feature of ["rootCredentialsManagement", "rootSessions"] as const) {
    if (policy.value.features[feature] !== "enabled") continue;
    problems.push(
      problemAt(policy.source, ["features", feature], "feature-needs-trusted-access", {
        message: `${feature} is enabled but trustedAccess is disabled; IAM cannot manage root access without trusted access for iam.amazonaws.com`,
        hint: `set trustedAccess: enabled, or ${feature}: disabled`,
      }),
    );
  }
  return problems;
}
