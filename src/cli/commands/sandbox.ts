import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { CALLER_ACCOUNT_ALIASES, type CallerSpec, callerIssues } from "../../sandbox/callers.js";
import { parseRateLimit } from "../../sandbox/faults.js";
import type { Sandbox, SandboxOptions } from "../../sandbox/index.js";
import { ExitCode, RootwardError } from "../errors.js";
import type { CliIo } from "../io.js";

export type SandboxCommandOptions = {
  fixture?: string;
  accounts?: number;
  scps?: number;
  host: string;
  port: number;
  latencyMs?: number;
  rateLimit?: string[];
  errorRate?: number;
  throttleRate?: number;
  dropRate?: number;
  seed?: number;
  pageSize?: number;
  /** `NAME[@ACCOUNT]=POLICY.json`, repeatable; several files for one name are all its policies. */
  caller?: string[];
};

/** `rootward sandbox`: the emulated organization as a foreground server. */
export function addSandboxCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("sandbox")
    .description(
      "Serve an emulated AWS organization on 127.0.0.1 for rehearsals, demos and tests (no AWS account needed)",
    )
    .addOption(
      new Option(
        "--fixture <file>",
        "organization fixture (YAML); default: the built-in Acme example org",
      ).conflicts("accounts"),
    )
    .addOption(
      new Option("--accounts <n>", "serve a generated organization with N member accounts").argParser(
        count("--accounts", 0),
      ),
    )
    .addOption(
      new Option("--scps <n>", "with --accounts: how many SCPs the generated organization has (default 12)")
        .argParser(count("--scps", 0))
        .conflicts("fixture"),
    )
    .option("--host <address>", "address to bind", "127.0.0.1")
    .addOption(
      new Option("--port <port>", "port (0 = any free port)")
        .default(0)
        .argParser(count("--port", 0, 65_535)),
    )
    .addOption(new Option("--latency-ms <ms>", "delay every AWS call").argParser(count("--latency-ms", 0)))
    .addOption(
      new Option(
        "--rate-limit <SERVICE=RPS>",
        "token-bucket limit, repeatable: iam=100, sts:AssumeRoot=50",
      ).argParser((value: string, previous: string[] | undefined) => {
        try {
          parseRateLimit(value);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
        return [...(previous ?? []), value];
      }),
    )
    .addOption(
      new Option("--error-rate <p>", "share of calls failing with HTTP 500 (0-1)").argParser(
        rate("--error-rate"),
      ),
    )
    .addOption(
      new Option(
        "--throttle-rate <p>",
        "share of calls answered with the service's throttling error (0-1)",
      ).argParser(rate("--throttle-rate")),
    )
    .addOption(
      new Option("--drop-rate <p>", "share of connections dropped without an answer (0-1)").argParser(
        rate("--drop-rate"),
      ),
    )
    .addOption(
      new Option("--seed <n>", "seed for issued keys, generated orgs and faults").argParser(
        count("--seed", 0),
      ),
    )
    .addOption(
      new Option("--page-size <n>", "cap list pages (forces clients to paginate)").argParser(
        count("--page-size", 1),
      ),
    )
    .addOption(
      new Option(
        "--caller <NAME[@ACCOUNT]=POLICY.json>",
        "a role-session caller whose calls are evaluated against this IAM policy, repeatable; ACCOUNT: 12 digits, management (default), delegated-admin or member",
      ).argParser((value: string, previous: string[] | undefined) => {
        parseCallerFlag(value);
        return [...(previous ?? []), value];
      }),
    )
    .addHelpText(
      "after",
      `
Prints the URL and the environment to paste (AWS_ENDPOINT_URL, AWS_REGION, static keys of the
management account), then serves until Ctrl-C. Any AWS SDK or the AWS CLI pointed at it sees
Organizations, STS (AssumeRoot), IAM, S3 and SQS. Inspect with GET /_sandbox/state and
GET /_sandbox/calls; start over with POST /_sandbox/reset. See src/sandbox/README.md.

Each --caller gets its own role-session keys (printed below the others); every call made with
them is allowed only if the policy allows it, and answered with AccessDenied naming the action
otherwise, as AWS does.

Examples:
  rootward sandbox
  rootward sandbox --port 4566 --page-size 2
  rootward sandbox --accounts 10000 --scps 200 --latency-ms 50 --rate-limit sts:AssumeRoot=50
  rootward iam-policy plan --account-id 999999999999 --document permissions > plan.json
  rootward sandbox --caller rootward-plan=plan.json`,
    )
    .action(async (options: SandboxCommandOptions) => setExit(await sandboxCommand(options, io)));
}

