import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import type { Sandbox } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";

const start = sandboxes();
const REPO = join(import.meta.dirname, "../..");
const PROMPT = "Do you want to apply this plan? Only 'yes' will be accepted:";

/**
 * `rootward apply` (no plan file) on a real pseudo-terminal: util-linux `script` gives the CLI a
 * terminal for stdin and stdout, so it plans, shows and asks as it does for a person. `answer`
 * is typed once the prompt appears.
 */
function applyOnTerminal(
  sandbox: Sandbox,
  args: string[],
  answer: string,
): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, "--import", "tsx", "src/cli/main.ts", "apply", ...args]
    .map((part) => `'${part}'`)
    .join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
      cwd: REPO,
      env: { ...process.env, ...sandbox.env(), NO_COLOR: "1", TERM: "dumb" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let answered = false;
    const collect = (chunk: string) => {
      output += chunk;
      if (!answered && output.includes(PROMPT)) {
        answered = true;
        child.stdin.write(`${answer}\n`);
      }
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    child.once("error", reject);
    child.once("close", (code) => {
      child.stdin.destroy();
      resolve({ code, output });
    });
  });
}

function deletes(sandbox: Sandbox): number {
  return sandbox.calls().filter((call) => /^(Delete|Deactivate)/.test(call.operation)).length;
}

describe("interactive apply runs every guard before it asks", () => {
  it("on a terminal, --max-actions refuses before the plan is shown or yes is asked for", async () => {
    const sandbox = await start();

    const run = await applyOnTerminal(sandbox, ["--max-actions", "1", "--quiet"], "yes");

    expect(run.code).toBe(1);
    // The terminal path, not the "needs a terminal" refusal.
    expect(run.output).toMatch(
      /Error: refusing to apply: the plan has \d+ per-account actions, more than --max-actions 1/,
    );
    expect(run.output).not.toContain(PROMPT);
    expect(run.output).not.toMatch(/^Plan: /m);
    expect(deletes(sandbox)).toBe(0);
  }, 60_000);

  it("on a terminal, a plan within the guards is shown and asked for; anything but yes cancels", async () => {
    const sandbox = await start();

    const run = await applyOnTerminal(sandbox, ["--quiet"], "no");

    expect(run.output).toMatch(/^Plan: \d+ accounts to change/m);
    expect(run.output).toContain(PROMPT);
    expect(run.output).toContain("Apply cancelled.");
    expect(run.code).toBe(1);
    expect(deletes(sandbox)).toBe(0);
  }, 60_000);

  it("with an injected terminal: confirm is never called for a refused plan", async () => {
    const sandbox = await start();
    const captured = captureIo(REPO, NOW);
    const questions: string[] = [];
    const io = {
      ...captured.io,
      env: sandbox.env(),
      isTty: true,
      confirm: async (question: string) => {
        questions.push(question);
        return true;
      },
    };

    const code = await runCli(["apply", "--max-actions", "2", "--quiet"], io);

    expect(code).toBe(1);
    expect(captured.stderr()).toMatch(
      /^Error: refusing to apply: the plan has \d+ per-account actions, more than --max-actions 2/,
    );
    expect(questions).toEqual([]);
    expect(captured.stdout()).toBe("");
    expect(deletes(sandbox)).toBe(0);
  });
});
