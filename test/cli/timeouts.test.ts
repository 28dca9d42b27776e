import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import type { DoctorReport } from "../../src/doctor/model.js";
import { renderPlanJson } from "../../src/report/plan-json.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { driftPlan } from "../support/gitops-plans.js";
import { silentServers } from "../support/silent-server.js";

const listen = silentServers();

/** Static keys and a region, as the sandbox's exports set them, but pointed at `endpoint`. */
function awsEnv(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIASANDBOXMANAGEMNT",
    AWS_SECRET_ACCESS_KEY: "SANDBOXmanagementSecretAccessKey00000000",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

async function run(argv: string[], env: Record<string, string>, cwd = process.cwd()) {
  const captured = captureIo(cwd, NOW);
  const started = performance.now();
  const code = await runCli(argv, { ...captured.io, env });
  return {
    code,
    stdout: captured.stdout(),
    stderr: captured.stderr(),
    seconds: (performance.now() - started) / 1000,
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// With --timeout 0.5 an AWS call ends after 2 attempts of 0.5 s plus the SDK's backoff (< 0.1 s
// for the first retry); the bound leaves room for a loaded machine, not for a third attempt.
const BOUND_SECONDS = 2 * 0.5 + 1.5;

describe("an AWS endpoint that accepts connections and never answers", () => {
  it("audit ends after two attempts of --timeout with the endpoint named, exit 1", async () => {
    const server = await listen("silent");

    const result = await run(["audit", "--quiet", "--timeout", "0.5"], awsEnv(server.url));

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^Error: no answer from ${server.url.replace(/\./g, "\\.")} \\(AWS_ENDPOINT_URL\\) within 0\\.5 s, 2 attempts of \\w+:\\w+: is the endpoint up\\?\\n  hint: check that something serves AWS_ENDPOINT_URL .*Each AWS call gets 2 attempts of 0\\.5 s; a slow endpoint needs a longer --timeout SECONDS`,
      ),
    );
    expect(result.stderr).not.toContain("Internal error");
    expect(result.seconds).toBeLessThan(BOUND_SECONDS);
  });

  it("doctor reports the endpoint, not the credentials, after exactly two attempts (ROOTWARD_HTTP_TIMEOUT)", async () => {
    const server = await listen("silent");

    const result = await run(
      ["doctor", "--format", "json"],
      awsEnv(server.url, { ROOTWARD_HTTP_TIMEOUT: "0.5" }),
    );

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["sts-endpoint", "ok"],
      ["endpoint", "failure"],
    ]);
    expect(report.checks[1]).toMatchObject({
      title: "AWS endpoint answers",
      detail: `no answer from ${server.url} (AWS_ENDPOINT_URL) within 0.5 s, 2 attempts of sts:GetCallerIdentity: is the endpoint up?`,
    });
    expect(report.checks[1]?.fix).not.toMatch(/credentials/);
    // doctor allows 3 attempts per call; timeouts stop at 2, and nothing is called after.
    expect(server.requests()).toBe(2);
    expect(result.seconds).toBeLessThan(BOUND_SECONDS);
  });

  it("a response that stalls after its headers ends the same way", async () => {
    const server = await listen("stall");

    const result = await run(["audit", "--quiet", "--timeout", "0.5"], awsEnv(server.url));

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: no answer from http:\/\/127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL\) within 0\.5 s/,
    );
    expect(result.seconds).toBeLessThan(BOUND_SECONDS);
  });

  it("refuses a timeout that is not a number of seconds, before any call", async () => {
    const server = await listen("silent");

    const flag = await run(["audit", "--timeout", "soon"], awsEnv(server.url));
    const variable = await run(["audit"], awsEnv(server.url, { ROOTWARD_HTTP_TIMEOUT: "0" }));

    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("--timeout must be a number of seconds greater than 0");
    expect(variable.code).toBe(1);
    expect(variable.stderr).toMatch(
      /^Error: ROOTWARD_HTTP_TIMEOUT=0 is not a number of seconds greater than 0/,
    );
    expect(server.requests()).toBe(0);
  });
});

describe("a GitHub API that does not answer", () => {
  it.each(["silent", "stall"] as const)(
    "pr-comment (%s) ends after one --timeout, naming GITHUB_API_URL, exit 1",
    async (mode) => {
      const server = await listen(mode);
      const dir = mkdtempSync(join(tmpdir(), "rootward-timeout-"));
      dirs.push(dir);
      writeFileSync(join(dir, "plan.json"), renderPlanJson(driftPlan("drift")));

      const result = await run(
        ["pr-comment", "--plan", "plan.json", "--pr", "7", "--timeout", "0.5"],
        { GITHUB_TOKEN: "ghs_test", GITHUB_REPOSITORY: "acme/root-access", GITHUB_API_URL: server.url },
        dir,
      );

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^Error: no answer from http:\/\/127\.0\.0\.1:\d+ \(GITHUB_API_URL\) within 0\.5 s: is GitHub reachable\?\n {2}hint: check GITHUB_API_URL/,
      );
      // Not retried: a request that reached GitHub may have posted the comment already.
      expect(server.requests()).toBe(1);
      expect(result.seconds).toBeLessThan(0.5 + 1.5);
    },
  );
});
