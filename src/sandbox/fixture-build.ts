import { parseScpContent } from "../scp/statements.js";
import { callerIssues } from "./callers.js";
import {
  accessKeyId,
  accountRandom,
  certificateBody,
  certificateId,
  certificatePayload,
  hardwareSerial,
  virtualSerial,
} from "./credential-ids.js";
import type { SandboxFixture } from "./fixture-schema.js";
import type { Account, AccountState, Feature, Organization, RootCredentials } from "./model.js";
import { queueKey } from "./model.js";
import {
  addAccount,
  addOu,
  addPolicy,
  defaultMemberCaller,
  newOrganization,
  ouIdFor,
  ROOT_NAME,
  tagList,
} from "./org-builder.js";

export type FixtureIssue = { path: (string | number)[]; message: string };

const DEFAULT_JOINED = Date.parse("2020-06-01T00:00:00Z");

/** Builds the organization from a schema-valid fixture; cross-reference problems come back as data. */
export function buildOrganization(fixture: SandboxFixture): { org: Organization; issues: FixtureIssue[] } {
  const issues: FixtureIssue[] = [];
  const features: Feature[] = [];
  if (fixture.features.rootCredentialsManagement === "enabled") features.push("RootCredentialsManagement");
  if (fixture.features.rootSessions === "enabled") features.push("RootSessions");
  const rootTags = tagList(fixture.organization.rootTags);
  const org = newOrganization({
    id: fixture.organization.id,
    featureSet: fixture.organization.featureSet,
    managementAccountId: fixture.organization.managementAccountId,
    features,
    ...(fixture.organization.rootId ? { rootId: fixture.organization.rootId } : {}),
    ...(rootTags ? { rootTags } : {}),
  });
  const parentIds = buildOus(org, fixture, issues);
  buildAccounts(org, fixture, parentIds, issues);
  buildPolicies(org, fixture, parentIds, issues);
  buildServices(org, fixture, issues);
  return { org, issues };
}

