import { rootArnOf } from "../model.js";
import type { Operation, OperationTable } from "../operation.js";
import { iamPage } from "../pagination.js";
import { isoTime, XmlMap, type XmlObject } from "../xml.js";
import {
  credentialsOf,
  iamResource,
  noSuchEntity,
  requiredParam,
  sessionAccount,
} from "./iam-root-context.js";

function read(
  action: string,
  handle: Operation<URLSearchParams, XmlObject>["handle"],
): Operation<URLSearchParams, XmlObject> {
  return { action, resource: iamResource, handle };
}

/** The read side of the root-task policies (aws-api.md §4). */
export const IAM_ROOT_READ_OPERATIONS: OperationTable<URLSearchParams, XmlObject> = {
  // For the root user GetUser returns the account id as UserId and the root ARN, no UserName.
  GetUser: read("iam:GetUser", (_input, context) => {
    const account = sessionAccount(context);
    const password = credentialsOf(account).password;
    return {
      GetUserResult: {
        User: {
          UserId: account.id,
          Arn: rootArnOf(account.id),
          CreateDate: isoTime(account.joined),
          PasswordLastUsed: password?.lastUsed === undefined ? undefined : isoTime(password.lastUsed),
        },
      },
    };
  }),

  // Inside a root session the summary describes the root user (service-control-policy-examples#6).
  GetAccountSummary: read("iam:GetAccountSummary", (_input, context) => {
    const root = credentialsOf(sessionAccount(context));
    const active = root.mfaDevices.filter((device) => device.active).length;
    return {
      GetAccountSummaryResult: {
        SummaryMap: new XmlMap([
          ["AccountAccessKeysPresent", root.accessKeys.length > 0 ? 1 : 0],
          ["AccountMFAEnabled", active > 0 ? 1 : 0],
          ["AccountPasswordPresent", root.password ? 1 : 0],
          ["AccountSigningCertificatesPresent", root.signingCertificates.length > 0 ? 1 : 0],
          ["MFADevices", root.mfaDevices.length],
          ["MFADevicesInUse", active],
          ["Users", 0],
          ["UsersQuota", 5000],
          ["Groups", 0],
          ["GroupsQuota", 300],
          ["Roles", 0],
          ["RolesQuota", 1000],
          ["Policies", 0],
          ["PoliciesQuota", 1500],
          ["ServerCertificates", 0],
          ["ServerCertificatesQuota", 20],
        ]),
      },
    };
  }),

  // "Login Profile for User null cannot be found." is what users report for a root without a password.
  GetLoginProfile: read("iam:GetLoginProfile", (_input, context) => {
    const password = credentialsOf(sessionAccount(context)).password;
    if (!password) throw noSuchEntity("Login Profile for User null cannot be found.");
    return {
      GetLoginProfileResult: {
        LoginProfile: {
          CreateDate: isoTime(password.created),
          PasswordResetRequired: password.passwordResetRequired,
        },
      },
    };
  }),

  ListAccessKeys: read("iam:ListAccessKeys", (input, context) => {
    const account = sessionAccount(context);
    const { page, IsTruncated, Marker } = iamPage(
      credentialsOf(account).accessKeys,
      input,
      context.pageSize.iam,
      `keys:${account.id}`,
    );
    return {
      ListAccessKeysResult: {
        AccessKeyMetadata: page.map((key) => ({
          AccessKeyId: key.id,
          Status: key.status,
          CreateDate: isoTime(key.created),
        })),
        IsTruncated,
        Marker,
      },
    };
  }),

  // A key never used reports ServiceName and Region "N/A" and no date (IAM API reference).
  GetAccessKeyLastUsed: read("iam:GetAccessKeyLastUsed", (input, context) => {
    const id = requiredParam(input, "AccessKeyId");
    const key = credentialsOf(sessionAccount(context)).accessKeys.find((item) => item.id === id);
    if (!key) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
    return {
      GetAccessKeyLastUsedResult: {
        AccessKeyLastUsed: key.lastUsed
          ? {
              LastUsedDate: isoTime(key.lastUsed.date),
              ServiceName: key.lastUsed.service,
              Region: key.lastUsed.region,
            }
          : { ServiceName: "N/A", Region: "N/A" },
      },
    };
  }),

  // ListMFADevices lists assigned devices; a deactivated virtual device is only in ListVirtualMFADevices.
  ListMFADevices: read("iam:ListMFADevices", (input, context) => {
    const account = sessionAccount(context);
    const active = credentialsOf(account).mfaDevices.filter((device) => device.active);
    const { page, IsTruncated, Marker } = iamPage(active, input, context.pageSize.iam, `mfa:${account.id}`);
    return {
      ListMFADevicesResult: {
        MFADevices: page.map((device) => ({
          SerialNumber: device.serial,
          EnableDate: isoTime(device.enabled),
        })),
        IsTruncated,
        Marker,
      },
    };
  }),

  ListSigningCertificates: read("iam:ListSigningCertificates", (input, context) => {
    const account = sessionAccount(context);
    const { page, IsTruncated, Marker } = iamPage(
      credentialsOf(account).signingCertificates,
      input,
      context.pageSize.iam,
      `certs:${account.id}`,
    );
    return {
      ListSigningCertificatesResult: {
        Certificates: page.map((certificate) => ({
          CertificateId: certificate.id,
          CertificateBody: certificate.body,
          Status: certificate.status,
          UploadDate: isoTime(certificate.uploaded),
        })),
        IsTruncated,
        Marker,
      },
    };
  }),
};
