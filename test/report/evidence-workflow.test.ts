import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../../src/cli/program.js";
import { PACK_FILES } from "../../src/evidence/pack.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";
import { TEMP, type Workflow } from "../support/workflow-check.js";

/** The shell array the step fills with `--previous DIR`, or leaves empty. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
const PREVIOUS_ARRAY = "${previous[@]}";

import { expand, workflowJobs } from "../support/workflow-commands.js";

const REPO = join(import.meta.dirname, "../..");
const tempDir = tempDirs();
let auditDir: string;
let auditFile: string;

beforeAll(async () => {
  const sandbox = await startSandbox();
  try {
    auditDir = mkdtempSync(join(tmpdir(), "rootward-audit-"));
    auditFile = join(auditDir, "audit.json");
    const run = await runAgainst(sandbox, [
      "audit",
      "--desired-state",
      join(REPO, "desired-state"),
      "--out",
      auditFile,
      "--quiet",
    ]);
    expect(run.code, run.stderr).toBe(0);
  } finally {
    await sandbox.stop();
  }
}, 60_000);

afterAll(() => rmSync(auditDir, { recursive: true, force: true }));

describe("drift.yml publishes the evidence pack", () => {
  const workflow = parse(
    readFileSync(join(REPO, ".github/workflows/reusable-drift.yml"), "utf8"),
  ) as Workflow;
  const job = workflow.jobs.evidence;

  it("from a job of its own: no AWS role, no write permission, the audit of the detect job", () => {
    expect(job?.permissions).toEqual({ contents: "read", actions: "read" });
    expect(job?.steps.some((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"))).toBe(
      false,
    );
    const upload = job?.steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    // One pack per organization: the matrix entry's name keeps them apart.
    const perOrganization = (name: string) => `${name}-\${{ matrix.organization.name }}`;
    expect(upload?.with).toMatchObject({ name: perOrganization("evidence"), path: `${TEMP}/evidence` });
    const audit = workflow.jobs.detect?.steps.find(
      (step) => step.with?.name === perOrganization("drift-audit"),
    );
    expect(audit?.with?.path).toBe(`${TEMP}/audit.json`);
    const download = job?.steps.find((step) => step.uses?.startsWith("actions/download-artifact@"));
    expect(download?.with?.name).toBe(perOrganization("drift-audit"));
    const previous = job?.steps.find((step) => step.name === "Previous evidence pack")?.run ?? "";
    expect(previous).toContain('--name "evidence-$ORGANIZATION"');
  });

  it("runs the step's rootward command as written: first without history, then with the previous pack", async () => {
    const evidence = workflowJobs("reusable-drift.yml").find((entry) => entry.job === "evidence");
    expect(evidence?.role).toBeUndefined();
    expect(evidence?.invocations).toHaveLength(1);
    const words = evidence?.invocations[0]?.words ?? [];
    expect(words.join(" ")).toContain(
      "report --desired-state $DIRECTORY --audit $RUNNER_TEMP/audit.json --out $RUNNER_TEMP/evidence",
    );
    // The shell's part: the pipe to the job summary, and the array holding `--previous DIR` or nothing.
    const command = words.slice(0, words.indexOf("|"));
    const run = async (runnerTemp: string, previous: string[]) => {
      const argv = command.flatMap((word) =>
        word === PREVIOUS_ARRAY
          ? previous
          : [expand(word, { RUNNER_TEMP: runnerTemp, DIRECTORY: "desired-state" })],
      );
      const captured = captureIo(REPO, NOW);
      const code = await runCli(argv, { ...captured.io, env: {} });
      expect(code, captured.stderr()).toBe(0);
      return captured.stdout();
    };
    const yesterday = tempDir();
    copyFileSync(auditFile, join(yesterday, "audit.json"));
    await run(yesterday, []);
    expect(readdirSync(join(yesterday, "evidence")).sort()).toEqual([...PACK_FILES].sort());

    const today = tempDir();
    copyFileSync(auditFile, join(today, "audit.json"));
    mkdirSync(join(today, "previous-evidence"));
    cpSync(join(yesterday, "evidence"), join(today, "previous-evidence"), { recursive: true });
    const output = await run(today, ["--previous", join(today, "previous-evidence")]);
    expect(output).toMatch(/manifest\.json sha256 [0-9a-f]{64}/);
    expect(readFileSync(join(today, "evidence", "manifest.json"), "utf8")).toContain('"basis": "recorded"');
  });
});
