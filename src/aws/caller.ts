import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import type { Caller } from "../plan/caller.js";

/**
 * The identity the SDK's credentials resolve to. "No permissions are required to perform this
 * operation" (STS API reference, GetCallerIdentity), so even a least-privilege role can say who it is.
 */
export async function readCaller(sts: STSClient): Promise<Caller> {
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  return { accountId: identity.Account ?? "", arn: identity.Arn ?? "" };
}
