import type { ScpContext } from "./evaluate.js";

/**
 * The request context of a call made in a centralized root session: the principal is the
 * member account's root, and `aws:AssumedRoot` is present (CloudTrail shows `"assumedRoot":
 * "true"`; the AWS sample SCP denies only with `Null aws:AssumedRoot: true`, i.e. outside sessions).
 */
export function rootSessionContext(
  accountId: string,
  action: string,
  resource = `arn:aws:iam::${accountId}:root`,
): ScpContext {
  return {
    action,
    resource,
    keys: {
      "aws:principalarn": `arn:aws:iam::${accountId}:root`,
      "aws:principalaccount": accountId,
      "aws:resourceaccount": accountId,
      "aws:assumedroot": "true",
    },
  };
}

/** The same call made by the root user signed in with a password: no `aws:AssumedRoot`. */
export function rootUserContext(
  accountId: string,
  action: string,
  resource = `arn:aws:iam::${accountId}:root`,
): ScpContext {
  const session = rootSessionContext(accountId, action, resource);
  return { ...session, keys: { ...session.keys, "aws:assumedroot": undefined } };
}

export function describeStatement(statement: { sid?: string }, index: number): string {
  return statement.sid ? `statement ${statement.sid}` : `statement #${index + 1}`;
}
