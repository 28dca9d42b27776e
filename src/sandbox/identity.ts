import { type CallerIdentity, callerAccountOf, callerRoleArn, callerSessionArn } from "./callers.js";
import { secretAccessKey, sessionKeyId, sessionToken } from "./credential-ids.js";
import { type Organization, rootArnOf } from "./model.js";
import type { Random } from "./random.js";
import type { RootTask } from "./task-policies.js";

export type StaticCallerKind = "management" | "delegated-admin" | "member";

/** A long-term key the sandbox prints, for an IAM user in one of the organization's accounts. */
export type StaticCredentials = {
  kind: StaticCallerKind;
  accessKeyId: string;
  secretAccessKey: string;
  userName: string;
};

/**
 * Fixed keys (AKIA + 16 characters of the key-id alphabet) so scripts and docs can paste them.
 * The management key acts in the management account; the delegated-admin key in the first IAM
 * delegated administrator; the member key in a plain member account (fixture `memberCaller`).
 */
export const STATIC_CREDENTIALS: Readonly<Record<StaticCallerKind, StaticCredentials>> = {
  management: {
    kind: "management",
    accessKeyId: "AKIASANDBOXMANAGEMNT",
    secretAccessKey: "SANDBOXmanagementSecretAccessKey00000000",
    userName: "sandbox-admin",
  },
  "delegated-admin": {
    kind: "delegated-admin",
    accessKeyId: "AKIASANDBOXDELEGATED",
    secretAccessKey: "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",
    userName: "sandbox-delegated-admin",
  },
  member: {
    kind: "member",
    accessKeyId: "AKIASANDBOXMEMBERKEY",
    secretAccessKey: "SANDBOXmemberSecretAccessKey000000000000",
    userName: "sandbox-member",
  },
};

export type Session = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  task: RootTask;
  issued: number;
  expires: number;
  /** The management or delegated-admin account that called AssumeRoot. */
  callerAccountId: string;
  /** The name of the caller that called AssumeRoot (a static key kind or a configured caller). */
  issuedBy: string;
};

type CallerBase = {
  /** The static key kind, the configured caller's name, or for a root session the caller that opened it. */
  name: string;
  accountId: string;
  /** What GetCallerIdentity returns and AccessDenied messages name. */
  arn: string;
  /** `aws:PrincipalArn`: a user's ARN, a role session's role ARN, a root session's `…:root`. */
  principalArn: string;
  userId: string;
  accessKeyId: string;
};

export type Caller =
  | (CallerBase & { kind: StaticCallerKind })
  | (CallerBase & { kind: "role"; identity: CallerIdentity })
  | (CallerBase & { kind: "root-session"; session: Session });

export type Identification = { caller: Caller } | { problem: "unknown-key" | "expired" };

/**
 * Which of the sandbox's credentials signed a request: a configured caller (by its key id and
 * token), a root session (an issued ASIA key id), or a static key.
 */
export class IdentityStore {
  private readonly sessions = new Map<string, Session>();
  private readonly callers = new Map<string, CallerIdentity>();
  private readonly secrets: string[] = [];

  constructor(
    private readonly random: Random,
    callers: readonly CallerIdentity[] = [],
  ) {
    for (const credentials of Object.values(STATIC_CREDENTIALS))
      this.secrets.push(credentials.secretAccessKey);
    for (const caller of callers) {
      this.callers.set(caller.accessKeyId, caller);
      this.secrets.push(caller.secretAccessKey, caller.sessionToken);
    }
  }

  identify(org: Organization, accessKeyId: string, token: string | undefined, now: number): Identification {
    const role = this.callers.get(accessKeyId);
    if (role) return role.sessionToken === token ? roleCaller(org, role) : { problem: "unknown-key" };
    if (accessKeyId.startsWith("ASIA")) {
      const session = this.sessions.get(accessKeyId);
      if (!session || session.sessionToken !== token) return { problem: "unknown-key" };
      if (now >= session.expires) return { problem: "expired" };
      return {
        caller: {
          kind: "root-session",
          name: session.issuedBy,
          accountId: session.accountId,
          arn: sessionArn(session),
          principalArn: rootArnOf(session.accountId),
          userId: session.accountId,
          accessKeyId,
          session,
        },
      };
    }
    const credentials = Object.values(STATIC_CREDENTIALS).find((item) => item.accessKeyId === accessKeyId);
    const accountId = credentials && staticAccount(org, credentials.kind);
    if (!credentials || !accountId) return { problem: "unknown-key" };
    const arn = `arn:aws:iam::${accountId}:user/${credentials.userName}`;
    return {
      caller: {
        kind: credentials.kind,
        name: credentials.kind,
        accountId,
        arn,
        principalArn: arn,
        userId: `AIDA${accessKeyId.slice(4)}`,
        accessKeyId,
      },
    };
  }

  issue(request: {
    accountId: string;
    task: RootTask;
    durationSeconds: number;
    callerAccountId: string;
    issuedBy: string;
    now: number;
  }): Session {
    const session: Session = {
      accessKeyId: sessionKeyId(this.random),
      secretAccessKey: secretAccessKey(this.random),
      sessionToken: sessionToken(this.random),
      accountId: request.accountId,
      task: request.task,
      issued: request.now,
      expires: request.now + request.durationSeconds * 1000,
      callerAccountId: request.callerAccountId,
      issuedBy: request.issuedBy,
    };
    this.sessions.set(session.accessKeyId, session);
    if (this.sessions.size % 10_000 === 0) this.prune(request.now);
    this.secrets.push(session.secretAccessKey, session.sessionToken);
    return session;
  }

  /** Forgets sessions expired for an hour: a long-running sandbox must not grow without bound. */
  private prune(now: number): void {
    for (const [id, session] of this.sessions)
      if (session.expires < now - 3_600_000) this.sessions.delete(id);
  }

  issuedSecrets(): readonly string[] {
    return this.secrets;
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  clear(): void {
    this.sessions.clear();
  }
}

/**
 * The principal named in AccessDenied messages of a root session. AWS documents the session
 * principal as the member account's root (`aws:PrincipalArn` = `arn:aws:iam::<acct>:root`); the
 * STS-style `assumed-root` ARN here is the sandbox's rendering (unverified against live AWS).
 */
export function sessionArn(session: Session): string {
  return `arn:aws:sts::${session.accountId}:assumed-root/${session.callerAccountId}/${session.task}`;
}

export function staticAccount(org: Organization, kind: StaticCallerKind): string | undefined {
  return callerAccountOf(org, kind);
}

function roleCaller(org: Organization, identity: CallerIdentity): Identification {
  const accountId = callerAccountOf(org, identity.account);
  if (!accountId) return { problem: "unknown-key" };
  return {
    caller: {
      kind: "role",
      name: identity.name,
      accountId,
      arn: callerSessionArn(identity, accountId),
      principalArn: callerRoleArn(identity, accountId),
      // Role sessions show `<role id>:<session name>` (AROA… role ids, IAM identifiers reference).
      userId: `AROA${identity.accessKeyId.slice(4)}:${identity.sessionName}`,
      accessKeyId: identity.accessKeyId,
      identity,
    },
  };
}

export function isIamDelegatedAdmin(org: Organization, accountId: string): boolean {
  return org.delegatedAdministrators.some(
    (admin) => admin.accountId === accountId && admin.servicePrincipal === "iam.amazonaws.com",
  );
}
