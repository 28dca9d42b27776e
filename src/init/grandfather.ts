import type { AuditedAccount, AuditSnapshot, RootCredentials } from "../audit/snapshot.js";
import { controlCharacters } from "../control-characters.js";
import type { CredentialKind, Exception, RootAccessPolicy } from "../desired/schema.js";
import { API_VERSION } from "../desired/schema.js";
import { compareText } from "../order.js";

/**
 * The desired state that matches an organization as one audit saw it (issue 15): the features as
 * they are, a baseline of `absent`, and exceptions that grandfather the root credentials member
 * accounts hold now, so `plan` right after `init` has nothing to do and enforcement arrives as
 * reviewed, dated pull requests (each exception expires) instead of one giant delete. Pure.
 */
export type GrandfatherOptions = {
  owner: string;
  /** The last day (YYYY-MM-DD, UTC) on which the grandfathering exceptions apply. */
  expires: string;
  /** The day of the audit (YYYY-MM-DD), named in each reason. */
  auditDay: string;
};

export type Grandfathered = {
  policy: RootAccessPolicy;
  /** Accounts grandfathered, and member accounts whose credentials the audit could not read. */
  counts: { grandfathered: number; exceptions: number; notRead: number };
  /** Member accounts that are ACTIVE but were not audited (failed, feature off): not grandfathered. */
  notRead: AuditedAccount[];
  /**
   * True when a root-access feature is on while IAM trusted access is off: a policy cannot say that
   * (validate: feature-needs-trusted-access, since IAM cannot manage root access without it), so
   * it says `trustedAccess: enabled` and the first plan proposes EnableAWSServiceAccess.
   */
  trustedAccessRepaired: boolean;
};

/** An exception name is 1–64 of A-Za-z0-9._- (desired/schema.ts). */
const NAME_LIMIT = 64;
const PREFIX = "grandfathered";

const KIND_WORDS: Record<CredentialKind, string> = {
  password: "a password",
  accessKeys: "access keys",
  signingCertificates: "signing certificates",
  mfa: "MFA devices",
};
const KIND_SLUGS: Record<CredentialKind, string> = {
  password: "password",
  accessKeys: "keys",
  signingCertificates: "certs",
  mfa: "mfa",
};
const KIND_ORDER: readonly CredentialKind[] = ["password", "accessKeys", "signingCertificates", "mfa"];

export function grandfather(audit: AuditSnapshot, options: GrandfatherOptions): Grandfathered {
  const management = audit.organization.managementAccountId;
  const seen = new Set<string>([management]);
  const groups = new Map<string, { ouPath: string; kinds: CredentialKind[]; accounts: string[] }>();
  const notRead: AuditedAccount[] = [];
  for (const account of [...audit.accounts].sort((a, b) => compareText(a.id, b.id))) {
    if (seen.has(account.id)) continue;
    seen.add(account.id);
    // Only ACTIVE accounts are ever changed (plan/account-plan.ts); the others need no exception.
    if (account.state !== "ACTIVE") continue;
    if (account.status !== "audited" || !account.rootCredentials) {
      notRead.push(account);
      continue;
    }
    const kinds = heldKinds(account.rootCredentials);
    if (kinds.length === 0) continue;
    const key = `${account.ouPath}\u0000${kinds.join(",")}`;
    const group = groups.get(key) ?? { ouPath: account.ouPath, kinds, accounts: [] };
    group.accounts.push(account.id);
    groups.set(key, group);
  }
  const ordered = [...groups.values()].sort(
    (a, b) => compareText(a.ouPath, b.ouPath) || compareText(a.kinds.join(","), b.kinds.join(",")),
  );
  const names = new Set<string>();
  const exceptions: Exception[] = ordered.map((group) => {
    const name = uniqueName(group.ouPath, group.kinds, names);
    const allowed = Object.fromEntries(group.kinds.map((kind) => [kind, "allowed"]));
    return {
      name,
      accounts: group.accounts,
      ...allowed,
      reason: reasonFor(group, options.auditDay),
      owner: options.owner,
      expires: options.expires,
    };
  });
  const state = (on: boolean) => (on ? ("enabled" as const) : ("disabled" as const));
  const live = audit.features;
  const trustedAccessRepaired = !live.trustedAccess && (live.rootCredentialsManagement || live.rootSessions);
  const policy: RootAccessPolicy = {
    apiVersion: API_VERSION,
    kind: "RootAccessPolicy",
    organization: { id: audit.organization.id, managementAccountId: management },
    features: {
      trustedAccess: state(live.trustedAccess || trustedAccessRepaired),
      rootCredentialsManagement: state(audit.features.rootCredentialsManagement),
      rootSessions: state(audit.features.rootSessions),
    },
    baseline: { password: "absent", accessKeys: "absent", signingCertificates: "absent", mfa: "absent" },
    ...(exceptions.length > 0 ? { exceptions } : {}),
  };
  const grandfathered = ordered.reduce((sum, group) => sum + group.accounts.length, 0);
  return {
    policy,
    counts: { grandfathered, exceptions: exceptions.length, notRead: notRead.length },
    notRead,
    trustedAccessRepaired,
  };
}

/** The credential kinds an account's root user holds, in a fixed order. */
export function heldKinds(credentials: RootCredentials): CredentialKind[] {
  const held: Record<CredentialKind, boolean> = {
    password: credentials.password.present,
    accessKeys: credentials.accessKeys.length > 0,
    signingCertificates: credentials.signingCertificates.length > 0,
    mfa: credentials.mfaDevices.length > 0,
  };
  return KIND_ORDER.filter((kind) => held[kind]);
}

function reasonFor(group: { ouPath: string; kinds: CredentialKind[] }, auditDay: string): string {
  const words = group.kinds.map((kind) => KIND_WORDS[kind]);
  const kinds = words.length > 1 ? `${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : words.join("");
  // OU names come from AWS and may carry control characters, which validate rejects in a reason.
  const ou = group.ouPath.replace(controlCharacters(), "\uFFFD");
  return `Held ${kinds} in ${ou} when rootward init read the organization on ${auditDay}. Grandfathered until it expires: delete this entry (the next apply removes them) or replace it with a reviewed exception.`;
}

/** `grandfathered-workloads-prod-password-mfa`, shortened to the name limit and made unique. */
function uniqueName(ouPath: string, kinds: readonly CredentialKind[], taken: Set<string>): string {
  const kindSlug = kinds.map((kind) => KIND_SLUGS[kind]).join("-");
  const ouSlug =
    ouPath
      .replace(/^\/Root(\/|$)/, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "root";
  for (let counter = 1; ; counter++) {
    const suffix = counter === 1 ? "" : `-${counter}`;
    const room = NAME_LIMIT - PREFIX.length - kindSlug.length - suffix.length - 2;
    const ou = ouSlug.slice(0, Math.max(0, room)).replace(/-+$/, "") || "ou";
    const name = `${PREFIX}-${ou}-${kindSlug}${suffix}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}
