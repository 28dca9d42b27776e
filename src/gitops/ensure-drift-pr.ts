import { RootwardError } from "../errors.js";
import type { Plan } from "../plan/model.js";
import { renderPlanJson } from "../report/plan-json.js";
import { type DriftBranchContents, readDriftBranch } from "./drift-branch.js";
import {
  type BranchProblem,
  type BranchVerdict,
  driftCommitMessage,
  judgeDriftBranch,
} from "./drift-branch-verdict.js";
import { CONVERGED, type DriftState, decideDrift, driftMarker } from "./drift-decision.js";
import type { DriftPaths } from "./drift-paths.js";
import { driftBody, driftLabels, driftReportFile, driftTitle, LABEL_PREFIX } from "./drift-report.js";
import { rewriteComment } from "./drift-rewrite-comment.js";
import { publishBranch } from "./git-publish.js";
import type { GitHubPort, PullRequest } from "./github-port.js";
import { type GitHubIdentity, isWrittenBy } from "./identity.js";
import { formatMarker, parseMarker } from "./marker.js";

export type DriftGit = {
  repoDir: string;
  remote: string;
  env: Readonly<Record<string, string | undefined>>;
};

export type DriftOptions = {
  git: DriftGit;
  /** The organization's drift branch and files (`driftPaths`). */
  paths: DriftPaths;
  /** The branch drift pull requests target; the repository's default branch when left out. */
  base?: string;
  runUrl?: string;
  /** Who rootward writes as: only pull requests this login opened are rootward's. */
  identity: GitHubIdentity;
  /** The branch tip the plan was merged into (drift --event): the push must not overwrite anything newer. */
  expectedTip?: string | null;
  /** What the caller already read of the branch (at `expectedTip`) and its pull requests: not read again. */
  read?: { contents: DriftBranchContents; pulls?: readonly PullRequest[] };
};

export type DriftResult = {
  action: "created" | "updated" | "closed" | "unchanged";
  pull?: { number: number; url: string };
  reason?: string;
  /** Set when the branch held content rootward did not write, which it replaced. */
  rewritten?: BranchProblem[];
};

/**
 * Ensures the one drift pull request reflects `plan`: created, updated in place, closed when the
 * organization converged, or left alone (see `decideDrift` for the rules). Before it leaves the
 * branch alone or builds on it, it checks the branch holds only rootward's own commit; anything
 * else is replaced from this run's plan and named in a comment on the pull request. Idempotent: a
 * second run with the same plan makes no write at all.
 */
export async function ensureDriftPullRequest(
  github: GitHubPort,
  plan: Plan,
  options: DriftOptions,
): Promise<DriftResult> {
  const state: DriftState = {
    changes: plan.actions.length > 0,
    fingerprint: plan.fingerprint,
    desiredDigest: plan.desiredStateDigest,
  };
  const pulls = options.read?.pulls ?? (await github.pullsFromBranch(options.paths.branch));
  const decision = decideDrift(pulls, state, options.identity);
  switch (decision.kind) {
    case "none": {
      const unchanged: DriftResult = {
        action: "unchanged",
        reason: decision.reason,
        pull: decision.pull && link(decision.pull),
      };
      if (decision.pull?.state !== "open") return unchanged;
      const base = options.base ?? (await github.defaultBranch());
      const verdict = await inspect(plan, options, base, state);
      if (verdict.kind === "own") return unchanged;
      return publish(github, plan, options, { kind: "update", pull: decision.pull }, base, verdict);
    }
    case "close":
      await closeConverged(github, decision.pull, plan, options.paths);
      return { action: "closed", pull: link(decision.pull) };
    case "create":
    case "update": {
      if (decision.kind === "create") refuseForeignOpenPull(pulls, options);
      const base = options.base ?? (await github.defaultBranch());
      const verdict = await inspect(plan, options, base);
      return publish(github, plan, options, decision, base, verdict);
    }
  }
}

