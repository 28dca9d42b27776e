import {
  GetAccessKeyLastUsedCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListMFADevices,
  paginateListSigningCertificates,
  type SummaryKeyType,
} from "@aws-sdk/client-iam";
import type { AccessKey, MfaDevice, RootCredentials, SigningCertificate } from "../audit/snapshot.js";
import { isVirtualMfaSerial } from "../audit/snapshot.js";
import { byText } from "../order.js";
import { hasCode } from "./errors.js";

/** Which kinds of root credential exist, from GetAccountSummary inside a root session. */
export type CredentialPresence = {
  password: boolean;
  accessKeys: boolean;
  mfa: boolean;
  signingCertificates: boolean;
};

type CallOptions = { abortSignal?: AbortSignal };

export async function credentialPresence(
  iam: IAMClient,
  options: CallOptions = {},
): Promise<CredentialPresence> {
  const { SummaryMap = {} } = await iam.send(new GetAccountSummaryCommand({}), options);
  const present = (key: SummaryKeyType) => (SummaryMap[key] ?? 0) > 0;
  return {
    password: present("AccountPasswordPresent"),
    accessKeys: present("AccountAccessKeysPresent"),
    mfa: present("AccountMFAEnabled") || present("MFADevicesInUse"),
    signingCertificates: present("AccountSigningCertificatesPresent"),
  };
}

export const ALL_PRESENT: CredentialPresence = {
  password: true,
  accessKeys: true,
  mfa: true,
  signingCertificates: true,
};

/**
 * Reads the root credentials of the kinds `presence` says exist, the detail calls in parallel.
 * Certificate bodies are dropped as soon as they arrive: they never leave this function.
 */
export async function readRootCredentials(
  iam: IAMClient,
  presence: CredentialPresence,
  options: CallOptions = {},
): Promise<RootCredentials> {
  const [password, accessKeys, mfaDevices, signingCertificates] = await Promise.all([
    presence.password ? readPassword(iam, options) : { present: false },
    presence.accessKeys ? readAccessKeys(iam, options) : [],
    presence.mfa ? readMfaDevices(iam, options) : [],
    presence.signingCertificates ? readSigningCertificates(iam, options) : [],
  ]);
  return { password, accessKeys, mfaDevices, signingCertificates };
}

async function readPassword(iam: IAMClient, options: CallOptions): Promise<RootCredentials["password"]> {
  const [profile, user] = await Promise.all([
    iam.send(new GetLoginProfileCommand({}), options).catch((error: unknown) => {
      // "Login Profile for User null cannot be found." is how a root user without a password reads.
      if (hasCode(error, "NoSuchEntity")) return undefined;
      throw error;
    }),
    iam.send(new GetUserCommand({}), options),
  ]);
  if (!profile?.LoginProfile) return { present: false };
  const password: RootCredentials["password"] = { present: true };
  if (profile.LoginProfile.CreateDate) password.createDate = profile.LoginProfile.CreateDate.toISOString();
  if (user.User?.PasswordLastUsed) password.lastUsed = user.User.PasswordLastUsed.toISOString();
  return password;
}

async function readAccessKeys(iam: IAMClient, options: CallOptions): Promise<AccessKey[]> {
  const keys: AccessKey[] = [];
  for await (const page of paginateListAccessKeys({ client: iam }, {}, options)) {
    for (const key of page.AccessKeyMetadata ?? []) {
      if (!key.AccessKeyId) continue;
      const entry: AccessKey = { accessKeyId: key.AccessKeyId, status: key.Status ?? "Active" };
      if (key.CreateDate) entry.createDate = key.CreateDate.toISOString();
      keys.push(entry);
    }
  }
  await Promise.all(
    keys.map(async (key) => {
      const { AccessKeyLastUsed } = await iam.send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }),
        options,
      );
      if (AccessKeyLastUsed?.LastUsedDate) key.lastUsedDate = AccessKeyLastUsed.LastUsedDate.toISOString();
      // AWS reports "N/A" for keys never used.
      if (AccessKeyLastUsed?.ServiceName && AccessKeyLastUsed.ServiceName !== "N/A")
        key.lastUsedService = AccessKeyLastUsed.ServiceName;
      if (AccessKeyLastUsed?.Region && AccessKeyLastUsed.Region !== "N/A")
        key.lastUsedRegion = AccessKeyLastUsed.Region;
    }),
  );
  return sortBy(keys, (key) => key.accessKeyId);
}

async function readMfaDevices(iam: IAMClient, options: CallOptions): Promise<MfaDevice[]> {
  const devices: MfaDevice[] = [];
  for await (const page of paginateListMFADevices({ client: iam }, {}, options)) {
    for (const device of page.MFADevices ?? []) {
      if (!device.SerialNumber) continue;
      const entry: MfaDevice = {
        serialNumber: device.SerialNumber,
        // Virtual devices are named by ARN (…:mfa/…); hardware TOTP tokens and FIDO keys are
        // only deactivated, never deleted, so both count as hardware here.
        type: isVirtualMfaSerial(device.SerialNumber) ? "virtual" : "hardware",
      };
      if (device.EnableDate) entry.enableDate = device.EnableDate.toISOString();
      devices.push(entry);
    }
  }
  return sortBy(devices, (device) => device.serialNumber);
}

async function readSigningCertificates(iam: IAMClient, options: CallOptions): Promise<SigningCertificate[]> {
  const certificates: SigningCertificate[] = [];
  for await (const page of paginateListSigningCertificates({ client: iam }, {}, options)) {
    for (const certificate of page.Certificates ?? []) {
      if (!certificate.CertificateId) continue;
      const entry: SigningCertificate = {
        certificateId: certificate.CertificateId,
        status: certificate.Status ?? "Active",
      };
      if (certificate.UploadDate) entry.uploadDate = certificate.UploadDate.toISOString();
      certificates.push(entry);
    }
  }
  return sortBy(certificates, (certificate) => certificate.certificateId);
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort(byText(key));
}
