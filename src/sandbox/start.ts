import type { AddressInfo } from "node:net";
import { CallLog, type CallRecord } from "./call-log.js";
import { type CallerSpec, callerAccountOf, createCallers } from "./callers.js";
import { certificatePayloadOf } from "./credential-ids.js";
import { exampleFixturePath } from "./example-fixture.js";
import { FaultInjector, type FaultOptions } from "./faults.js";
import { type FixtureSource, loadFixture } from "./fixture-load.js";
import { generateOrganization } from "./generator.js";
import { IdentityStore, STATIC_CREDENTIALS, type StaticCallerKind, staticAccount } from "./identity.js";
import { inspectionHandler } from "./inspection.js";
import type { Organization } from "./model.js";
import type { PageSizes } from "./operation.js";
import type { SandboxRuntime } from "./pipeline.js";
import { createRandom, deriveSeed } from "./random.js";
import { createSandboxServer, type ReceivedCall } from "./server.js";
import { type SandboxStateView, stateView } from "./state-view.js";

export const SANDBOX_REGION = "us-east-1";

export type SandboxOptions = FaultOptions & {
  /** The organization: a fixture (data or `{ file }`); default the built-in example org. */
  fixture?: FixtureSource;
  /** Instead of a fixture: a generated organization with this many member accounts. */
  accounts?: number;
  /** With `accounts`: how many SCPs the generated organization has (default 12). */
  scps?: number;
  host?: string;
  port?: number;
  /** Caps every list page (Organizations default 20, IAM 100); small values force pagination. */
  pageSize?: number | Partial<PageSizes>;
  /** Seeds issued credentials, generated orgs and injected faults (default 1). */
  seed?: number;
  /** The sandbox clock: session expiry and timestamps of changes (default real time). */
  now?: () => Date;
  /** How many recent calls `/_sandbox/calls` keeps (default 100,000). */
  callLogLimit?: number;
  /** Extra role-session callers, each evaluated against its identity-based policies (after the fixture's). */
  callers?: readonly CallerSpec[];
  /**
   * Called synchronously as each signed AWS request arrives, before latency and faults: a test
   * can act at an exact point of a run (signal a CLI while a given call is in flight).
   */
  onCallReceived?: (call: ReceivedCall) => void;
};

export type SandboxCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  /** Only for configured callers: their credentials are a role session's. */
  sessionToken?: string;
  accountId: string | undefined;
};

export type Sandbox = {
  url: string;
  port: number;
  region: string;
  /** The static keys by kind, and the configured callers by name. */
  credentials: Readonly<Record<StaticCallerKind, SandboxCredentials>> &
    Readonly<Record<string, SandboxCredentials | undefined>>;
  /** The configured callers' names (fixture first, then options), in order. */
  callerNames: readonly string[];
  /**
   * AWS_ENDPOINT_URL, AWS_REGION and the keys of one caller: a static key kind (default
   * management) or a configured caller's name (with AWS_SESSION_TOKEN).
   */
  env(name?: string): Record<string, string>;
  state(filter?: { account?: string }): SandboxStateView;
  calls(): CallRecord[];
  /** Every secret the sandbox handed out: static and session secret keys, session tokens, certificate payloads. */
  issuedSecrets(): string[];
  /** The live organization (mutable; for tests that set up unusual states). */
  organization(): Organization;
  reset(): void;
  stop(): Promise<void>;
};

