import type { SimpleGit } from "simple-git";
import type { DriftPaths } from "./drift-paths.js";
import { gitStep, openCheckout } from "./git-publish.js";

/** One commit of the drift branch that is not on the base branch. */
export type BranchCommit = { sha: string; parents: string[]; author: string; subject: string };

/** A file of the branch tip as git stores it: `mode` 100644 is a regular file (120000 a symlink). */
export type BranchFile = { mode: string; content: string };

/** What the remote drift branch holds, read with git; judged by `judgeDriftBranch`. */
export type DriftBranchContents =
  | { exists: false }
  | {
      exists: true;
      tip: string;
      /** Commits on the branch and not on the base branch, newest first (at most MAX_COMMITS + 1). */
      commits: BranchCommit[];
      /** Files the tip commit changes against its parent; only read when it has exactly one. */
      changedFiles: string[];
      message: string;
      report?: BranchFile;
      plan?: BranchFile;
    };

/** Enough commits to name in a comment; a branch with more is foreign either way. */
export const MAX_COMMITS = 20;

export type DriftBranchLocation = {
  repoDir: string;
  remote: string;
  base: string;
  paths: DriftPaths;
  env: Readonly<Record<string, string | undefined>>;
};

/**
 * Reads the remote drift branch against the remote base branch. The objects are fetched into the
 * caller's repository (no ref of the caller changes, only FETCH_HEAD); history beyond the base must
 * be present, so workflows check out with `fetch-depth: 0`.
 */
export async function readDriftBranch(location: DriftBranchLocation): Promise<DriftBranchContents> {
  const git = await openCheckout(location.repoDir, location.env);
  const { branch, report, plan } = location.paths;
  const ref = `refs/heads/${branch}`;
  const listed = await gitStep(`look for ${branch} on ${location.remote}`, () =>
    git.listRemote(["--heads", location.remote, ref]),
  );
  if (listed.trim() === "") return { exists: false };
  const baseTip = await fetchTip(git, location.remote, `refs/heads/${location.base}`, location.base);
  const tip = await fetchTip(git, location.remote, ref, branch);
  const log = await git.raw([
    "log",
    `--max-count=${MAX_COMMITS + 1}`,
    "--format=%H%x00%P%x00%an <%ae>%x00%s%x00",
    tip,
    "--not",
    baseTip,
  ]);
  const commits = parseLog(log);
  const head = commits[0];
  if (commits.length !== 1 || head?.parents.length !== 1) {
    return { exists: true, tip, commits, changedFiles: [], message: "" };
  }
  const parent = head.parents[0] as string;
  const changed = await git.raw(["diff-tree", "--no-commit-id", "--name-only", "-r", "-z", parent, tip]);
  return {
    exists: true,
    tip,
    commits,
    changedFiles: changed.split("\0").filter((path) => path !== ""),
    message: await git.raw(["log", "-1", "--format=%B", tip]),
    report: await readFile(git, tip, report),
    plan: await readFile(git, tip, plan),
  };
}

async function fetchTip(git: SimpleGit, remote: string, ref: string, name: string): Promise<string> {
  await gitStep(`fetch ${name} from ${remote}`, () => git.fetch(remote, ref));
  return (await git.revparse(["FETCH_HEAD"])).trim();
}

function parseLog(log: string): BranchCommit[] {
  const fields = log.split("\0");
  const commits: BranchCommit[] = [];
  // Each record is four NUL-terminated fields; git separates records with a newline.
  for (let index = 0; index + 3 < fields.length; index += 4) {
    const [sha, parents, author, subject] = fields.slice(index, index + 4).map((field) => field.trim());
    if (!sha) continue;
    commits.push({
      sha,
      parents: (parents ?? "").split(" ").filter((entry) => entry !== ""),
      author: author ?? "",
      subject: subject ?? "",
    });
  }
  return commits;
}

async function readFile(git: SimpleGit, commit: string, path: string): Promise<BranchFile | undefined> {
  const entry = (await git.raw(["ls-tree", commit, "--", path])).trim();
  if (entry === "") return undefined;
  const mode = entry.split(" ", 1)[0] ?? "";
  return { mode, content: await git.show([`${commit}:${path}`]) };
}
