import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { tempDirs } from "../support/sandbox-cli.js";

const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

describe("rootward validate reports every problem across files in one pass", () => {
  it("a new exceptions file: its schema errors, duplicates with policy.yaml and placeholders together", async () => {
    const cwd = temp();
    cpSync(join(REPO, "desired-state"), join(cwd, "desired-state"), { recursive: true });
    writeFileSync(
      join(cwd, "desired-state", "exceptions", "new.yaml"),
      [
        "apiVersion: rootward/v1",
        "kind: RootAccessExceptions",
        "exceptions:",
        "  - name: billing-break-glass", // also in policy.yaml
        '    accounts: ["222222222222"]',
        "    password: allowed",
        "    reason: Security tooling bootstrap",
        "    owner: security@acme.example",
        "  - name: broken",
        '    accounts: ["333333333333"]',
        "    password: maybe", // schema error: the file does not parse as a whole
        "    reason: r",
        "    owner: o@acme.example",
        "  - name: second-billing",
        '    accounts: ["111111111111"]', // billing-break-glass in policy.yaml lists it
        "    password: allowed",
        '    reason: "TODO: why root sign-in is needed"',
        "    owner: ops@acme.example",
        "",
      ].join("\n"),
    );
    const captured = captureIo(cwd, NOW);

    const code = await runCli(["validate", "--format", "json"], captured.io);

    expect(code).toBe(1);
    const report = JSON.parse(captured.stdout()) as {
      problems: { severity: string; code: string; file: string; line: number; col: number; path: string }[];
    };
    const errors = report.problems
      .filter((problem) => problem.severity === "error")
      .map((problem) => `${problem.file}:${problem.line}:${problem.col} ${problem.code} ${problem.path}`);
    // Sorted by file, then position.
    expect(errors).toEqual([
      "desired-state/exceptions/new.yaml:11:15 invalid-value exceptions[1].password",
      "desired-state/exceptions/new.yaml:17:13 placeholder exceptions[2].reason",
      "desired-state/policy.yaml:30:11 duplicate-name exceptions[0].name",
      "desired-state/policy.yaml:31:16 duplicate-account exceptions[0].accounts[0]",
    ]);
  });
});