export async function sandboxCommand(
  options: SandboxCommandOptions,
  io: CliIo,
  untilStopped: (sandbox: Sandbox) => Promise<void> = () => untilInterrupted(io),
): Promise<number> {
  // Imported when the command runs, so other commands do not load the emulated organization.
  const { startSandbox } = await import("../../sandbox/start.js");
  const sandbox = await startSandbox(sandboxOptions(options, io)).catch((error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (
      code === "EADDRINUSE" ||
      code === "EACCES" ||
      code === "EADDRNOTAVAIL" ||
      code === "ENOTFOUND" ||
      code === "EAI_AGAIN"
    ) {
      throw new RootwardError(
        "SANDBOX_LISTEN",
        `cannot listen on ${options.host}:${options.port} (${String(code)})`,
        {
          hint:
            code === "ENOTFOUND" || code === "EAI_AGAIN"
              ? "pass --host an address of this machine, such as 127.0.0.1"
              : "pick another --port, or --port 0 for any free port",
          cause: error,
        },
      );
    }
    throw error;
  });
  try {
    io.stdout(describe(sandbox));
    await untilStopped(sandbox);
  } finally {
    await sandbox.stop();
  }
  io.stderr("rootward sandbox: stopped\n");
  return ExitCode.ok;
}

function sandboxOptions(options: SandboxCommandOptions, io: CliIo): SandboxOptions {
  const result: SandboxOptions = { host: options.host, port: options.port };
  if (options.fixture) result.fixture = { file: resolve(io.cwd, options.fixture) };
  if (options.accounts !== undefined) result.accounts = options.accounts;
  if (options.scps !== undefined) {
    if (options.accounts === undefined)
      throw new RootwardError("SANDBOX_OPTIONS", "--scps applies to a generated organization", {
        hint: "pass --accounts N too, e.g. rootward sandbox --accounts 2000 --scps 200",
      });
    result.scps = options.scps;
  }
  if (options.latencyMs !== undefined) result.latencyMs = options.latencyMs;
  if (options.errorRate !== undefined) result.errorRate = options.errorRate;
  if (options.dropRate !== undefined) result.dropRate = options.dropRate;
  if (options.throttleRate !== undefined) result.throttleRate = options.throttleRate;
  if (options.seed !== undefined) result.seed = options.seed;
  if (options.pageSize !== undefined) result.pageSize = options.pageSize;
  if (options.rateLimit) result.rateLimits = Object.fromEntries(options.rateLimit.map(parseRateLimit));
  if (options.caller) result.callers = loadCallers(options.caller, io);
  return result;
}

type CallerFlag = { name: string; accountId: string | undefined; file: string };

function parseCallerFlag(value: string): CallerFlag {
  const match = /^([^@=]+)(?:@([^=]+))?=(.+)$/.exec(value);
  if (!match?.[1] || !match[3]) {
    throw new InvalidArgumentError(
      `--caller ${value}: expected NAME=POLICY.json or NAME@ACCOUNT=POLICY.json (ACCOUNT: 12 digits, ${CALLER_ACCOUNT_ALIASES.join(", ")})`,
    );
  }
  return { name: match[1], accountId: match[2], file: match[3] };
}

