import type { AwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import type { DiscoveredAccount } from "../aws/organization.js";
import { ALL_PRESENT, credentialPresence, readRootCredentials } from "../aws/root-credentials.js";
import { assumeRoot } from "../aws/root-session.js";
import type { AuditedAccount } from "./snapshot.js";

export type AccountAuditOptions = {
  thorough: boolean;
  /** Stop waiting for an account after this long; well inside the 900 s session. */
  deadlineMs: number;
  /** Aborts the account's calls when the whole audit stops (discovery failed). */
  signal?: AbortSignal;
};

/**
 * Audits one ACTIVE member account: one IAMAuditRootUserCredentials session, GetAccountSummary
 * first, then detail calls only for the kinds present — a clean account costs 2 calls.
 * Failures are recorded on the account, never thrown.
 */
export async function auditAccount(
  clients: AwsClients,
  account: DiscoveredAccount & { tags: Record<string, string> },
  options: AccountAuditOptions,
): Promise<AuditedAccount> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener("abort", stop, { once: true });
  if (options.signal?.aborted) stop();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineError(options.deadlineMs));
    }, options.deadlineMs);
  });
  try {
    const rootCredentials = await Promise.race([
      read(clients, account.id, options.thorough, controller.signal),
      deadline,
    ]);
    return { ...account, status: "audited", rootCredentials };
  } catch (error) {
    // The detail reads run in parallel: when one fails, the others must not go on calling (and
    // retrying) for an account whose result is recorded now. On success every read has finished.
    controller.abort();
    if (error instanceof DeadlineError) {
      return {
        ...account,
        status: "failed",
        reasonCode: "deadline",
        errorCode: "Deadline",
        reason: error.message,
      };
    }
    const failure = awsFailure(error);
    return {
      ...account,
      status: "failed",
      reasonCode: "error",
      errorCode: failure.code,
      reason: failure.message,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", stop);
  }
}

async function read(clients: AwsClients, accountId: string, thorough: boolean, abortSignal: AbortSignal) {
  const credentials = await assumeRoot(clients.sts, accountId, "IAMAuditRootUserCredentials", abortSignal);
  const iam = clients.iamForSession(credentials);
  const presence = thorough ? ALL_PRESENT : await credentialPresence(iam, { abortSignal });
  return readRootCredentials(iam, presence, { abortSignal });
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.round(ms / 1000)} s`);
  }
}
