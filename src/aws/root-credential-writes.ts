import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  GetLoginProfileCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type { AccountAction } from "../plan/model.js";
import { hasCode } from "./errors.js";

export type WriteOutcome = "done" | "already-done";

/**
 * Runs one planned root-credential action inside its task session (no UserName: the session
 * acts on the root user). A delete that finds nothing, or a create that finds the profile,
 * counts as done, so re-runs converge.
 */
export async function executeAccountAction(iam: IAMClient, action: AccountAction): Promise<WriteOutcome> {
  try {
    await send(iam, action);
    return "done";
  } catch (error) {
    if (action.operation === "CreateLoginProfile" && hasCode(error, "EntityAlreadyExists"))
      return "already-done";
    if (action.operation !== "CreateLoginProfile" && hasCode(error, "NoSuchEntity")) return "already-done";
    throw error;
  }
}

function send(iam: IAMClient, action: AccountAction): Promise<unknown> {
  switch (action.operation) {
    case "DeactivateMFADevice":
      return iam.send(
        new DeactivateMFADeviceCommand({ SerialNumber: required(action.serialNumber, action) }),
      );
    case "DeleteAccessKey":
      return iam.send(new DeleteAccessKeyCommand({ AccessKeyId: required(action.accessKeyId, action) }));
    case "DeleteSigningCertificate":
      return iam.send(
        new DeleteSigningCertificateCommand({ CertificateId: required(action.certificateId, action) }),
      );
    case "DeleteLoginProfile":
      return iam.send(new DeleteLoginProfileCommand({}));
    case "CreateLoginProfile":
      // In an AssumeRoot session Password must be omitted: this re-enables password recovery.
      return iam.send(new CreateLoginProfileCommand({}));
  }
}

/** The only read the IAMCreateRootUserPassword task allows besides the create itself. */
export async function loginProfileExists(iam: IAMClient): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({}));
    return true;
  } catch (error) {
    if (hasCode(error, "NoSuchEntity")) return false;
    throw error;
  }
}

function required(value: string | undefined, action: AccountAction): string {
  if (!value) throw new Error(`${action.operation} for ${action.accountId} has no identifier`);
  return value;
}