/** Reads each policy file; a name given several times collects all its files as its policies. */
function loadCallers(flags: string[], io: CliIo): CallerSpec[] {
  const callers = new Map<string, CallerSpec & { policies: unknown[] }>();
  for (const flag of flags) {
    const { name, accountId, file } = parseCallerFlag(flag);
    const path = resolve(io.cwd, file);
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new RootwardError("SANDBOX_CALLER_POLICY", `--caller ${flag}: cannot read ${file} as JSON`, {
        hint: "write the policy with: rootward iam-policy plan|apply --account-id ID --document permissions > FILE",
        cause: error,
      });
    }
    const problem = callerIssues({ name, policies: [document] })[0];
    if (problem) {
      throw new RootwardError("SANDBOX_CALLER_POLICY", `--caller ${flag}: ${problem.message}`, {
        hint: "an IAM identity-based policy: { Version, Statement: [{ Effect, Action, Resource, Condition? }] }",
      });
    }
    const existing = callers.get(name);
    if (existing && existing.accountId !== accountId)
      throw new RootwardError("SANDBOX_CALLER_POLICY", `--caller ${name} is given two different accounts`);
    if (existing) existing.policies.push(document);
    else callers.set(name, { name, ...(accountId ? { accountId } : {}), policies: [document] });
  }
  return [...callers.values()];
}

function describe(sandbox: Sandbox): string {
  const state = sandbox.state();
  const env = sandbox.env();
  const { management, "delegated-admin": delegated, member } = sandbox.credentials;
  const lines = [
    `rootward sandbox: organization ${state.organization.id} with ${state.accounts.length} accounts at ${sandbox.url}`,
    "",
    `Point the AWS SDK or CLI at it (as the management account ${management.accountId}):`,
    ...Object.entries(env).map(([name, value]) => `  export ${name}=${value}`),
    "  unset AWS_SESSION_TOKEN AWS_PROFILE",
    "",
    "Other callers:",
    delegated.accountId
      ? `  IAM delegated admin ${delegated.accountId}: AWS_ACCESS_KEY_ID=${delegated.accessKeyId} AWS_SECRET_ACCESS_KEY=${delegated.secretAccessKey}`
      : "  (no IAM delegated administrator in this organization)",
    member.accountId
      ? `  plain member ${member.accountId}: AWS_ACCESS_KEY_ID=${member.accessKeyId} AWS_SECRET_ACCESS_KEY=${member.secretAccessKey}`
      : "  (no member account for the member key)",
    "",
    ...describeCallers(sandbox),
    `Inspect: curl ${sandbox.url}/_sandbox/state   curl ${sandbox.url}/_sandbox/calls`,
    `Reset:   curl -X POST ${sandbox.url}/_sandbox/reset`,
    "Press Ctrl-C to stop.",
    "",
  ];
  return lines.join("\n");
}

/** The export lines of each configured caller (indented deeper than the main block's). */
function describeCallers(sandbox: Sandbox): string[] {
  if (sandbox.callerNames.length === 0) return [];
  const lines = ["Callers evaluated against their IAM policies:"];
  for (const name of sandbox.callerNames) {
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = sandbox.env(name);
    lines.push(
      `  ${name} (account ${sandbox.credentials[name]?.accountId ?? "?"}):`,
      `    export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}`,
      `    export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}`,
      `    export AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}`,
    );
  }
  return [...lines, ""];
}

function untilInterrupted(io: CliIo): Promise<void> {
  return new Promise((resolvePromise) => {
    const release = io.onInterrupt(() => {
      release();
      resolvePromise();
    });
  });
}

function count(flag: string, minimum: number, maximum = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < minimum || parsed > maximum) {
      throw new InvalidArgumentError(
        maximum === Number.MAX_SAFE_INTEGER
          ? `${flag} must be a whole number of at least ${minimum}`
          : `${flag} must be a whole number from ${minimum} to ${maximum}`,
      );
    }
    return parsed;
  };
}

function rate(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!(parsed >= 0 && parsed <= 1)) throw new InvalidArgumentError(`${flag} must be between 0 and 1`);
    return parsed;
  };
}
