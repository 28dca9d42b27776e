import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { policyYaml } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";

const REPO = join(import.meta.dirname, "../..");
const NOW = new Date("2026-11-22T12:00:00Z");

const scratch: string[] = [];
afterEach(() => {
  for (const directory of scratch.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Writes `files` under <tmp>/desired-state and runs `rootward validate` there with a fixed clock. */
async function validate(files: Record<string, string>, ...extra: string[]) {
  const root = mkdtempSync(join(tmpdir(), "rootward-validate-"));
  scratch.push(root);
  for (const [path, text] of Object.entries(files)) {
    const target = join(root, "desired-state", path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  const captured = captureIo(root, NOW);
  const code = await runCli(["validate", "--desired-state", "desired-state", ...extra], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function exception(name: string, expires: string): string {
  return [
    `  - name: ${name}`,
    `    names: ["${name}-*"]`,
    "    password: allowed",
    "    reason: Testing expiry",
    "    owner: ops@example.com",
    `    expires: ${expires}`,
  ].join("\n");
}

describe("rootward validate", () => {
  it("passes on the example desired state", async () => {
    const captured = captureIo(REPO, NOW);
    const code = await runCli(["validate", "--desired-state", "desired-state"], captured.io);
    expect(captured.stderr()).toBe("");
    expect(captured.stdout()).toBe("desired-state: valid (3 files, 5 exceptions, 1 unmanaged entry)\n");
    expect(code).toBe(0);
  });

  it("warns, and exits 0, for exceptions that expired or expire within 14 days", async () => {
    const result = await validate({
      "policy.yaml": policyYaml({
        exceptions: [
          exception("ended-yesterday", "2026-11-21"),
          exception("ends-today", "2026-11-22"),
          exception("ends-in-14-days", "2026-12-05"),
          exception("ends-in-15-days", "2026-12-06"),
        ].join("\n"),
      }),
    });
    expect(result.stdout).toBe(
      [
        "desired-state/policy.yaml:21:14  exceptions[0].expires  warning: exception `ended-yesterday` expired after 2026-11-21 and no longer applies; its accounts fall back to the baseline",
        "    hint: remove the exception, or extend `expires` through a reviewed change",
        "desired-state/policy.yaml:27:14  exceptions[1].expires  warning: exception `ends-today` expires after 2026-11-22 (1 day left)",
        "    hint: extend `expires` if the accounts still need root credentials",
        "desired-state/policy.yaml:33:14  exceptions[2].expires  warning: exception `ends-in-14-days` expires after 2026-12-05 (14 days left)",
        "    hint: extend `expires` if the accounts still need root credentials",
        "desired-state: valid (1 file, 4 exceptions, 0 unmanaged entries; 3 warnings)",
        "",
      ].join("\n"),
    );
    expect(result.code).toBe(0);
  });

  it("warns when an exception sets no credential kind, since its accounts just get the baseline", async () => {
    const policy = policyYaml({
      exceptions:
        '  - name: no-op\n    accounts: ["111111111111"]\n    reason: Forgot the kinds\n    owner: ops@example.com',
    });
    const result = await validate({ "policy.yaml": policy });
    expect(result.stdout).toBe(
      [
        "desired-state/policy.yaml:16:11  exceptions[0].name  warning: exception `no-op` sets none of password, accessKeys, signingCertificates, mfa; its accounts get the baseline",
        "    hint: say which credential kinds these accounts may hold, e.g. `password: present`",
        "desired-state: valid (1 file, 1 exception, 0 unmanaged entries; 1 warning)",
        "",
      ].join("\n"),
    );
    expect(result.code).toBe(0);
  });

  it("prints problems as JSON with --format json", async () => {
    const result = await validate(
      { "policy.yaml": policyYaml({ exceptions: exception("billing", "31/03/2027") }) },
      "--format",
      "json",
    );
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      directory: "desired-state",
      files: 1,
      exceptions: 0,
      unmanaged: 0,
      problems: [
        {
          severity: "error",
          code: "invalid-date",
          file: "desired-state/policy.yaml",
          line: 21,
          col: 14,
          path: "exceptions[0].expires",
          message: '"31/03/2027" is not a date in the form YYYY-MM-DD',
          hint: "write the last day the exception applies, e.g. 2027-03-31",
        },
      ],
    });
    expect(result.code).toBe(1);
  });

  it("reports a valid state with warnings as valid JSON", async () => {
    const result = await validate(
      { "policy.yaml": policyYaml({ exceptions: exception("billing", "2026-11-21") }) },
      "--format",
      "json",
    );
    const report = JSON.parse(result.stdout) as { valid: boolean; problems: { severity: string }[] };
    expect(report.valid).toBe(true);
    expect(report.problems.map((problem) => problem.severity)).toEqual(["warning"]);
    expect(result.code).toBe(0);
  });

  it("prints escaped GitHub annotations with --format github", async () => {
    const policy = policyYaml({ exceptions: exception("billing", "2026-11-21") }).replace(
      "baseline:\n",
      'baseline:\n  "50%,\\r\\nof it": absent\n',
    );
    const result = await validate({ "team,a:b.yaml": policy }, "--format", "github");
    expect(result.stdout).toBe(
      [
        // Properties also escape ":" and ","; the message keeps "," but not the raw CR/LF.
        '::error file=desired-state/team%2Ca%3Ab.yaml,line=11,col=3,title=rootward%3A baseline["50%25%2C\\r\\nof it"]::unknown field `50%25,%0D%0Aof it` (hint: known fields here: password, accessKeys, signingCertificates, mfa)',
        "",
      ].join("\n"),
    );
    expect(result.code).toBe(1);
  });

  it("prints warnings as GitHub warning annotations", async () => {
    const result = await validate(
      { "policy.yaml": policyYaml({ exceptions: exception("billing", "2026-11-21") }) },
      "--format",
      "github",
    );
    expect(result.stdout).toBe(
      "::warning file=desired-state/policy.yaml,line=21,col=14,title=rootward%3A exceptions[0].expires::exception `billing` expired after 2026-11-21 and no longer applies; its accounts fall back to the baseline (hint: remove the exception, or extend `expires` through a reviewed change)\n",
    );
    expect(result.code).toBe(0);
  });
});
