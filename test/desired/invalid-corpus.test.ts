import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { MAX_FILE_BYTES } from "../../src/desired/yaml-source.js";
import { captureIo } from "../support/capture-io.js";

/**
 * The invalid corpus: each directory under test/fixtures/invalid/ is a desired state with
 * defects, and its expected.txt is the exact `rootward validate` text output. To add a case,
 * create the directory with its YAML files and run
 *   ROOTWARD_UPDATE_CORPUS=1 npx vitest run test/desired/invalid-corpus.test.ts
 * then read the new expected.txt as a user would before committing it.
 */
const CORPUS = join(import.meta.dirname, "../fixtures/invalid");
const NOW = new Date("2026-11-22T12:00:00Z");
const UPDATE = process.env.ROOTWARD_UPDATE_CORPUS === "1";

const scratch: string[] = [];
afterEach(() => {
  for (const directory of scratch.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Copies a case into <tmp>/desired-state so messages show the paths a user would see. */
function stage(files: (target: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), "rootward-corpus-"));
  scratch.push(root);
  const target = join(root, "desired-state");
  mkdirSync(target);
  files(target);
  return root;
}

async function validate(root: string, ...extra: string[]) {
  const captured = captureIo(root, NOW);
  const code = await runCli(["validate", "--desired-state", "desired-state", ...extra], captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("invalid corpus", () => {
  it("holds at least 35 cases, each with its expected output", () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    const missing = cases.filter((name) => !readdirSync(join(CORPUS, name)).includes("expected.txt"));
    expect(missing).toEqual([]);
  });

  it.each(cases)("%s fails validate with its expected messages", async (name) => {
    const root = stage((target) =>
      cpSync(join(CORPUS, name), target, {
        recursive: true,
        filter: (source) => !source.endsWith("expected.txt"),
      }),
    );
    const result = await validate(root);
    const expectedFile = join(CORPUS, name, "expected.txt");
    if (UPDATE) writeFileSync(expectedFile, result.stdout);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(readFileSync(expectedFile, "utf8"));
    expect(result.code).toBe(1);
  });

  it("rejects a file over 1 MiB without parsing it", async () => {
    const policy = readFileSync(join(CORPUS, "empty-file", "policy.yaml"));
    const root = stage((target) => {
      writeFileSync(join(target, "policy.yaml"), policy);
      writeFileSync(join(target, "huge.yaml"), `# ${"x".repeat(MAX_FILE_BYTES)}\n`);
    });
    const result = await validate(root);
    expect(result.stdout).toBe(
      [
        `desired-state/huge.yaml:1:1  -  file is ${MAX_FILE_BYTES + 3} bytes; desired-state files are limited to ${MAX_FILE_BYTES} bytes (1 MiB)`,
        "    hint: split the exceptions over several RootAccessExceptions files",
        "desired-state: 1 error, 0 warnings in 2 files, 1 exception, 0 unmanaged entries",
        "",
      ].join("\n"),
    );
    expect(result.code).toBe(1);
  });
});
