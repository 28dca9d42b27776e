/**
 * Sandbox benchmark (prints figures; not a timed test): `npm run bench:sandbox [-- --duration 5
 * --concurrency 64 --accounts 100000]`.
 *
 * 1. Load: how long a generated organization of --accounts takes to start, and heap per account.
 * 2. SDK end to end: real SDK clients (main thread) against a sandbox on a worker thread, an
 *    audit-like mix of calls. On a 2-core machine this is bound by the SDK's own CPU cost.
 * 3. Server capacity: the same SDK-signed requests, recorded once and replayed over keep-alive
 *    HTTP, so the figure is what the sandbox itself serves per second.
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import {
  GetAccountSummaryCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListOrganizationsFeaturesCommand,
} from "@aws-sdk/client-iam";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRootCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { STATIC_CREDENTIALS, startSandbox, taskArn } from "../src/sandbox/index.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    concurrency: { type: "string", default: "64" },
    accounts: { type: "string", default: "100000" },
    "latency-ms": { type: "string", default: "0" },
  },
});
const DURATION_MS = Number(values.duration) * 1000;
const CONCURRENCY = Number(values.concurrency);
const LOAD_ACCOUNTS = Number(values.accounts);
const LATENCY_MS = Number(values["latency-ms"]);
const REGION = "us-east-1";
const MEMBERS = [
  "444444444441",
  "444444444442",
  "555555555501",
  "555555555503",
  "666666666602",
  "777777777704",
  "888888888802",
];

type Recorded = { method: string; path: string; headers: Record<string, string>; body: string };
type Clients = { organizations: OrganizationsClient; sts: STSClient; iam: IAMClient };

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${(await import("node:os")).cpus().length} CPUs`);
  await measureLoad();
  const worker = new Worker(new URL("./sandbox-server-worker.js", import.meta.url), {
    workerData: { callLogLimit: 10_000, latencyMs: LATENCY_MS },
  });
  const url = await new Promise<string>((resolve) =>
    worker.once("message", (message: { url: string }) => resolve(message.url)),
  );
  try {
    const management = clients(url, STATIC_CREDENTIALS.management);
    const sessions = await Promise.all(MEMBERS.map((member) => session(url, management, member)));
    const mix = operations(management, sessions);
    handler.recording = true;
    for (const operation of mix) await operation();
    handler.recording = false;
    const replay = handler.recorded;
    const latency = LATENCY_MS > 0 ? `, ${LATENCY_MS} ms injected latency` : "";
    console.log(
      `\nSDK end to end (${CONCURRENCY} concurrent calls, ${mix.length}-call audit-like mix${latency}, ${DURATION_MS / 1000} s):`,
    );
    const sdk = await drive(
      CONCURRENCY,
      DURATION_MS,
      (index) => mix[index % mix.length]?.() ?? Promise.resolve(),
    );
    report(sdk);
    console.log(`\nServer capacity (the same SDK-signed requests replayed over keep-alive HTTP):`);
    const raw = await replayRequests(url, replay);
    report(raw);
    const verdict = raw.perSecond >= 2000 ? "meets" : "MISSES";
    console.log(
      `\nSandbox capacity ${Math.round(raw.perSecond)} calls/s ${verdict} the 2,000 calls/s target.`,
    );
  } finally {
    worker.postMessage("stop");
  }
}

async function measureLoad(): Promise<void> {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const sandbox = await startSandbox({ accounts: LOAD_ACCOUNTS });
  const elapsed = performance.now() - started;
  globalThis.gc?.();
  const grown = process.memoryUsage().heapUsed - before;
  const accounts =
    sandbox.state({ account: "none" }).accounts.length + sandbox.organization().accounts.length;
  console.log(
    `Load: ${accounts.toLocaleString("en")} generated accounts ready in ${Math.round(elapsed)} ms, ` +
      `heap +${(grown / 1024 / 1024).toFixed(1)} MiB (${Math.round(grown / accounts)} bytes per account${globalThis.gc ? "" : ", run with --expose-gc for exact figures"})`,
  );
  await sandbox.stop();
}

/** Records every request the SDK sends, signed and final, for the raw replay. */
class RecordingHandler extends NodeHttpHandler {
  readonly recorded: Recorded[] = [];
  recording = false;

