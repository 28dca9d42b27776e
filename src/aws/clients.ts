import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { awsFailure } from "./errors.js";

/**
 * AssumeRoot only works on a regional STS endpoint (STS API reference, AssumeRoot); without a
 * configured region rootward uses us-east-1, as AWS's own root-access scripts do.
 */
export const DEFAULT_REGION = "us-east-1";

export type AwsSettings = {
  region: string;
  /** Upper bound on sockets per host; the audit's concurrency stays below it. */
  maxSockets: number;
  maxAttempts: number;
  /** Called on every throttled attempt, including those the SDK retries by itself. */
  onThrottle: () => void;
};

/** Credentials of one root session; held in memory only and never logged. */
export type SessionCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
};

export type AwsClients = {
  region: string;
  organizations: OrganizationsClient;
  sts: STSClient;
  iam: IAMClient;
  /** An IAM client signing with a root session's credentials; shares the connection pool. */
  iamForSession(credentials: SessionCredentials): IAMClient;
  /**
   * S3 signing with an S3UnlockBucketPolicy session; follows S3's redirect to the bucket's region.
   * S3 and SQS are loaded on first use: only unlock requests need them, and loading them costs
   * every other run a quarter of a second of startup.
   */
  s3ForSession(credentials: SessionCredentials): Promise<S3Client>;
  /** SQS signing with an SQSUnlockQueuePolicy session, for the queue's region. */
  sqsForSession(credentials: SessionCredentials, region?: string): Promise<SQSClient>;
  /** Closes the shared connection pool, so the process can exit. */
  close(): void;
};

/**
 * The SDK reads AWS_ENDPOINT_URL and static keys from `process.env` on its own; passing them
 * from `env` keeps the same precedence while letting tests and the demo run in-process with an
 * environment of their own.
 */
function fromEnvironment(env: Readonly<Record<string, string | undefined>>) {
  const settings: {
    endpoint?: string;
    credentials?: SessionCredentials | Omit<SessionCredentials, "sessionToken">;
  } = {};
  if (env.AWS_ENDPOINT_URL) settings.endpoint = env.AWS_ENDPOINT_URL;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    settings.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return settings;
}

type Next = (args: unknown) => Promise<unknown>;

/** A per-attempt middleware: it sits inside the SDK's retry loop, so it sees retried throttles too. */
function observeThrottling<T extends { middlewareStack: { add: unknown } }>(
  client: T,
  onThrottle: () => void,
): T {
  const add = client.middlewareStack.add as (middleware: (next: Next) => Next, options: object) => void;
  add.call(
    client.middlewareStack,
    (next: Next) => async (args: unknown) => {
      try {
        return await next(args);
      } catch (error) {
        if (awsFailure(error).throttling) onThrottle();
        throw error;
      }
    },
    { step: "finalizeRequest", priority: "low", name: "rootwardThrottleObserver" },
  );
  return client;
}

export function resolveRegion(env: Readonly<Record<string, string | undefined>>): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION;
}

/**
 * Builds the clients once per run. Credentials and endpoint come only from the SDK's standard
 * chain (AWS_PROFILE, web identity, AWS_ENDPOINT_URL…). One HTTP handler is shared by every
 * client, so per-session clients reuse connections instead of opening new ones per account.
 */
export function createAwsClients(
  env: Readonly<Record<string, string | undefined>>,
  settings: Partial<AwsSettings> = {},
): AwsClients {
  const region = settings.region ?? resolveRegion(env);
  const maxSockets = settings.maxSockets ?? 128;
  const agentOptions = { keepAlive: true, maxSockets };
  const requestHandler = new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    connectionTimeout: 10_000,
    requestTimeout: 60_000,
  });
  const common = { region, requestHandler, maxAttempts: settings.maxAttempts ?? 8, ...fromEnvironment(env) };
  // Standard retries (jittered backoff for throttling, 5xx and dropped connections); the audit
  // adapts its concurrency to throttling itself. The SDK's "adaptive" mode was measured slower:
  // its client-side limiter settled well below AssumeRoot's rate.
  const observe = <T extends { middlewareStack: { add: unknown } }>(client: T): T =>
    settings.onThrottle ? observeThrottling(client, settings.onThrottle) : client;
  const iam = observe(new IAMClient(common));
  // A session client per audited account: hand it the settings the first client already
  // resolved (FIPS, dual-stack, retry and defaults mode, app id, auth preference) instead of
  // resolving them again from the environment and config files for every account; measured
  // ~0.5 ms of CPU per account, about 15 % of a client's construction and first call.
  const resolved = {
    defaultsMode: iam.config.defaultsMode,
    authSchemePreference: iam.config.authSchemePreference,
    retryMode: iam.config.retryMode,
    useDualstackEndpoint: iam.config.useDualstackEndpoint,
    useFipsEndpoint: iam.config.useFipsEndpoint,
    userAgentAppId: iam.config.userAgentAppId,
  };
  return {
    region,
    organizations: observe(new OrganizationsClient(common)),
    sts: observe(new STSClient(common)),
    iam,
    iamForSession(credentials) {
      return observe(new IAMClient({ ...common, ...resolved, credentials }));
    },
    async s3ForSession(credentials) {
      const { S3Client } = await import("@aws-sdk/client-s3");
      // A bucket in another region answers 301 PermanentRedirect; the SDK retries it there.
      return observe(new S3Client({ ...common, credentials, followRegionRedirects: true }));
    },
    async sqsForSession(credentials, queueRegion) {
      const { SQSClient } = await import("@aws-sdk/client-sqs");
      // Never send to the QueueUrl's host (the SDK's default): only to the SQS endpoint of the
      // queue's region, or AWS_ENDPOINT_URL, so session credentials go nowhere else.
      return observe(
        new SQSClient({
          ...common,
          region: queueRegion ?? region,
          credentials,
          useQueueUrlAsEndpoint: false,
        }),
      );
    },
    close() {
      requestHandler.destroy();
    },
  };
}
