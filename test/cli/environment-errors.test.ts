import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";
import { closedPort } from "../support/silent-server.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

/** A working directory with the example desired state and a plan of the example org in it. */
async function workspace(sandbox: Sandbox): Promise<string> {
  const dir = temp();
  cpSync(join(REPO, "desired-state"), join(dir, "desired-state"), { recursive: true });
  const planned = await runAgainst(sandbox, ["plan", "--quiet", "--out", "plan.json"], { cwd: dir });
  expect(planned.code).toBe(0);
  return dir;
}

async function run(argv: string[], env: Record<string, string | undefined>, cwd = REPO) {
  const captured = captureIo(cwd, NOW);
  const code = await runCli(argv, { ...captured.io, env });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

/** The sandbox's exports without the region: as if the user never configured one. */
function withoutRegion(sandbox: Sandbox, extra: Record<string, string>): Record<string, string | undefined> {
  return { ...sandbox.env(), AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined, ...extra };
}

/** The real CLI in a process of its own, with exactly `env`: nothing from this machine's AWS setup. */
function cliInChild(
  argv: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...argv], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

const BUG = "This is a bug in rootward";

describe("environment problems are reported as such, never as a bug", () => {
  it("apply without network: names the endpoint, and leaves no journal behind", async () => {
    const dir = await workspace(await start());
    const port = await closedPort();

    const result = await run(
      ["apply", "plan.json"],
      {
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIASANDBOXMANAGEMNT",
        AWS_SECRET_ACCESS_KEY: "SANDBOXmanagementSecretAccessKey00000000",
      },
      dir,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^Error: cannot reach http://127\\.0\\.0\\.1:${port} \\(AWS_ENDPOINT_URL\\) for \\w+:\\w+: connection refused \\(ECONNREFUSED\\) after \\d+ attempts\\n  hint: nothing listens at AWS_ENDPOINT_URL`,
      ),
    );
    expect(result.stderr).not.toContain(BUG);
    expect(existsSync(join(dir, ".rootward"))).toBe(false);
  });

  it("apply reaching another organization is refused before anything is journalled", async () => {
    const dir = await workspace(await start());
    const other = await start({ fixture: { file: "test/fixtures/sandbox/minimal.yaml" } });

    const result = await runAgainst(other, ["apply", "plan.json"], { cwd: dir });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: refusing to apply: the credentials reach organization o-\w+, the plan is for o-acme1234567/,
    );
    expect(existsSync(join(dir, ".rootward"))).toBe(false);
    expect(other.calls().some((call) => call.operation === "AssumeRoot")).toBe(false);
  });

  it("apply without any credentials says so (a process with no AWS configuration at all)", async () => {
    const sandbox = await start();
    const dir = await workspace(sandbox);
    const empty = join(dir, "empty");
    writeFileSync(empty, "");

    const result = await cliInChild(
      [
        "apply",
        join(dir, "plan.json"),
        "--desired-state",
        join(dir, "desired-state"),
        "--journal",
        join(dir, "j.jsonl"),
      ],
      {
        HOME: dir,
        AWS_ENDPOINT_URL: sandbox.url,
        AWS_REGION: "us-east-1",
        AWS_CONFIG_FILE: empty,
        AWS_SHARED_CREDENTIALS_FILE: empty,
        // No instance metadata service to wait for on a laptop or CI runner.
        AWS_EC2_METADATA_DISABLED: "true",
      },
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: no AWS credentials found: Could not load credentials from any providers\n {2}hint: set AWS_PROFILE/,
    );
    expect(result.stderr).not.toContain(BUG);
    expect(existsSync(join(dir, "j.jsonl"))).toBe(false);
  }, 60_000);

  it("an unknown profile is named, like the AWS CLI does, before any call", async () => {
    const sandbox = await start();
    const dir = temp();
    writeFileSync(
      join(dir, "config"),
      "[profile org-admin]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n",
    );

    const result = await run(
      ["audit", "--quiet"],
      withoutRegion(sandbox, {
        AWS_PROFILE: "org-admn",
        AWS_CONFIG_FILE: join(dir, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: The config profile (org-admn) could not be found\n  hint: AWS_PROFILE names a profile that is in neither ${join(dir, "config")} nor ${join(dir, "none")}; known profiles: org-admin\n`,
    );
    expect(sandbox.calls()).toEqual([]);
  });

  it.each([["audit", "--quiet"], ["doctor"], ["plan", "--quiet"]])(
    "no region anywhere: %s stops like the AWS CLI instead of guessing us-east-1",
    async (...argv) => {
      const sandbox = await start();
      const dir = temp();
      writeFileSync(join(dir, "config"), "[default]\noutput = json\n");

      const result = await run(
        argv,
        withoutRegion(sandbox, {
          AWS_CONFIG_FILE: join(dir, "config"),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
        }),
      );

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^Error: You must specify a region: no AWS region is configured\n {2}hint: export AWS_REGION=/,
      );
      expect(sandbox.calls()).toEqual([]);
    },
  );

  it("a profile's region is used when AWS_REGION is not set", async () => {
    const sandbox = await start();
    const dir = temp();
    writeFileSync(join(dir, "config"), `[profile org-admin]\nregion = ${sandbox.region}\n`);

    const result = await run(
      ["audit", "--quiet", "--format", "json"],
      withoutRegion(sandbox, { AWS_PROFILE: "org-admin", AWS_CONFIG_FILE: join(dir, "config") }),
    );

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ organization: { id: "o-acme1234567" } });
  });

  it("a profile holding both the region and the keys works end to end (the SDK's own chain, in its own process)", async () => {
    const sandbox = await start();
    const dir = temp();
    const { accessKeyId, secretAccessKey } = sandbox.credentials.management;
    writeFileSync(
      join(dir, "config"),
      `[profile org-admin]\nregion = ${sandbox.region}\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
    );

    const result = await cliInChild(["doctor", "--format", "json"], {
      HOME: dir,
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_PROFILE: "org-admin",
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
    });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(sandbox.calls().some((call) => call.operation === "AssumeRoot" && call.outcome === "ok")).toBe(
      true,
    );
  }, 60_000);

  it("--region sets the region for the run, like the AWS CLI's flag", async () => {
    const sandbox = await start();
    const dir = temp();
    writeFileSync(join(dir, "config"), "[default]\noutput = json\n");
    const env = withoutRegion(sandbox, {
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
    });

    const without = await run(["audit", "--quiet", "--format", "json"], env);
    const withFlag = await run(["audit", "--quiet", "--format", "json", "--region", sandbox.region], env);

    expect(without.stderr).toMatch(/^Error: You must specify a region/);
    expect(withFlag.stderr).toBe("");
    expect(withFlag.code).toBe(0);
    expect(JSON.parse(withFlag.stdout)).toMatchObject({ organization: { id: "o-acme1234567" } });
  });

  it("--profile names the profile for the run, and says so when it does not exist", async () => {
    const sandbox = await start();
    const dir = temp();
    writeFileSync(join(dir, "config"), `[profile org-admin]\nregion = ${sandbox.region}\n`);

    const result = await run(
      ["audit", "--quiet", "--profile", "org-admn"],
      withoutRegion(sandbox, {
        AWS_CONFIG_FILE: join(dir, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: The config profile \(org-admn\) could not be found\n {2}hint: .*known profiles: org-admin/,
    );
    expect(sandbox.calls()).toEqual([]);
  });

  it("--profile wins over static keys left in the environment, as the AWS CLI's flag does", async () => {
    const sandbox = await start();
    const dir = temp();
    const { accessKeyId, secretAccessKey } = sandbox.credentials.management;
    writeFileSync(
      join(dir, "config"),
      `[profile org-admin]\nregion = ${sandbox.region}\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`,
    );
    const env = {
      HOME: dir,
      AWS_ENDPOINT_URL: sandbox.url,
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
      AWS_EC2_METADATA_DISABLED: "true",
      // Keys of nobody the sandbox knows, left over in the shell.
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_REGION: sandbox.region,
    };

    const leftover = await cliInChild(["audit", "--quiet", "--out", join(dir, "a.json")], env);
    const named = await cliInChild(
      ["audit", "--quiet", "--profile", "org-admin", "--out", join(dir, "b.json")],
      env,
    );

    expect(leftover.code).toBe(1);
    expect(leftover.stderr).toContain("AWS did not accept the credentials");
    // The SDK's own chain also notices both sources and says it uses the profile.
    expect(named.stderr).not.toMatch(/^Error/m);
    expect(named.code).toBe(0);
  }, 60_000);

  it("AccessDenied names the principal and the action", async () => {
    const sandbox = await start({
      callers: [
        {
          name: "reader",
          policies: [
            {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }],
            },
          ],
        },
      ],
    });

    const result = await run(["audit", "--quiet"], sandbox.env("reader"));

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: access denied: arn:aws:sts::\d{12}:assumed-role\/\S+ may not call (organizations|iam):\w+ \(AccessDenied(Exception)?: User: /,
    );
    expect(result.stderr).toContain("hint: grant ");
    expect(result.stderr).not.toContain(BUG);
  });

  it("sandbox --port 99999 is a usage error", async () => {
    const result = await run(["sandbox", "--port", "99999"], {});

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--port must be a whole number from 0 to 65535");
    expect(result.stderr).not.toContain(BUG);
  });

  it("a file that is not there is named", async () => {
    const sandbox = await start();
    const dir = temp();

    const result = await runAgainst(sandbox, [
      "explain",
      "payments-prod",
      "--audit",
      join(dir, "audit.json"),
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: cannot open \S+audit\.json: no such file or directory \(ENOENT\)\n {2}hint: check the path/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
