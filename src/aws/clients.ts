import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";

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
  // Adaptive mode adds a client-side rate limiter that slows down after throttling and
  // recovers after; AssumeRoot and Organizations are where AWS throttles first.
  const iam = new IAMClient({ ...common, retryMode: "adaptive" });
  return {
    region,
    organizations: new OrganizationsClient({ ...common, retryMode: "adaptive" }),
    sts: new STSClient({ ...common, retryMode: "adaptive" }),
    iam,
    iamForSession(credentials) {
      return new IAMClient({ ...common, retryMode: "standard", credentials });
    },
  };
}
