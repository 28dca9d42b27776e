import { spawn } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");
const CLEAR_LINE = "\r\u001b[2K";

function checkout(): string {
  const cwd = temp();
  cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });
  return cwd;
}

/**
 * `rootward ARGS` on a real pseudo-terminal (util-linux `script`), from `cwd`; `redirect` is a
 * shell redirection of stdout (so stdout is a file while stderr stays the terminal).
 */
function onTerminal(
  sandbox: Sandbox,
  args: string[],
  cwd: string,
  redirect = "",
): Promise<{ code: number | null; output: string }> {
  const cli = join(REPO, "src/cli/main.ts");
  const command = `${[process.execPath, "--import", import.meta.resolve("tsx"), cli, ...args].map((part) => `'${part}'`).join(" ")} ${redirect}`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
      cwd,
      env: { ...process.env, ...sandbox.env(), NO_COLOR: "1", TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => {
      child.stdin.destroy();
      resolve({ code, output });
    });
  });
}

describe("apply streams one line per account as it finishes", { timeout: 60_000 }, () => {
  it("without a terminal: a plain line per account with its elapsed time; the final report stays on stdout", async () => {
    const sandbox = await start();

    const cwd = checkout();
    await runAgainst(sandbox, ["plan", "--quiet", "--out", "plan.json"], { cwd });

    const streamed = await runAgainst(sandbox, ["apply", "plan.json", "--format", "json"], { cwd });

    expect(streamed.code).toBe(0);
    const report = JSON.parse(streamed.stdout) as { accounts: { accountId: string }[] };
    const lines = streamed.stderr.split("\n").filter((line) => line.startsWith("["));
    expect(lines).toHaveLength(report.accounts.length);
    lines.forEach((line, index) => {
      expect(line).toMatch(
        new RegExp(
          `^\\[${index + 1}/${report.accounts.length}\\] \\d{12} \\S+: applied, (\\d+)/\\1 actions done after \\d+\\.\\ds$`,
        ),
      );
    });
    expect(lines.map((line) => line.split(" ")[1]).sort()).toEqual(
      report.accounts.map((account) => account.accountId),
    );
  });

  it("--quiet: no progress at all", async () => {
    const sandbox = await start();

    const quiet = await runAgainst(sandbox, ["apply", "--auto-approve", "--quiet"], { cwd: checkout() });

    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
  });

  it("on a terminal: the same lines, with a bar redrawn below them", async () => {
    const sandbox = await start();

    const run = await onTerminal(sandbox, ["apply", "--auto-approve"], checkout());

    expect(run.code).toBe(0);
    expect(run.output).toContain(`${CLEAR_LINE}apply [`);
    expect(run.output).toMatch(/\[7\/7\] \d{12} \S+: applied, \d+\/\d+ actions done after \d+\.\ds\r?\n/);
    expect(run.output).toMatch(/apply \[#{24}\] 7\/7 accounts, \d+\.\ds\r?\n/);
    expect(run.output).toContain("Apply: 17/17 account actions done");
  });
});

describe("audit progress follows whether stderr is a terminal", { timeout: 60_000 }, () => {
  it("audit --format json > a.json on a terminal: the bar on the terminal, only JSON in the file", async () => {
    const sandbox = await start({ latencyMs: 20 });
    const cwd = temp();

    const run = await onTerminal(
      sandbox,
      ["audit", "--format", "json", "--concurrency", "2"],
      cwd,
      "> a.json",
    );

    expect(run.code).toBe(0);
    expect(run.output).toContain(`${CLEAR_LINE}audit [`);
    // The first line says what is going on, not "1 (1 discovered) accounts".
    const first = run.output.split(CLEAR_LINE).find((part) => part.startsWith("audit"));
    expect(first).toMatch(
      /^audit(: discovering the organization, \d+ accounts found, \d+ audited, \d+s| \[[#.]{24}\] \d+\/37)/,
    );
    const snapshot = JSON.parse(readFileSync(join(cwd, "a.json"), "utf8")) as AuditSnapshot;
    expect(snapshot.accounts).toHaveLength(37);
    expect(snapshot.incomplete).toBeUndefined();
  });
});
