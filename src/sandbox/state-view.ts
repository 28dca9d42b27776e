import type { Account, Organization, Tag } from "./model.js";
import { pathOf } from "./org-builder.js";
import { isoTime } from "./xml.js";

/**
 * The organization as JSON for `GET /_sandbox/state` and the `state()` accessor. Credential
 * fields use the audit snapshot's names (`password.present`, `accessKeys[].accessKeyId`,
 * `mfaDevices[].serialNumber`, `signingCertificates[].certificateId`) so tests can compare the
 * two directly. Certificate bodies are left out, as the snapshot leaves them out.
 */
export type SandboxStateView = ReturnType<typeof stateView>;
export type AccountView = ReturnType<typeof accountView>;

export function stateView(org: Organization, filter?: { account?: string }) {
  const accounts = filter?.account
    ? org.accounts.filter((account) => account.id === filter.account)
    : org.accounts;
  return {
    organization: {
      id: org.id,
      rootId: org.rootId,
      featureSet: org.featureSet,
      managementAccountId: org.managementAccountId,
    },
    features: {
      trustedAccess: org.trustedServices.has("iam.amazonaws.com"),
      rootCredentialsManagement: org.features.has("RootCredentialsManagement"),
      rootSessions: org.features.has("RootSessions"),
    },
    trustedServices: [...org.trustedServices.keys()],
    delegatedAdministrators: org.delegatedAdministrators.map((admin) => ({
      accountId: admin.accountId,
      servicePrincipal: admin.servicePrincipal,
    })),
    organizationalUnits: org.ous.map((ou) => ({
      id: ou.id,
      name: ou.name,
      path: ou.path,
      parentId: ou.parentId,
    })),
    policies: [...org.policies.values()].map((policy) => ({
      id: policy.id,
      name: policy.name,
      awsManaged: policy.awsManaged,
      targets: [...(org.policyTargets.get(policy.id) ?? [])],
      content: policy.content,
    })),
    accounts: accounts.map((account) => accountView(org, account)),
    buckets: [...org.buckets.values()].map((bucket) => ({
      account: bucket.account,
      name: bucket.name,
      policy: bucket.policy ?? null,
    })),
    queues: [...org.queues.values()].map((queue) => ({
      account: queue.account,
      name: queue.name,
      region: queue.region,
      policy: queue.policy ?? null,
    })),
  };
}

function tagRecord(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key, tag.Value]));
}

export function accountView(org: Organization, account: Account) {
  const root = account.root;
  const password = root?.password;
  return {
    id: account.id,
    name: account.name,
    email: account.email,
    state: account.state,
    ouPath: pathOf(org, account.parentId),
    parentId: account.parentId,
    tags: tagRecord(account.tags),
    management: account.id === org.managementAccountId,
    rootCredentials: {
      password: password
        ? {
            present: true,
            createDate: isoTime(password.created),
            ...(password.lastUsed === undefined ? {} : { lastUsed: isoTime(password.lastUsed) }),
          }
        : { present: false },
      accessKeys: (root?.accessKeys ?? []).map((key) => ({
        accessKeyId: key.id,
        status: key.status,
        createDate: isoTime(key.created),
        ...(key.lastUsed
          ? {
              lastUsedDate: isoTime(key.lastUsed.date),
              lastUsedService: key.lastUsed.service,
              lastUsedRegion: key.lastUsed.region,
            }
          : {}),
      })),
      mfaDevices: (root?.mfaDevices ?? []).map((device) => ({
        serialNumber: device.serial,
        type: device.type,
        enableDate: isoTime(device.enabled),
        active: device.active,
      })),
      signingCertificates: (root?.signingCertificates ?? []).map((certificate) => ({
        certificateId: certificate.id,
        status: certificate.status,
        uploadDate: isoTime(certificate.uploaded),
      })),
    },
  };
}