/** Starts an emulated organization on 127.0.0.1 (port 0 = any free port). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  if (options.fixture && options.accounts !== undefined)
    throw new RangeError("pass either fixture or accounts, not both");
  if (options.scps !== undefined && options.accounts === undefined)
    throw new RangeError("scps applies to a generated organization: pass accounts too");
  const seed = options.seed ?? 1;
  const build = (): Organization =>
    options.accounts !== undefined
      ? generateOrganization({
          accounts: options.accounts,
          seed,
          ...(options.scps === undefined ? {} : { scps: options.scps }),
        })
      : loadFixture(options.fixture ?? { file: exampleFixturePath() });
  const clock = options.now ?? (() => new Date());
  const org = build();
  const callers = createCallers(
    [...org.callers, ...(options.callers ?? [])],
    org,
    seed,
    Object.keys(STATIC_CREDENTIALS),
  );
  const identities = new IdentityStore(createRandom(deriveSeed(seed, "credentials")), callers);
  const faults = new FaultInjector(options, createRandom(deriveSeed(seed, "faults")));
  const runtime: SandboxRuntime = {
    org,
    identities,
    log: new CallLog(options.callLogLimit ?? 100_000),
    now: () => clock().getTime(),
    baseUrl: "",
    pageSize: pageSizes(options.pageSize),
  };
  let certificatePayloads = collectCertificatePayloads(runtime.org);
  const reset = () => {
    runtime.org = build();
    certificatePayloads = collectCertificatePayloads(runtime.org);
    identities.clear();
    runtime.log.clear();
  };
  const credentials = () =>
    Object.fromEntries([
      ...Object.values(STATIC_CREDENTIALS).map((item) => [
        item.kind,
        {
          accessKeyId: item.accessKeyId,
          secretAccessKey: item.secretAccessKey,
          accountId: staticAccount(runtime.org, item.kind),
        },
      ]),
      ...callers.map((caller) => [
        caller.name,
        {
          accessKeyId: caller.accessKeyId,
          secretAccessKey: caller.secretAccessKey,
          sessionToken: caller.sessionToken,
          accountId: callerAccountOf(runtime.org, caller.account),
        },
      ]),
    ]) as Sandbox["credentials"];
  const { server, cancelTimers } = createSandboxServer(
    runtime,
    faults,
    inspectionHandler({
      org: () => runtime.org,
      log: () => runtime.log,
      reset,
      info: () => ({ url: runtime.baseUrl, region: SANDBOX_REGION, credentials: credentials() }),
    }),
    options.onCallReceived,
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  runtime.baseUrl = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  return {
    url: runtime.baseUrl,
    port,
    region: SANDBOX_REGION,
    credentials: credentials(),
    callerNames: callers.map((caller) => caller.name),
    env(name = "management") {
      const item = credentials()[name];
      if (!item) {
        const known = [...Object.keys(STATIC_CREDENTIALS), ...callers.map((caller) => caller.name)];
        throw new RangeError(`no sandbox caller ${name}; known: ${known.join(", ")}`);
      }
      return {
        AWS_ENDPOINT_URL: runtime.baseUrl,
        AWS_REGION: SANDBOX_REGION,
        // AWS CLI v1 reads only AWS_DEFAULT_REGION.
        AWS_DEFAULT_REGION: SANDBOX_REGION,
        AWS_ACCESS_KEY_ID: item.accessKeyId,
        AWS_SECRET_ACCESS_KEY: item.secretAccessKey,
        ...(item.sessionToken ? { AWS_SESSION_TOKEN: item.sessionToken } : {}),
      };
    },
    state: (filter) => stateView(runtime.org, filter),
    calls: () => runtime.log.list(),
    issuedSecrets: () => [...identities.issuedSecrets(), ...certificatePayloads],
    organization: () => runtime.org,
    reset,
    stop: () =>
      new Promise<void>((resolve) => {
        cancelTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function pageSizes(option: SandboxOptions["pageSize"]): PageSizes {
  const defaults: PageSizes = { organizations: 20, iam: 100, sqs: 1000 };
  if (option === undefined) return defaults;
  if (typeof option === "number") {
    if (!(option >= 1)) throw new RangeError(`pageSize must be at least 1, got ${option}`);
    return { organizations: Math.min(option, 20), iam: option, sqs: option };
  }
  return { ...defaults, ...option };
}

function collectCertificatePayloads(org: Organization): string[] {
  const payloads: string[] = [];
  for (const account of org.accounts) {
    for (const certificate of account.root?.signingCertificates ?? [])
      payloads.push(certificatePayloadOf(certificate.body));
  }
  return payloads;
}
