import type { DesiredState } from "../desired/index.js";
import type { Plan } from "../plan/model.js";
import { type DriftBranchContents, readDriftBranch } from "./drift-branch.js";
import { judgeDriftBranch } from "./drift-branch-verdict.js";
import type { DriftPaths } from "./drift-paths.js";
import type { DriftGit } from "./ensure-drift-pr.js";
import type { GitHubPort, PullRequest } from "./github-port.js";

/**
 * What an event run (`drift --event`) can merge its one account into:
 * - `plan`: the open drift pull request's plan, rootward's own and made from these desired-state
 *   files; the account is replaced in it;
 * - `stale`: an open drift pull request whose plan cannot be merged into (other desired-state
 *   files, or content rootward did not write). Merging one account into nothing would drop every
 *   other account's drift from it, or close it as converged when this account is clean, so the
 *   run plans the whole organization instead, as the scheduled run would;
 * - neither: no open drift pull request; this account's plan alone decides whether one opens.
 * `tip` is the branch tip the merge builds on (null without a branch): the push is leased on it;
 * `read` is what was read to decide, which ensureDriftPullRequest then need not read again.
 */
export type CurrentDriftPlan = {
  plan?: Plan;
  stale?: string;
  tip: string | null;
  read: { contents: DriftBranchContents; pulls?: readonly PullRequest[] };
};

export async function currentDriftPlan(
  github: GitHubPort,
  desired: Pick<DesiredState, "digest" | "organization">,
  where: { git: DriftGit; paths: DriftPaths; base: string; runUrl?: string },
): Promise<CurrentDriftPlan> {
  const contents = await readDriftBranch({ ...where.git, base: where.base, paths: where.paths });
  if (!contents.exists) return { tip: null, read: { contents } };
  const tip = contents.tip;
  // A branch without an open pull request is what a closed or merged one left behind.
  const pulls = await github.pullsFromBranch(where.paths.branch);
  const read = { contents, pulls };
  if (!pulls.some((pull) => pull.state === "open")) return { tip, read };
  const verdict = judgeDriftBranch(contents, {
    organizationId: desired.organization.id,
    paths: where.paths,
    runUrlPrefix: where.runUrl?.replace(/\d+$/, ""),
  });
  if (verdict.kind !== "own")
    return { tip, read, stale: `${where.paths.branch} holds no plan of rootward's for this organization` };
  if (verdict.plan.desiredStateDigest !== desired.digest)
    return { tip, read, stale: "the drift pull request was planned from other desired-state files" };
  return { plan: verdict.plan, tip, read };
}
