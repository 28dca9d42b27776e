import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRootCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, expect } from "vitest";
import {
  type RootTask,
  type Sandbox,
  type SandboxOptions,
  type StaticCallerKind,
  startSandbox,
  taskArn,
} from "../../src/sandbox/index.js";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Real SDK clients pointed at a sandbox; `maxAttempts: 1` unless a test exercises retries. */
export type Clients = {
  organizations: OrganizationsClient;
  sts: STSClient;
  iam: IAMClient;
  s3: S3Client;
  sqs: SQSClient;
};

export function clientsWith(sandbox: Sandbox, credentials: Credentials, maxAttempts = 1): Clients {
  const config = { endpoint: sandbox.url, region: sandbox.region, credentials, maxAttempts };
  return {
    organizations: new OrganizationsClient(config),
    sts: new STSClient(config),
    iam: new IAMClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sqs: new SQSClient(config),
  };
}

/** Clients signing as a static key kind or as a configured caller (by name, with its session token). */
export function clientsFor(
  sandbox: Sandbox,
  kind: StaticCallerKind | (string & {}) = "management",
  maxAttempts = 1,
): Clients {
  const credentials = sandbox.credentials[kind];
  if (!credentials) throw new Error(`no sandbox caller ${kind}`);
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  return clientsWith(
    sandbox,
    { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    maxAttempts,
  );
}

/** AssumeRoot with the management key, then clients signing with the session. */
export async function rootSession(sandbox: Sandbox, account: string, task: RootTask): Promise<Clients> {
  const { sts } = clientsFor(sandbox);
  const { Credentials } = await sts.send(
    new AssumeRootCommand({ TargetPrincipal: account, TaskPolicyArn: { arn: taskArn(task) } }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
    throw new Error("AssumeRoot returned no credentials");
  }
  return clientsWith(sandbox, {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
  });
}

/** Asserts the AWS error `name` (the wire code; generic codes arrive as ServiceException with that name). */
export async function expectAwsError(
  promise: Promise<unknown>,
  name: string,
  message?: string | RegExp,
): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `expected ${name}`).toBeInstanceOf(Error);
  const typed = error as Error;
  expect(typed.name).toBe(name);
  if (message !== undefined) expect(typed.message).toMatch(message);
  return typed;
}

/** Starts sandboxes for one test file and stops every one of them after each test. */
export function sandboxes(): (options?: SandboxOptions) => Promise<Sandbox> {
  const started: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.stop()));
  });
  return async (options) => {
    const sandbox = await startSandbox(options);
    started.push(sandbox);
    return sandbox;
  };
}

export async function getJson<T>(sandbox: Sandbox, path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${sandbox.url}${path}`, init);
  return (await response.json()) as T;
}
