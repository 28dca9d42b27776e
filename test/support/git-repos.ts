import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * A bare repository standing in for GitHub's copy and a clone of it as the workflow's checkout,
 * isolated from the machine's git configuration (GIT_CONFIG_GLOBAL=/dev/null) with a fixed
 * identity, so tests behave the same on every machine and in CI.
 */
export type GitRepos = {
  root: string;
  bare: string;
  work: string;
  env: Record<string, string>;
  git(cwd: string, ...args: string[]): string;
  /** The files of `ref` in the bare repository (what GitHub would show). */
  show(ref: string, path: string): string;
  branchExists(branch: string): boolean;
  /** Commits `files` on main in the checkout and pushes; returns the commit id. */
  commitToMain(files: Record<string, string>, message: string): string;
  remove(): void;
};

export function createGitRepos(): GitRepos {
  const root = mkdtempSync(join(tmpdir(), "rootward-git-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    // No global or system configuration: HOME and XDG_CONFIG_HOME point at the empty test root
    // (simple-git does not let GIT_CONFIG_GLOBAL through), and GIT_CONFIG_NOSYSTEM skips /etc.
    HOME: root,
    XDG_CONFIG_HOME: root,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_AUTHOR_NAME: "Test Author",
    GIT_AUTHOR_EMAIL: "author@example.com",
    GIT_COMMITTER_NAME: "Test Committer",
    GIT_COMMITTER_EMAIL: "committer@example.com",
  };
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const bare = join(root, "origin.git");
  const work = join(root, "work");
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  git(root, "clone", "--quiet", bare, work);
  const repos: GitRepos = {
    root,
    bare,
    work,
    env,
    git,
    show: (ref, path) => git(bare, "show", `${ref}:${path}`),
    branchExists: (branch) => {
      try {
        git(bare, "rev-parse", "--verify", "--quiet", `refs/heads/${branch}`);
        return true;
      } catch {
        return false;
      }
    },
    commitToMain(files, message) {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), content);
      }
      git(work, "add", "--all");
      git(work, "commit", "--quiet", "--allow-empty", "-m", message);
      git(work, "push", "--quiet", "origin", "HEAD:refs/heads/main");
      return git(work, "rev-parse", "HEAD");
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  repos.commitToMain({ "README.md": "# org root access\n" }, "Initial commit");
  return repos;
}

/** This repository's own desired state (the sandbox's example organization), copied into the checkout. */
export function copyExampleDesiredState(repos: Pick<GitRepos, "work">): void {
  cpSync(join(import.meta.dirname, "../../desired-state"), join(repos.work, "desired-state"), {
    recursive: true,
  });
}