function buildOus(org: Organization, fixture: SandboxFixture, issues: FixtureIssue[]): Map<string, string> {
  const rootPath = `/${ROOT_NAME}`;
  const idsByPath = new Map<string, string>([[rootPath, org.rootId]]);
  const listed = new Set<string>();
  // Shallow paths first, so a listed parent keeps its own id and tags; parents missing from the
  // list are created on the way (`/Root/Workloads/Prod` alone is enough).
  const order = fixture.organizationalUnits
    .map((ou, index) => ({ ou, index, depth: ou.path.split("/").length }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index);
  for (const { ou, index } of order) {
    if (!ou.path.startsWith(`${rootPath}/`)) {
      issues.push({
        path: ["organizationalUnits", index, "path"],
        message: `OU paths start with ${rootPath}/`,
      });
      continue;
    }
    if (listed.has(ou.path)) {
      issues.push({ path: ["organizationalUnits", index, "path"], message: `duplicate OU ${ou.path}` });
      continue;
    }
    listed.add(ou.path);
    let parentPath = rootPath;
    const segments = ou.path.split("/").slice(2);
    for (const [depth, name] of segments.entries()) {
      const path = `${parentPath}/${name}`;
      if (!idsByPath.has(path)) {
        const own = depth === segments.length - 1;
        const id = own && ou.id ? ou.id : ouIdFor(org, path);
        const tags = own ? tagList(ou.tags) : undefined;
        addOu(org, {
          id,
          name,
          parentId: idsByPath.get(parentPath) ?? org.rootId,
          path,
          ...(tags ? { tags } : {}),
        });
        idsByPath.set(path, id);
      }
      parentPath = path;
    }
  }
  return idsByPath;
}

function buildAccounts(
  org: Organization,
  fixture: SandboxFixture,
  parentIds: Map<string, string>,
  issues: FixtureIssue[],
): void {
  fixture.accounts.forEach((item, index) => {
    if (org.accountsById.has(item.id)) {
      issues.push({ path: ["accounts", index, "id"], message: `duplicate account ${item.id}` });
      return;
    }
    const parentId = parentIds.get(item.ou ?? `/${ROOT_NAME}`);
    if (!parentId) {
      issues.push({
        path: ["accounts", index, "ou"],
        message: `unknown OU ${item.ou}; list it under organizationalUnits`,
      });
      return;
    }
    const account: Account = {
      id: item.id,
      name: item.name,
      email: item.email,
      state: item.state as AccountState,
      parentId,
      joinedMethod: item.joinedMethod,
      joined: item.joined ? Date.parse(item.joined) : DEFAULT_JOINED,
    };
    const tags = tagList(item.tags);
    if (tags) account.tags = tags;
    if (item.root) account.root = rootCredentials(item.id, item.root);
    addAccount(org, account);
  });
  if (!org.accountsById.has(org.managementAccountId)) {
    issues.push({
      path: ["organization", "managementAccountId"],
      message: `the management account ${org.managementAccountId} must be listed under accounts`,
    });
  }
}

function rootCredentials(
  accountId: string,
  root: NonNullable<SandboxFixture["accounts"][number]["root"]>,
): RootCredentials {
  const keys = accountRandom(accountId, "access-keys");
  const certs = accountRandom(accountId, "certificates");
  const serials = accountRandom(accountId, "mfa");
  const credentials: RootCredentials = {
    accessKeys: root.accessKeys.map((key) => ({
      id: key.id ?? accessKeyId(keys),
      status: key.status,
      created: Date.parse(key.created),
      ...(key.lastUsed
        ? {
            lastUsed: {
              date: Date.parse(key.lastUsed.date),
              service: key.lastUsed.service,
              region: key.lastUsed.region,
            },
          }
        : {}),
    })),
    mfaDevices: root.mfaDevices.map((device) => ({
      serial:
        device.type === "virtual"
          ? virtualSerial(accountId, device.name)
          : (device.serial ?? hardwareSerial(serials)),
      type: device.type,
      enabled: Date.parse(device.enabled),
      active: true,
    })),
    signingCertificates: root.signingCertificates.map((certificate) => ({
      id: certificate.id ?? certificateId(certs),
      status: certificate.status,
      uploaded: Date.parse(certificate.uploaded),
      body: certificateBody(certificatePayload(certs)),
    })),
  };
  if (root.password) {
    credentials.password = {
      created: Date.parse(root.password.created),
      passwordResetRequired: root.password.passwordResetRequired,
      ...(root.password.lastUsed ? { lastUsed: Date.parse(root.password.lastUsed) } : {}),
    };
  }
  return credentials;
}

function buildPolicies(
  org: Organization,
  fixture: SandboxFixture,
  parentIds: Map<string, string>,
  issues: FixtureIssue[],
): void {
  fixture.policies.forEach((policy, index) => {
    const content =
      typeof policy.content === "string" ? policy.content : JSON.stringify(policy.content, null, 2);
    const targets: string[] = [];
    policy.targets.forEach((target, targetIndex) => {
      const id = target.startsWith("/")
        ? parentIds.get(target)
        : org.accountsById.has(target)
          ? target
          : undefined;
      if (id) targets.push(id);
      else
        issues.push({
          path: ["policies", index, "targets", targetIndex],
          message: `unknown target ${target}`,
        });
    });
    let statements: ReturnType<typeof parseScpContent>;
    try {
      statements = parseScpContent(content);
    } catch (error) {
      issues.push({ path: ["policies", index, "content"], message: (error as Error).message });
      return;
    }
    const tags = tagList(policy.tags);
    addPolicy(
      org,
      {
        id: policy.id,
        name: policy.name,
        description: policy.description,
        awsManaged: policy.awsManaged,
        content,
        statements,
        ...(tags ? { tags } : {}),
      },
      targets,
    );
  });
}

function buildServices(org: Organization, fixture: SandboxFixture, issues: FixtureIssue[]): void {
  const at = (value: string | undefined) => (value ? Date.parse(value) : DEFAULT_JOINED);
  for (const service of fixture.trustedAccess) {
    org.trustedServices.set(service.servicePrincipal, {
      principal: service.servicePrincipal,
      enabled: at(service.enabled),
    });
  }
  fixture.delegatedAdministrators.forEach((admin, index) => {
    if (!org.accountsById.has(admin.accountId) || admin.accountId === org.managementAccountId) {
      issues.push({
        path: ["delegatedAdministrators", index, "accountId"],
        message: "must be a member account of the organization",
      });
      return;
    }
    org.delegatedAdministrators.push({
      accountId: admin.accountId,
      servicePrincipal: admin.servicePrincipal,
      enabled: at(admin.enabled),
    });
  });
  if (fixture.memberCaller && !org.accountsById.has(fixture.memberCaller)) {
    issues.push({ path: ["memberCaller"], message: "must be an account of the organization" });
  }
  org.memberCallerAccountId = fixture.memberCaller ?? defaultMemberCaller(org);
  fixture.callers.forEach((caller, index) => {
    const found = callerIssues(caller);
    for (const issue of found)
      issues.push({ path: ["callers", index, ...issue.path], message: issue.message });
    if (found.length === 0) org.callers.push(caller);
  });
  fixture.buckets.forEach((bucket, index) => {
    if (!org.accountsById.has(bucket.account))
      issues.push({ path: ["buckets", index, "account"], message: "unknown account" });
    else if (org.buckets.has(bucket.name))
      issues.push({ path: ["buckets", index, "name"], message: "bucket names are global" });
    else
      org.buckets.set(bucket.name, {
        account: bucket.account,
        name: bucket.name,
        created: at(bucket.created),
        ...policyOf(bucket.policy),
      });
  });
  fixture.queues.forEach((queue, index) => {
    if (!org.accountsById.has(queue.account))
      issues.push({ path: ["queues", index, "account"], message: "unknown account" });
    else
      org.queues.set(queueKey(queue.account, queue.name), {
        account: queue.account,
        name: queue.name,
        region: queue.region,
        ...policyOf(queue.policy),
      });
  });
}

function policyOf(policy: string | Record<string, unknown> | undefined): { policy?: string } {
  if (policy === undefined) return {};
  return { policy: typeof policy === "string" ? policy : JSON.stringify(policy) };
}
