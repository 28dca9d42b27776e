import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { describe, expect, it } from "vitest";
import { sandboxCommand } from "../../src/cli/commands/sandbox.js";
import { runCli } from "../../src/cli/program.js";
import { captureIo } from "../support/capture-io.js";

const NOW = new Date("2026-11-22T12:00:00Z");

/** The `export NAME=value` lines the command prints for users to paste. */
function exported(stdout: string): Record<string, string> {
  return Object.fromEntries(
    [...stdout.matchAll(/^ {2}export (\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
  );
}

describe("rootward sandbox", () => {
  it("prints the environment to paste; an SDK client configured from it lists the example org", async () => {
    const captured = captureIo(process.cwd(), NOW);
    let listed = 0;
    const code = await sandboxCommand({ host: "127.0.0.1", port: 0, pageSize: 5 }, captured.io, async () => {
      const env = exported(captured.stdout());
      const client = new OrganizationsClient({
        endpoint: env.AWS_ENDPOINT_URL,
        region: env.AWS_REGION,
        credentials: {
          accessKeyId: env.AWS_ACCESS_KEY_ID ?? "",
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "",
        },
      });
      for await (const page of paginateListAccounts({ client }, {})) listed += page.Accounts?.length ?? 0;
    });
    expect(code).toBe(0);
    expect(listed).toBe(37);
    expect(captured.stdout()).toMatch(
      /organization o-acme1234567 with 37 accounts at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(Object.keys(exported(captured.stdout()))).toEqual([
      "AWS_ENDPOINT_URL",
      "AWS_REGION",
      "AWS_DEFAULT_REGION",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
    ]);
    expect(captured.stdout()).toContain("IAM delegated admin 333333333334");
  });

  it("serves a generated organization and a fixture file", async () => {
    const generated = captureIo(process.cwd(), NOW);
    await sandboxCommand({ host: "127.0.0.1", port: 0, accounts: 250 }, generated.io, async () => {});
    expect(generated.stdout()).toContain("with 251 accounts");
    const parsed = captureIo(process.cwd(), NOW);
    const argv = [
      "sandbox",
      "--accounts",
      "10",
      "--latency-ms",
      "5",
      "--rate-limit",
      "sts:AssumeRoot=50",
      "--throttle-rate",
      "0.1",
    ];
    const interrupted = runCli(
      [...argv, "--error-rate", "0.1", "--drop-rate", "0", "--seed", "3", "--page-size", "2"],
      {
        ...parsed.io,
        onInterrupt: (handler) => {
          setTimeout(handler, 10);
          return () => {};
        },
      },
    );
    expect(await interrupted).toBe(0);
    expect(parsed.stdout()).toContain("with 11 accounts");
    const fixture = captureIo(process.cwd(), NOW);
    await sandboxCommand(
      { host: "127.0.0.1", port: 0, fixture: "test/fixtures/sandbox/minimal.yaml" },
      fixture.io,
      async () => {},
    );
    expect(fixture.stdout()).toContain("organization o-minimal0001 with 2 accounts");
    expect(fixture.stdout()).toContain("(no IAM delegated administrator in this organization)");
  });

  it("reports bad options and bad fixtures as user errors", async () => {
    const badRate = captureIo(process.cwd(), NOW);
    expect(await runCli(["sandbox", "--rate-limit", "iam:fast"], badRate.io)).toBe(1);
    expect(badRate.stderr()).toMatch(/--rate-limit iam:fast: expected SERVICE=RPS/);
    const badFixture = captureIo(process.cwd(), NOW);
    expect(await runCli(["sandbox", "--fixture", "test/fixtures/sandbox/invalid.yaml"], badFixture.io)).toBe(
      1,
    );
    expect(badFixture.stderr()).toMatch(/^Error: sandbox fixture .*invalid\.yaml is invalid:/);
    expect(badFixture.stderr()).toContain("hint:");
  });
});
