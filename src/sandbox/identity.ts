import { secretAccessKey, sessionKeyId, sessionToken } from "./credential-ids.js";
import type { Organization } from "./model.js";
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
};

export type Caller =
  | { kind: StaticCallerKind; accountId: string; arn: string; userId: string; accessKeyId: string }
  | {
      kind: "root-session";
      accountId: string;
      arn: string;
      userId: string;
      accessKeyId: string;
      session: Session;
    };

export type Identification = { caller: Caller } | { problem: "unknown-key" | "expired" };

/** Which of the sandbox's credentials signed a request; sessions are recognised by their ASIA key id. */
export class IdentityStore {
  private readonly sessions = new Map<string, Session>();
  private readonly secrets: string[] = [];

  constructor(private readonly random: Random) {
    for (const credentials of Object.values(STATIC_CREDENTIALS))
      this.secrets.push(credentials.secretAccessKey);
  }

  identify(org: Organization, accessKeyId: string, token: string | undefined, now: number): Identification {
    if (accessKeyId.startsWith("ASIA")) {
      const session = this.sessions.get(accessKeyId);
      if (!session || session.sessionToken !== token) return { problem: "unknown-key" };
      if (now >= session.expires) return { problem: "expired" };
      return {
        caller: {
          kind: "root-session",
          accountId: session.accountId,
          arn: sessionArn(session),
          userId: session.accountId,
          accessKeyId,
          session,
        },
      };
    }
    const credentials = Object.values(STATIC_CREDENTIALS).find((item) => item.accessKeyId === accessKeyId);
    const accountId = credentials && staticAccount(org, credentials.kind);
    if (!credentials || !accountId) return { problem: "unknown-key" };
    return {
      caller: {
        kind: credentials.kind,
        accountId,
        arn: `arn:aws:iam::${accountId}:user/${credentials.userName}`,
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
  switch (kind) {
    case "management":
      return org.managementAccountId;
    case "delegated-admin":
      return (
        org.delegatedAdministrators.find((admin) => admin.servicePrincipal === "iam.amazonaws.com") ??
        org.delegatedAdministrators[0]
      )?.accountId;
    case "member":
      return org.memberCallerAccountId;
  }
}

export function isIamDelegatedAdmin(org: Organization, accountId: string): boolean {
  return org.delegatedAdministrators.some(
    (admin) => admin.accountId === accountId && admin.servicePrincipal === "iam.amazonaws.com",
  );
}