  constructor() {
    super({ httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) });
  }

  override handle(...args: Parameters<NodeHttpHandler["handle"]>): ReturnType<NodeHttpHandler["handle"]> {
    const [http] = args;
    if (this.recording) {
      const query = new URLSearchParams(http.query as Record<string, string>).toString();
      // Copy the bytes, not the object: the SDK's body shims string methods and warns when they run.
      const bytes =
        http.body instanceof Uint8Array
          ? Buffer.from(http.body.buffer, http.body.byteOffset, http.body.byteLength)
          : undefined;
      const body = bytes ? bytes.toString() : typeof http.body === "string" ? http.body : "";
      this.recorded.push({
        method: http.method,
        path: query ? `${http.path}?${query}` : http.path,
        headers: { ...http.headers },
        body,
      });
    }
    return super.handle(...args);
  }
}

const handler = new RecordingHandler();

function clients(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Clients {
  const config = { endpoint: url, region: REGION, credentials, maxAttempts: 1, requestHandler: handler };
  return {
    organizations: new OrganizationsClient(config),
    sts: new STSClient(config),
    iam: new IAMClient(config),
  };
}

async function session(url: string, management: Clients, member: string): Promise<Clients> {
  const { Credentials } = await management.sts.send(
    new AssumeRootCommand({
      TargetPrincipal: member,
      TaskPolicyArn: { arn: taskArn("IAMAuditRootUserCredentials") },
    }),
  );
  return clients(url, {
    accessKeyId: Credentials?.AccessKeyId ?? "",
    secretAccessKey: Credentials?.SecretAccessKey ?? "",
    sessionToken: Credentials?.SessionToken ?? "",
  });
}

/** What an audit of one account costs (AssumeRoot, GetAccountSummary, a detail read) plus discovery reads. */
function operations(management: Clients, sessions: Clients[]): Array<() => Promise<unknown>> {
  const list: Array<() => Promise<unknown>> = [
    () => management.organizations.send(new ListAccountsCommand({})),
    () => management.iam.send(new ListOrganizationsFeaturesCommand({})),
    () => management.sts.send(new GetCallerIdentityCommand({})),
  ];
  sessions.forEach((clientsOfSession, index) => {
    const member = MEMBERS[index] ?? "";
    list.push(
      () =>
        management.sts.send(
          new AssumeRootCommand({
            TargetPrincipal: member,
            TaskPolicyArn: { arn: taskArn("IAMAuditRootUserCredentials") },
          }),
        ),
      () => clientsOfSession.iam.send(new GetAccountSummaryCommand({})),
      () => clientsOfSession.iam.send(new ListAccessKeysCommand({})),
    );
  });
  return list;
}

type Result = { calls: number; failures: number; seconds: number; perSecond: number; latencies: number[] };

async function drive(
  concurrency: number,
  durationMs: number,
  call: (index: number) => Promise<unknown>,
): Promise<Result> {
  const latencies: number[] = [];
  let calls = 0;
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const index = next++;
        const begin = performance.now();
        try {
          await call(index);
        } catch {
          failures += 1;
        }
        latencies.push(performance.now() - begin);
        calls += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { calls, failures, seconds, perSecond: calls / seconds, latencies };
}

async function replayRequests(url: string, recorded: Recorded[]): Promise<Result> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let failures = 0;
  const send = (item: Recorded) =>
    new Promise<void>((resolve, reject) => {
      const outgoing = request(
        { host: hostname, port, method: item.method, path: item.path, headers: item.headers, agent },
        (response) => {
          if ((response.statusCode ?? 500) >= 500) failures += 1;
          response.resume();
          response.on("end", resolve);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(item.body);
    });
  const result = await drive(CONCURRENCY, DURATION_MS, (index) => {
    const item = recorded[index % recorded.length];
    return item ? send(item) : Promise.resolve();
  });
  agent.destroy();
  return { ...result, failures: result.failures + failures };
}

function report(result: Result): void {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const percentile = (p: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(1);
  console.log(
    `  ${result.calls.toLocaleString("en")} calls in ${result.seconds.toFixed(1)} s = ${Math.round(result.perSecond).toLocaleString("en")} calls/s ` +
      `(failures ${result.failures}; latency p50 ${percentile(0.5)} ms, p99 ${percentile(0.99)} ms)`,
  );
}

await main();
