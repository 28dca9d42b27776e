import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = join(import.meta.dirname, "../..");

/**
 * `rootward … | true` in bash: `true` exits at once, so every write of the real CLI process meets
 * a closed pipe (EPIPE); PIPESTATUS gives rootward's own exit code.
 */
function intoClosedPipe(args: string[]): { code: string; stderr: string } {
  const cli = [
    process.execPath,
    "--import",
    import.meta.resolve("tsx"),
    join(REPO, "src/cli/main.ts"),
    ...args,
  ]
    .map((part) => `'${part}'`)
    .join(" ");
  const result = spawnSync("bash", ["-c", `${cli} | true; echo "exit=\${PIPESTATUS[0]}" >&2`], {
    encoding: "utf8",
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const lines = result.stderr.trimEnd().split("\n");
  return { code: lines.at(-1) ?? "", stderr: lines.slice(0, -1).join("\n") };
}

describe("output into a pipe whose reader has gone (rootward … | head)", { timeout: 60_000 }, () => {
  it.each([
    [["schema"]],
    [["--help"]],
    [["validate", "--desired-state", join(REPO, "desired-state"), "--format", "json"]],
  ])("%j exits with its own code and prints no stack trace", (args) => {
    const run = intoClosedPipe(args);

    expect(run.stderr).toBe("");
    expect(run.code).toBe("exit=0");
  });
});
