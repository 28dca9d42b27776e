import { SandboxError, validationError } from "../errors.js";
import { isVirtualSerial } from "../model.js";
import type { Operation, OperationTable } from "../operation.js";
import { isoTime, type XmlObject } from "../xml.js";
import {
  credentialsOf,
  iamResource,
  mutableCredentials,
  noSuchEntity,
  requiredParam,
  sessionAccount,
} from "./iam-root-context.js";

function write(
  action: string,
  handle: Operation<URLSearchParams, XmlObject | undefined>["handle"],
): Operation<URLSearchParams, XmlObject | undefined> {
  return { action, resource: iamResource, handle };
}

/** The delete and create-password side of the root-task policies (aws-api.md §4). */
export const IAM_ROOT_WRITE_OPERATIONS: OperationTable<URLSearchParams, XmlObject | undefined> = {
  // "This parameter [Password] must be omitted when you make the request with an AssumeRoot
  // session" (IAM API reference, CreateLoginProfile): it re-enables password recovery only.
  CreateLoginProfile: write("iam:CreateLoginProfile", (input, context) => {
    const account = sessionAccount(context);
    if (input.has("Password")) {
      throw validationError(
        "The Password parameter must be omitted when you make the request with an AssumeRoot session.",
      );
    }
    const root = mutableCredentials(account);
    if (root.password)
      throw new SandboxError("EntityAlreadyExists", "Login Profile for User null already exists.", 409);
    root.password = {
      created: context.now,
      passwordResetRequired: input.get("PasswordResetRequired") === "true",
    };
    return {
      CreateLoginProfileResult: {
        LoginProfile: {
          CreateDate: isoTime(root.password.created),
          PasswordResetRequired: root.password.passwordResetRequired,
        },
      },
    };
  }),

  DeleteLoginProfile: write("iam:DeleteLoginProfile", (_input, context) => {
    const account = sessionAccount(context);
    if (!credentialsOf(account).password) throw noSuchEntity("Login Profile for User null cannot be found.");
    delete mutableCredentials(account).password;
    return undefined;
  }),

  DeleteAccessKey: write("iam:DeleteAccessKey", (input, context) => {
    const id = requiredParam(input, "AccessKeyId");
    const account = sessionAccount(context);
    const keys = credentialsOf(account).accessKeys;
    const index = keys.findIndex((key) => key.id === id);
    if (index < 0) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
    mutableCredentials(account).accessKeys.splice(index, 1);
    return undefined;
  }),

  // Deactivating detaches the device: a hardware token leaves the account, a virtual device
  // stays (unassigned) until DeleteVirtualMFADevice.
  DeactivateMFADevice: write("iam:DeactivateMFADevice", (input, context) => {
    const serial = requiredParam(input, "SerialNumber");
    const account = sessionAccount(context);
    const devices = credentialsOf(account).mfaDevices;
    const index = devices.findIndex((device) => device.serial === serial && device.active);
    const device = devices[index];
    if (!device) throw noSuchEntity(`MFA Device with serial number ${serial} does not exist.`);
    if (device.type === "hardware") mutableCredentials(account).mfaDevices.splice(index, 1);
    else device.active = false;
    return undefined;
  }),

  // Deleting a virtual device that is still assigned fails with DeleteConflict (409, IAM API reference).
  DeleteVirtualMFADevice: write("iam:DeleteVirtualMFADevice", (input, context) => {
    const serial = requiredParam(input, "SerialNumber");
    const account = sessionAccount(context);
    const devices = credentialsOf(account).mfaDevices;
    const index = devices.findIndex((device) => device.serial === serial && isVirtualSerial(device.serial));
    const device = devices[index];
    if (!device) throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
    if (device.active) {
      throw new SandboxError(
        "DeleteConflict",
        "MFA Device is still in use; deactivate it before deleting it.",
        409,
      );
    }
    mutableCredentials(account).mfaDevices.splice(index, 1);
    return undefined;
  }),

  DeleteSigningCertificate: write("iam:DeleteSigningCertificate", (input, context) => {
    const id = requiredParam(input, "CertificateId");
    const account = sessionAccount(context);
    const certificates = credentialsOf(account).signingCertificates;
    const index = certificates.findIndex((certificate) => certificate.id === id);
    if (index < 0) throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
    mutableCredentials(account).signingCertificates.splice(index, 1);
    return undefined;
  }),
};
