import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ListAccountsCommand, ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRootCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { sandboxCommand } from "../../src/cli/commands/sandbox.js";
import { runCli } from "../../src/cli/program.js";
import { type RootTask, taskArn } from "../../src/sandbox/index.js";
import { captureIo } from "../support/capture-io.js";
import { tempDirs } from "../support/sandbox-cli.js";
import { expectAwsError } from "./helpers.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const temp = tempDirs();

/** The `    export NAME=value` lines printed under one caller's heading. */
function callerExports(stdout: string, name: string): Record<string, string> {
  const block = stdout.slice(stdout.indexOf(`\n  ${name} (account `));
  const lines = block.split("\n").slice(2, 5);
  return Object.fromEntries(lines.map((line) => /^ {4}export (\w+)=(\S+)$/.exec(line)?.slice(1) ?? []));
}

function credentialsOf(env: Record<string, string>) {
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? "",
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "",
    sessionToken: env.AWS_SESSION_TOKEN ?? "",
  };
}

describe("rootward sandbox --caller", () => {
  it("prints each caller's export lines; an SDK client using them is held to the caller's policy", async () => {
    const dir = temp();
    const policy = join(dir, "plan.json");
    writeFileSync(
      policy,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "organizations:ListRoots", Resource: "*" }],
      }),
    );
    const captured = captureIo(dir, NOW);
    const code = await sandboxCommand(
      { host: "127.0.0.1", port: 0, caller: ["rootward-plan@delegated-admin=plan.json"] },
      captured.io,
      async () => {
        const stdout = captured.stdout();
        expect(stdout).toContain(
          "Callers evaluated against their IAM policies:\n  rootward-plan (account 333333333334):",
        );
        const env = callerExports(stdout, "rootward-plan");
        expect(Object.keys(env)).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
        const endpoint = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
        const client = new OrganizationsClient({
          endpoint,
          region: "us-east-1",
          credentials: credentialsOf(env),
          maxAttempts: 1,
        });
        await client.send(new ListRootsCommand({}));
        await expectAwsError(
          client.send(new ListAccountsCommand({})),
          "AccessDeniedException",
          /assumed-role\/rootward-plan\/sandbox is not authorized to perform: organizations:ListAccounts/,
        );
      },
    );
    expect(code).toBe(0);
  });

  it("serves the callers a fixture declares", async () => {
    const captured = captureIo(process.cwd(), NOW);
    await sandboxCommand(
      { host: "127.0.0.1", port: 0, fixture: "test/fixtures/sandbox/callers.yaml" },
      captured.io,
      async () => {
        const stdout = captured.stdout();
        const endpoint = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
        const sts = (name: string) =>
          new STSClient({
            endpoint,
            region: "us-east-1",
            credentials: credentialsOf(callerExports(stdout, name)),
            maxAttempts: 1,
          });
        const assume = (task: RootTask) =>
          new AssumeRootCommand({ TargetPrincipal: "100000000002", TaskPolicyArn: { arn: taskArn(task) } });
        await sts("auditor").send(assume("IAMAuditRootUserCredentials"));
        await expectAwsError(
          sts("auditor").send(assume("IAMDeleteRootUserCredentials")),
          "AccessDenied",
          /sts:AssumeRoot action$/,
        );
        await sts("operator").send(assume("IAMDeleteRootUserCredentials"));
      },
    );
  });

  it("reports a malformed flag, an unreadable file and a policy IAM would refuse as user errors", async () => {
    const dir = temp();
    writeFileSync(
      join(dir, "principal.json"),
      JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Principal: "*" }] }),
    );
    const malformed = captureIo(dir, NOW);
    expect(await runCli(["sandbox", "--caller", "plan"], malformed.io)).toBe(1);
    expect(malformed.stderr()).toMatch(
      /--caller plan: expected NAME=POLICY\.json or NAME@ACCOUNT=POLICY\.json/,
    );
    const missing = captureIo(dir, NOW);
    expect(await runCli(["sandbox", "--caller", "plan=missing.json"], missing.io)).toBe(1);
    expect(missing.stderr()).toMatch(/--caller plan=missing\.json: cannot read missing\.json as JSON/);
    expect(missing.stderr()).toContain("hint: write the policy with: rootward iam-policy");
    const refused = captureIo(dir, NOW);
    expect(await runCli(["sandbox", "--caller", "plan=principal.json"], refused.io)).toBe(1);
    expect(refused.stderr()).toMatch(/--caller plan=principal\.json: Statement\[0\] has a Principal/);
  });
});
