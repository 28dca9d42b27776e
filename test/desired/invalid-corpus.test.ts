import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
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
  return run(root, ["validate", "--desired-state", "desired-state", ...extra]);
}

async function run(root: string, argv: string[]) {
  const captured = captureIo(root, NOW);
  const code = await runCli(argv, captured.io);
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

  const exceptionsFile = [
    "apiVersion: rootward/v1",
    "kind: RootAccessExceptions",
    "exceptions:",
    "  - name: payments-break-glass",
    '    accounts: ["222222222222"]',
    "    password: present",
    "    reason: Card network registration",
    "    owner: payments@acme.example",
    "",
  ].join("\n");
  const linkHint =
    "    hint: replace the link with a copy of the file it points to, so that reviewers see its content";

  // Symbolic links cannot live in the corpus directories (git and cpSync would change them), so
  // these cases build their directories here. A link used to be skipped without a word.
  it.each([
    {
      label: "a link to a YAML file outside the directory",
      make: (root: string, target: string) => {
        mkdirSync(join(root, "shared"));
        writeFileSync(join(root, "shared", "payments.yaml"), exceptionsFile);
        symlinkSync("../shared/payments.yaml", join(target, "payments.yaml"));
      },
      expected: [
        "desired-state/payments.yaml:1:1  -  is a symbolic link (to ../shared/payments.yaml); rootward reads only regular files in the desired-state directory",
        linkHint,
        "desired-state: 1 error, 0 warnings in 2 files, 1 exception, 0 unmanaged entries",
      ],
    },
    {
      label: "a link to a YAML file inside the directory, in a subfolder",
      make: (_root: string, target: string) => {
        mkdirSync(join(target, "teams"));
        writeFileSync(join(target, "teams", "payments.yaml"), exceptionsFile);
        symlinkSync("payments.yaml", join(target, "teams", "payments-again.yml"));
      },
      expected: [
        "desired-state/teams/payments-again.yml:1:1  -  is a symbolic link (to payments.yaml); rootward reads only regular files in the desired-state directory",
        linkHint,
        "desired-state: 1 error, 0 warnings in 3 files, 2 exceptions, 0 unmanaged entries",
      ],
    },
    {
      label: "a link to a directory of YAML files",
      make: (root: string, target: string) => {
        mkdirSync(join(root, "shared"));
        writeFileSync(join(root, "shared", "payments.yaml"), exceptionsFile);
        symlinkSync("../shared", join(target, "teams"));
      },
      expected: [
        "desired-state/teams:1:1  -  is a symbolic link (to ../shared); rootward reads only regular files in the desired-state directory",
        linkHint,
        "desired-state: 1 error, 0 warnings in 2 files, 1 exception, 0 unmanaged entries",
      ],
    },
    {
      label: "a dangling link named like a YAML file",
      make: (_root: string, target: string) => symlinkSync("gone.yaml", join(target, "payments.yaml")),
      expected: [
        "desired-state/payments.yaml:1:1  -  is a symbolic link (to gone.yaml); rootward reads only regular files in the desired-state directory",
        linkHint,
        "desired-state: 1 error, 0 warnings in 2 files, 1 exception, 0 unmanaged entries",
      ],
    },
    {
      label: "a FIFO named like a YAML file",
      make: (_root: string, target: string) => execFileSync("mkfifo", [join(target, "payments.yaml")]),
      expected: [
        "desired-state/payments.yaml:1:1  -  is not a regular file (a FIFO, socket or device); rootward reads only regular files",
        "    hint: remove it, or give it a name that does not end in .yaml or .yml",
        "desired-state: 1 error, 0 warnings in 2 files, 1 exception, 0 unmanaged entries",
      ],
    },
  ])("refuses $label", async ({ make, expected }) => {
    const policy = readFileSync(join(CORPUS, "empty-file", "policy.yaml"));
    const root = stage((target) => {
      writeFileSync(join(target, "policy.yaml"), policy);
      make(join(target, ".."), target);
    });
    const result = await validate(root);
    expect(result.stdout).toBe([...expected, ""].join("\n"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
  });

  it("leaves alone a link that is neither YAML nor a directory", async () => {
    const policy = readFileSync(join(CORPUS, "empty-file", "policy.yaml"));
    const root = stage((target) => {
      writeFileSync(join(target, "policy.yaml"), policy);
      writeFileSync(join(target, "..", "NOTES.md"), "notes\n");
      symlinkSync("../NOTES.md", join(target, "README.md"));
    });
    const result = await validate(root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("desired-state: valid");
  });

  it("stops plan, like validate, before it reads an audit", async () => {
    const policy = readFileSync(join(CORPUS, "empty-file", "policy.yaml"));
    const root = stage((target) => {
      writeFileSync(join(target, "policy.yaml"), policy);
      writeFileSync(join(target, "..", "payments.yaml"), exceptionsFile);
      symlinkSync("../payments.yaml", join(target, "payments.yaml"));
    });
    const result = await run(root, ["plan", "--audit", join(root, "no-such-audit.json")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "desired-state/payments.yaml:1:1  -  is a symbolic link (to ../payments.yaml)",
    );
    expect(result.stderr).not.toContain("no-such-audit");
  });
});