async function inspect(
  plan: Plan,
  options: DriftOptions,
  base: string,
  exactly?: DriftState,
): Promise<BranchVerdict> {
  const contents =
    options.read?.contents ?? (await readDriftBranch({ ...options.git, base, paths: options.paths }));
  return judgeDriftBranch(contents, {
    organizationId: plan.organizationId,
    paths: options.paths,
    fingerprint: exactly?.fingerprint,
    desiredDigest: exactly?.desiredDigest,
    runUrlPrefix: options.runUrl?.replace(/\d+$/, ""),
  });
}

async function publish(
  github: GitHubPort,
  plan: Plan,
  options: DriftOptions,
  decision: { kind: "create" } | { kind: "update"; pull: PullRequest },
  base: string,
  verdict: BranchVerdict,
): Promise<DriftResult> {
  const { paths } = options;
  const title = driftTitle(plan, paths);
  const commit = await publishBranch({
    ...options.git,
    base,
    branch: paths.branch,
    files: {
      [paths.report]: driftReportFile(plan, options),
      [paths.plan]: renderPlanJson(plan),
    },
    message: driftCommitMessage(plan, options.runUrl, paths),
    env: options.git.env,
    ...(options.expectedTip === undefined ? {} : { expectedTip: options.expectedTip }),
  });
  const state = { changes: true, fingerprint: plan.fingerprint, desiredDigest: plan.desiredStateDigest };
  const body = `${formatMarker(driftMarker(state))}\n${driftBody(plan, options)}`;
  const pull =
    decision.kind === "create"
      ? await github.createPull({ title, body, head: paths.branch, base })
      : decision.pull;
  if (decision.kind === "update") await github.updatePull(pull.number, { title, body });
  await label(github, pull, plan);
  const result: DriftResult = {
    action: decision.kind === "create" ? "created" : "updated",
    pull: link(pull),
  };
  if (verdict.kind !== "foreign") return result;
  await github.createComment(pull.number, rewriteComment(verdict, { branch: paths.branch, base, commit }));
  return {
    ...result,
    rewritten: verdict.problems,
    reason: `${paths.branch} held content rootward did not write; rewrote it from this run's plan`,
  };
}

/** GitHub allows one open pull request per head branch: someone else's blocks rootward's own. */
function refuseForeignOpenPull(
  pulls: readonly PullRequest[],
  { identity, paths }: Pick<DriftOptions, "identity" | "paths">,
): void {
  const other = pulls.find((pull) => pull.state === "open" && !isWrittenBy(pull.author, identity));
  if (!other) return;
  throw new RootwardError(
    "drift-branch-taken",
    `pull request #${other.number} from ${paths.branch} was opened by ${other.author}, not by ${identity.login}; rootward does not take over other people's pull requests`,
    {
      hint: `close #${other.number} (the ${paths.branch} branch is rootward's alone); if rootward writes as another login, pass --comment-author LOGIN`,
    },
  );
}

async function label(github: GitHubPort, pull: PullRequest, plan: Plan): Promise<void> {
  const wanted = driftLabels(plan);
  for (const spec of wanted) await github.ensureLabel(spec);
  // Labels people added stay; rootward's own are replaced by the current set.
  const kept = pull.labels.filter((name) => !name.startsWith(LABEL_PREFIX));
  await github.setLabels(pull.number, [...kept, ...wanted.map((spec) => spec.name)]);
}

async function closeConverged(
  github: GitHubPort,
  pull: PullRequest,
  plan: Plan,
  paths: DriftPaths,
): Promise<void> {
  await github.createComment(
    pull.number,
    `The organization \`${plan.organizationId}\` matches the desired state again (audited ${plan.auditGeneratedAt}), so this drift report is no longer needed. Closing it and deleting the \`${paths.branch}\` branch.`,
  );
  const old = parseMarker(pull.body, "drift");
  const marker = formatMarker({ kind: "drift", fields: { ...old?.fields, closed: CONVERGED } });
  const newline = pull.body.indexOf("\n");
  const rest = newline === -1 ? "" : pull.body.slice(newline + 1);
  await github.updatePull(pull.number, { state: "closed", body: `${marker}\n${rest}` });
  await github.deleteBranch(paths.branch);
}

function link(pull: PullRequest): { number: number; url: string } {
  return { number: pull.number, url: pull.htmlUrl };
}
