/**
 * The GitHub operations rootward uses, and nothing else (STYLE.md §6). The octokit adapter in
 * `octokit-port.ts` implements it; the `ensure…` functions depend only on this.
 */
/** `author` is the login GitHub shows for the comment (`github-actions[bot]` for GITHUB_TOKEN). */
export type IssueComment = { id: number; body: string; author: string };

export type PullRequest = {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  title: string;
  body: string;
  headRef: string;
  /** The login that opened the pull request. */
  author: string;
  labels: string[];
  htmlUrl: string;
};

export type LabelSpec = { name: string; color: string; description: string };

export type GitHubPort = {
  readonly owner: string;
  readonly repo: string;
  defaultBranch(): Promise<string>;
  /**
   * The login the token authenticates as (GET /user), or undefined for an installation token
   * (GITHUB_TOKEN, GitHub Apps), which GitHub does not let read /user.
   */
  authenticatedLogin(): Promise<string | undefined>;
  /** Every comment of an issue or pull request, oldest first. */
  listComments(issue: number): Promise<IssueComment[]>;
  createComment(issue: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<void>;
  deleteComment(id: number): Promise<void>;
  /** Pull requests whose head is `branch` in this repository, newest first, open and closed. */
  pullsFromBranch(branch: string): Promise<PullRequest[]>;
  /** Pull requests that contain `sha` (after a merge: the merged one). */
  pullsForCommit(sha: string): Promise<PullRequest[]>;
  createPull(input: { title: string; body: string; head: string; base: string }): Promise<PullRequest>;
  updatePull(
    number: number,
    input: { title?: string; body?: string; state?: "open" | "closed" },
  ): Promise<void>;
  /** Creates the label with its colour unless a label of that name exists already. */
  ensureLabel(label: LabelSpec): Promise<void>;
  setLabels(issue: number, labels: readonly string[]): Promise<void>;
  /** Deletes `refs/heads/<branch>`; a branch that is already gone is not an error. */
  deleteBranch(branch: string): Promise<void>;
};
