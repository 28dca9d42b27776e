import { createAdaptiveLimit } from "../audit/adaptive-limit.js";
import { type AuditOptions, DEFAULT_AUDIT_OPTIONS, runAudit } from "../audit/run-audit.js";
import type { AuditSnapshot } from "../audit/snapshot.js";
import type { UnlockTargetRequest } from "../audit/unlock-targets.js";
import { createAwsClients } from "../aws/clients.js";
import { awsFailure } from "../aws/errors.js";
import { RootwardError } from "../errors.js";
import type { CliIo } from "./io.js";
import { progressReporter } from "./progress.js";

export type LiveAuditFlags = {
  concurrency: number;
  thorough: boolean;
  withTags: boolean;
  quiet: boolean;
  only?: AuditOptions["only"];
  /** The buckets and queues the desired state asks to unlock. */
  unlockTargets?: readonly UnlockTargetRequest[];
  /** False with --no-unlock-reads: no unlock sessions (the read-only plan role cannot open them). */
  unlockReads?: boolean;
};

/** Runs the live audit with the SDK's standard credential chain and progress on stderr. */
export async function liveAudit(flags: LiveAuditFlags, io: CliIo): Promise<AuditSnapshot> {
  const limit = createAdaptiveLimit({ max: flags.concurrency });
  const clients = createAwsClients(io.env, {
    maxSockets: Math.max(64, flags.concurrency * 4),
    onThrottle: limit.onThrottle,
  });
  const progress = progressReporter({ write: io.stderr, isTty: io.isTty, quiet: flags.quiet });
  try {
    return await runAudit(clients, {
      ...DEFAULT_AUDIT_OPTIONS,
      concurrency: limit,
      thorough: flags.thorough,
      withTags: flags.withTags,
      now: io.now,
      onProgress: progress.update,
      ...(flags.only ? { only: flags.only } : {}),
      ...(flags.unlockTargets ? { unlockTargets: flags.unlockTargets } : {}),
      ...(flags.unlockReads === false ? { unlockReads: false } : {}),
    });
  } catch (error) {
    throw translateDiscoveryError(error);
  } finally {
    progress.finish();
    clients.close();
  }
}

/** Errors before any account is audited stop the run; say what to do about the common ones. */
function translateDiscoveryError(error: unknown): unknown {
  if (error instanceof RootwardError) return error;
  const failure = awsFailure(error);
  const hints: Record<string, string> = {
    CredentialsProviderError:
      "no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or use GitHub OIDC; try `rootward sandbox` to rehearse without AWS",
    AccessDeniedException:
      "run rootward as the management account or the IAM delegated administrator, with organizations:Describe*/List* permissions (see `rootward iam-policy plan`)",
    AWSOrganizationsNotInUseException: "the caller's account is not in an organization",
    ExpiredToken: "the AWS credentials have expired; sign in again (aws sso login) and re-run",
    ExpiredTokenException: "the AWS credentials have expired; sign in again (aws sso login) and re-run",
    UnrecognizedClientException: "the AWS credentials are not valid; check AWS_PROFILE",
    InvalidClientTokenId: "the AWS credentials are not valid; check AWS_PROFILE",
  };
  const hint =
    hints[failure.code] ??
    (failure.code === "ECONNREFUSED"
      ? "nothing answers at AWS_ENDPOINT_URL; is `rootward sandbox` running?"
      : undefined);
  return new RootwardError(
    "discovery-failed",
    `could not read the organization: ${failure.code}: ${failure.message}`,
    {
      fault: "aws",
      cause: error,
      ...(hint ? { hint } : {}),
    },
  );
}
