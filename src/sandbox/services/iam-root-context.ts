import { accessDenied, SandboxError, validationError } from "../errors.js";
import type { Account, RootCredentials } from "../model.js";
import { rootArnOf } from "../model.js";
import type { CallContext, ResourceRef } from "../operation.js";

/**
 * Inside a root session the IAM calls omit `UserName` and act on the member account's root
 * user ("you must use an AssumeRoot session to omit the user name", IAM API reference,
 * GetLoginProfile). A `UserName` makes the resource an IAM user, which every root-task policy
 * denies (`NotResource: arn:aws:iam::*:root`).
 */
export function iamResource(input: URLSearchParams, context: CallContext): ResourceRef {
  const account = context.caller.accountId;
  const userName = input.get("UserName");
  if (userName) return { arn: `arn:aws:iam::${account}:user/${userName}`, account };
  if (context.caller.kind === "root-session") return { arn: rootArnOf(account), account };
  return { arn: context.caller.arn, account };
}

/**
 * The sandbox models root credentials only, reached through root sessions. Its static callers
 * are IAM users without policies for these actions, as an administrator with root-access
 * management but no IAM user permissions in the member account would be.
 */
export function sessionAccount(context: CallContext): Account {
  const { caller, org } = context;
  if (caller.kind !== "root-session") {
    const action = `iam:${context.operation}`;
    // A configured caller got here because its policy allowed the action; saying that no policy
    // allows it would mislead, so say what the sandbox does not model instead.
    const reason =
      caller.kind === "role"
        ? "(the sandbox has no IAM users or roles to act on: call it in an AssumeRoot session)"
        : `because no identity-based policy allows the ${action} action`;
    throw accessDenied(
      "iam",
      `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${caller.arn} ${reason}`,
    );
  }
  const account = org.accountsById.get(caller.accountId);
  if (!account) throw new SandboxError("NoSuchEntity", "The account of this session no longer exists.", 404);
  return account;
}

const EMPTY: RootCredentials = { accessKeys: [], mfaDevices: [], signingCertificates: [] };

export function credentialsOf(account: Account): RootCredentials {
  return account.root ?? EMPTY;
}

/** The root credentials to change, created on first write (clean accounts carry none). */
export function mutableCredentials(account: Account): RootCredentials {
  if (!account.root) account.root = { accessKeys: [], mfaDevices: [], signingCertificates: [] };
  return account.root;
}

export function requiredParam(input: URLSearchParams, name: string): string {
  const value = input.get(name);
  if (!value) {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw validationError(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function noSuchEntity(message: string): SandboxError {
  return new SandboxError("NoSuchEntity", message, 404);
}
