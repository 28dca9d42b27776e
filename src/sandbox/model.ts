import type { ScpStatement } from "../scp/statements.js";
import type { CallerSpec } from "./callers.js";

/**
 * The sandbox's in-memory organization. Timestamps are epoch milliseconds (numbers, not Date
 * objects) so that 100,000 generated accounts stay small; clean accounts carry no `root` object.
 */

/** Organizations `AccountState` (prefer it over the deprecated `Status`, aws-api.md §6). */
export type AccountState = "PENDING_ACTIVATION" | "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";
export const ACCOUNT_STATES: readonly AccountState[] = [
  "PENDING_ACTIVATION",
  "ACTIVE",
  "SUSPENDED",
  "PENDING_CLOSURE",
  "CLOSED",
];

export type Feature = "RootCredentialsManagement" | "RootSessions";

export type Tag = { Key: string; Value: string };

export type AccessKey = {
  id: string;
  status: "Active" | "Inactive";
  created: number;
  lastUsed?: { date: number; service: string; region: string };
};

/** Virtual devices have an ARN serial (`arn:aws:iam::<acct>:mfa/<name>`); hardware ones a vendor serial. */
export type MfaDevice = {
  serial: string;
  type: "virtual" | "hardware";
  enabled: number;
  /** Deactivated virtual devices stay in the account, unassigned (IAM API reference, DeactivateMFADevice); root sessions cannot delete them. */
  active: boolean;
};

export type SigningCertificate = {
  id: string;
  status: "Active" | "Inactive";
  uploaded: number;
  body: string;
};

export type LoginProfile = { created: number; lastUsed?: number; passwordResetRequired: boolean };

export type RootCredentials = {
  password?: LoginProfile;
  accessKeys: AccessKey[];
  mfaDevices: MfaDevice[];
  signingCertificates: SigningCertificate[];
};

export type Account = {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  parentId: string;
  joinedMethod: "INVITED" | "CREATED";
  joined: number;
  tags?: Tag[];
  /** Absent for an account without root credentials (the common case, kept compact). */
  root?: RootCredentials;
};

export type OrganizationalUnit = {
  id: string;
  name: string;
  parentId: string;
  /** `/Root/Workloads/Prod`, the form the desired state uses. */
  path: string;
  tags?: Tag[];
};

export type { ScpStatement } from "../scp/statements.js";

export type ServiceControlPolicy = {
  id: string;
  name: string;
  description: string;
  awsManaged: boolean;
  content: string;
  statements: ScpStatement[];
  tags?: Tag[];
};

export type Bucket = { account: string; name: string; created: number; policy?: string };
export type Queue = { account: string; name: string; region: string; policy?: string };

export type TrustedService = { principal: string; enabled: number };
export type DelegatedAdministrator = { accountId: string; servicePrincipal: string; enabled: number };

export type Organization = {
  id: string;
  rootId: string;
  rootName: string;
  featureSet: "ALL" | "CONSOLIDATED_BILLING";
  managementAccountId: string;
  features: Set<Feature>;
  trustedServices: Map<string, TrustedService>;
  delegatedAdministrators: DelegatedAdministrator[];
  /** Every account in ListAccounts order. */
  accounts: Account[];
  accountsById: Map<string, Account>;
  accountsByParent: Map<string, Account[]>;
  ous: OrganizationalUnit[];
  ousById: Map<string, OrganizationalUnit>;
  ousByParent: Map<string, OrganizationalUnit[]>;
  policies: Map<string, ServiceControlPolicy>;
  /** target id (root, OU or account) → attached policy ids. */
  attachments: Map<string, string[]>;
  /**
   * policy id → target ids, in attachment order: the same attachments seen from the policy, so
   * ListTargetsForPolicy serves a page without scanning every target (FullAWSAccess is attached
   * to every account).
   */
  policyTargets: Map<string, string[]>;
  rootTags?: Tag[];
  buckets: Map<string, Bucket>;
  /** `<account>/<queue name>` → queue. */
  queues: Map<string, Queue>;
  /** Account that answers the sandbox's "plain member" static key. */
  memberCallerAccountId: string | undefined;
  /** Role-session callers the fixture declares (with their identity-based policies). */
  callers: CallerSpec[];
};

export function queueKey(account: string, name: string): string {
  return `${account}/${name}`;
}

export function rootArnOf(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function isVirtualSerial(serial: string): boolean {
  return serial.startsWith("arn:");
}
