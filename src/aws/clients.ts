import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { httpTimeouts } from "../http-timeout.js";
import { observeCalls } from "./call-observer.js";
import { resolveProfileAndRegion } from "./profile-region.js";

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
  /** The URL the STS client sends AssumeRoot to, as the SDK resolves it (without sending anything). */
  stsEndpoint(): Promise<string>;
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

type EndpointConfig = {
  region: () => Promise<string>;
  endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>;
  endpointProvider: (params: Record<string, unknown>) => { url: URL };
  useGlobalEndpoint?: boolean;
  useFipsEndpoint: () => Promise<boolean>;
  useDualstackEndpoint: () => Promise<boolean>;
};

/**
 * Asks the STS client's own endpoint rules where a call goes. SDK v3 sends STS calls to the global
 * `sts.amazonaws.com` when the region is `aws-global`, when `useGlobalEndpoint` is set, or when a
 * custom endpoint (AWS_ENDPOINT_URL[_STS]) names it; it ignores AWS_STS_REGIONAL_ENDPOINTS, which
 * only older SDKs and the AWS CLI v1 read (botocore endpoint-rule-set-1.json, UseGlobalEndpoint).
 */
async function resolvedStsEndpoint(sts: STSClient): Promise<string> {
  const config = sts.config as unknown as EndpointConfig;
  const custom = config.endpoint ? await config.endpoint() : undefined;
  if (custom) {
    const port = custom.port ? `:${custom.port}` : "";
    return `${custom.protocol}//${custom.hostname}${port}${custom.path}`;
  }
  const { url } = config.endpointProvider({
    Region: await config.region(),
    UseGlobalEndpoint: config.useGlobalEndpoint ?? false,
    UseFIPS: await config.useFipsEndpoint(),
    UseDualStack: await config.useDualstackEndpoint(),
  });
  return url.href;
}

/**
 * Builds the clients once per run. Credentials and endpoint come only from the SDK's standard
 * chain (AWS_PROFILE, web identity, AWS_ENDPOINT_URL…). One HTTP handler is shared by every
 * client, so per-session clients reuse connections instead of opening new ones per account.
 * Rejects, before any call, when AWS_PROFILE names no profile or no region is configured.
 */
export async function createAwsClients(
  env: Readonly<Record<string, string | undefined>>,
  settings: Partial<AwsSettings> = {},
): Promise<AwsClients> {
  const resolved = await resolveProfileAndRegion(env);
  const region = settings.region ?? resolved.region;
  const timeouts = httpTimeouts(env);
  const maxSockets = settings.maxSockets ?? 128;
  const agentOptions = { keepAlive: true, maxSockets };
  const requestHandler = new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOptions),
    httpsAgent: new HttpsAgent(agentOptions),
    connectionTimeout: timeouts.connectMs,
    // Without throwOnRequestTimeout the handler only logs a warning and waits on (smithy
    // node-http-handler setRequestTimeout); socketTimeout catches a response that stalls midway.
    requestTimeout: timeouts.requestMs,
    throwOnRequestTimeout: true,
    socketTimeout: timeouts.requestMs,
  });
  const common = {
    region,
    requestHandler,
    maxAttempts: settings.maxAttempts ?? 8,
    // The SDK reads AWS_PROFILE from the process environment; passing it keeps in-process runs
    // with an environment of their own (tests, demo) on the same profile.
    ...(resolved.profile ? { profile: resolved.profile } : {}),
    ...fromEnvironment(env),
  };
  // Standard retries (jittered backoff for throttling, 5xx and dropped connections); the audit
  // adapts its concurrency to throttling itself. The SDK's "adaptive" mode was measured slower:
  // its client-side limiter settled well below AssumeRoot's rate. Timeouts are capped apart
  // (call-observer.ts).
  const observe = <T extends { middlewareStack: { add: unknown } }>(client: T, endpointSource?: string): T =>
    observeCalls(client, {
      onThrottle: settings.onThrottle,
      timeoutMs: timeouts.requestMs,
      endpointSource: endpointSource ?? (env.AWS_ENDPOINT_URL ? "AWS_ENDPOINT_URL" : undefined),
    });
  // The SDK reads AWS_ENDPOINT_URL_STS from the process environment on its own; passing it from
  // `env` keeps in-process runs (tests, demo) and doctor's endpoint check consistent with that.
  const sts = env.AWS_ENDPOINT_URL_STS
    ? observe(new STSClient({ ...common, endpoint: env.AWS_ENDPOINT_URL_STS }), "AWS_ENDPOINT_URL_STS")
    : observe(new STSClient(common));
  const iam = observe(new IAMClient(common));
  // A session client per audited account: hand it the settings the first client already
  // resolved (FIPS, dual-stack, retry and defaults mode, app id, auth preference) instead of
  // resolving them again from the environment and config files for every account; measured
  // ~0.5 ms of CPU per account, about 15 % of a client's construction and first call.
  const sessionSettings = {
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
    sts,
    iam,
    iamForSession(credentials) {
      return observe(new IAMClient({ ...common, ...sessionSettings, credentials }));
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
    stsEndpoint: () => resolvedStsEndpoint(sts),
    close() {
      requestHandler.destroy();
    },
  };
}
