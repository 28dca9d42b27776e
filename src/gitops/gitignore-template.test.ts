import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOTWARD_GITIGNORE_ENTRIES, renderGitignore } from "./gitignore-template.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `git check-ignore` in a fresh repository whose .gitignore is the template: real git decides. */
function ignored(paths: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "rootward-gitignore-"));
  made.push(dir);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, GIT_CONFIG_NOSYSTEM: "1" };
  execFileSync("git", ["init", "-q"], { cwd: dir, env });
  writeFileSync(join(dir, ".gitignore"), renderGitignore());
  for (const path of paths) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), "{}");
  }
  // check-ignore exits 1 when nothing is ignored; the list of ignored paths is what matters.
  try {
    return execFileSync("git", ["check-ignore", ...paths], { cwd: dir, env, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
  } catch (error) {
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
}

describe("the .gitignore template", () => {
  it("keeps plans, audits and journals out of Git but not the drift pull request's plan", () => {
    const paths = [
      "plan.json",
      "audit.json",
      ".rootward/journal-2026-12-01T00-00-00Z.jsonl",
      "drift/plan.json",
      "drift/REPORT.md",
      "desired-state/policy.yaml",
    ];

    expect(ignored(paths)).toEqual([
      "plan.json",
      "audit.json",
      ".rootward/journal-2026-12-01T00-00-00Z.jsonl",
    ]);
  });

  it("is what this repository ignores too", () => {
    const own = readFileSync(join(import.meta.dirname, "../../.gitignore"), "utf8").split("\n");

    expect(ROOTWARD_GITIGNORE_ENTRIES.map((entry) => entry.pattern).filter((p) => !own.includes(p))).toEqual(
      [],
    );
  });
});
