import { AssumeRootCommand, type STSClient } from "@aws-sdk/client-sts";
import { type TaskPolicyName, taskPolicyArn } from "../plan/operations.js";
import type { SessionCredentials } from "./clients.js";

/** AWS caps root sessions at 900 seconds (STS API reference, AssumeRoot DurationSeconds). */
export const ROOT_SESSION_SECONDS = 900;

/**
 * Opens a task-scoped root session on a member account. The credentials are returned to the
 * caller only; nothing here logs or stores them.
 */
export async function assumeRoot(
  sts: STSClient,
  accountId: string,
  task: TaskPolicyName,
  abortSignal?: AbortSignal,
): Promise<SessionCredentials> {
  const { Credentials } = await sts.send(
    new AssumeRootCommand({
      TargetPrincipal: accountId,
      TaskPolicyArn: { arn: taskPolicyArn(task) },
      DurationSeconds: ROOT_SESSION_SECONDS,
    }),
    abortSignal ? { abortSignal } : {},
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
    throw new Error(`AssumeRoot for ${accountId} returned no credentials`);
  }
  const credentials: SessionCredentials = {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  };
  if (Credentials.Expiration) credentials.expiration = Credentials.Expiration;
  return credentials;
}
