import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type SimpleGit, simpleGit } from "simple-git";
import { RootwardError } from "../errors.js";

export type PublishOptions = {
  /** A clone of the repository (in Actions: the checkout, whose credentials it reuses). */
  repoDir: string;
  remote: string;
  base: string;
  branch: string;
  /** Repository-relative path → content. */
  files: Readonly<Record<string, string>>;
  message: string;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The branch tip the caller built on (null: it saw no branch). Set, the push succeeds only if
   * the branch is still there (git push --force-with-lease), so two runs that merge into the
   * same branch cannot overwrite each other; a lost race is a `branch-moved` error.
   */
  expectedTip?: string | null;
};

/**
 * The identity GitHub shows for commits made by workflows; used only when git has none, which is
 * the case on a fresh runner.
 */
const BOT_IDENTITY = [
  "user.name=github-actions[bot]",
  "user.email=41898282+github-actions[bot]@users.noreply.github.com",
];

/**
 * simple-git removes every GIT_* variable it is not told about, and rejects the ones that can
 * run programs (EDITOR, GIT_SSH_COMMAND, …). rootward passes the identity and the switches that
 * keep git from reading system config or prompting, and nothing that executes anything.
 */
const PASSED_GIT_VARIABLES = [
  "GIT_AUTHOR_NAME",
  "GIT_AUTHOR_EMAIL",
  "GIT_COMMITTER_NAME",
  "GIT_COMMITTER_EMAIL",
  "GIT_CONFIG_NOSYSTEM",
  "GIT_TERMINAL_PROMPT",
];
const PROGRAM_VARIABLES = new Set(["editor", "visual", "pager", "prefix", "ssh_askpass"]);

/**
 * Makes `branch` on `remote` exactly one commit on top of the current `base` that writes `files`,
 * force-pushing over what was there (the branch is rootward's own; rebuilding it on the latest
 * base keeps the pull request mergeable). The commit is made in a temporary worktree, so the
 * caller's checkout, index and current branch are never touched. Returns the new commit id.
 */
export async function publishBranch(options: PublishOptions): Promise<string> {
  const env = gitEnvironment(options.env);
  const git = await openCheckout(options.repoDir, options.env);
  await gitStep(`fetch ${options.base} from ${options.remote}`, () =>
    git.fetch(options.remote, options.base),
  );
  const baseCommit = (await git.revparse(["FETCH_HEAD"])).trim();

  const worktree = await mkdtemp(join(tmpdir(), "rootward-drift-"));
  try {
    await git.raw(["worktree", "add", "--detach", worktree, baseCommit]);
    for (const [path, content] of Object.entries(options.files)) {
      const target = join(worktree, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    const config = (await hasIdentity(git, env)) ? [] : BOT_IDENTITY;
    const tree = simpleGit({ baseDir: worktree, config, allowEnvironment: PASSED_GIT_VARIABLES }).env(env);
    await tree.add(Object.keys(options.files));
    // --allow-empty: the base may already hold identical files (a just-merged drift pull request).
    await tree.commit(options.message, undefined, { "--allow-empty": null });
    const commit = (await tree.revparse(["HEAD"])).trim();
    const ref = `refs/heads/${options.branch}`;
    const force =
      options.expectedTip === undefined
        ? "--force"
        : `--force-with-lease=${ref}:${options.expectedTip ?? ""}`;
    try {
      await tree.push(options.remote, `HEAD:${ref}`, [force]);
    } catch (error) {
      const message = (error as Error).message.trim();
      if (options.expectedTip !== undefined && /stale info|\(fetch first\)|rejected/.test(message)) {
        throw new RootwardError(
          "branch-moved",
          `${options.branch} changed on ${options.remote} while this run built on it`,
          {
            hint: "run again: it merges into what the branch holds now",
            cause: error,
          },
        );
      }
      throw new RootwardError(
        "git-failed",
        `git could not push ${options.branch} to ${options.remote}: ${message}`,
        {
          hint: "in a workflow, check out with `persist-credentials: true` and give the job `contents: write`",
          cause: error,
        },
      );
    }
    return commit;
  } finally {
    await git.raw(["worktree", "remove", "--force", worktree]).catch(() => undefined);
    await rm(worktree, { recursive: true, force: true });
  }
}

/** simple-git on the caller's checkout, with the environment rules above; fails unless it is a repository. */
export async function openCheckout(
  repoDir: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SimpleGit> {
  const git = simpleGit({ baseDir: repoDir, allowEnvironment: PASSED_GIT_VARIABLES }).env(
    gitEnvironment(env),
  );
  const isRepo = await git.checkIsRepo().catch(() => false);
  if (!isRepo) {
    throw new RootwardError("git-not-a-repository", `${repoDir} is not a git checkout`, {
      hint: "run `rootward drift` from a clone of the repository (in a workflow: after actions/checkout)",
    });
  }
  return git;
}

async function hasIdentity(
  git: ReturnType<typeof simpleGit>,
  env: Readonly<Record<string, string>>,
): Promise<boolean> {
  if (env.GIT_COMMITTER_EMAIL && env.GIT_AUTHOR_EMAIL) return true;
  const email = await git.raw(["config", "--get", "user.email"]).catch(() => "");
  return email.trim() !== "";
}

export async function gitStep<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new RootwardError("git-failed", `git could not ${what}: ${(error as Error).message.trim()}`, {
      hint: "in a workflow, check out with `persist-credentials: true` and give the job `contents: write`",
      cause: error,
    });
  }
}

function gitEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const passed = new Set(PASSED_GIT_VARIABLES);
  const kept = Object.entries(env).filter((entry): entry is [string, string] => {
    const [name, value] = entry;
    const key = name.toLowerCase();
    if (value === undefined || PROGRAM_VARIABLES.has(key)) return false;
    return !key.startsWith("git_") || passed.has(name);
  });
  // Without a terminal a credential prompt can only hang; fail instead.
  return { ...Object.fromEntries(kept), GIT_TERMINAL_PROMPT: "0" };
}
