import type { Plan } from "../plan/model.js";
import { renderPlanJson } from "../report/plan-json.js";
import { CONVERGED, type DriftState, decideDrift, driftMarker } from "./drift-decision.js";
import {
  DRIFT_BRANCH,
  DRIFT_PLAN_PATH,
  DRIFT_REPORT_PATH,
  driftBody,
  driftLabels,
  driftReportFile,
  driftTitle,
  LABEL_PREFIX,
} from "./drift-report.js";
import { publishBranch } from "./git-publish.js";
import type { GitHubPort, PullRequest } from "./github-port.js";
import { formatMarker, parseMarker } from "./marker.js";

export type DriftGit = {
  repoDir: string;
  remote: string;
  env: Readonly<Record<string, string | undefined>>;
};

export type DriftOptions = {
  git: DriftGit;
  /** The branch drift pull requests target; the repository's default branch when left out. */
  base?: string;
  runUrl?: string;
};

export type DriftResult = {
  action: "created" | "updated" | "closed" | "unchanged";
  pull?: { number: number; url: string };
  reason?: string;
};

/**
 * Ensures the one drift pull request reflects `plan`: created, updated in place, closed when the
 * organization converged, or left alone (see `decideDrift` for the rules). Idempotent: a second
 * run with the same plan makes no write at all.
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
  const decision = decideDrift(await github.pullsFromBranch(DRIFT_BRANCH), state);
  switch (decision.kind) {
    case "none":
      return { action: "unchanged", reason: decision.reason, pull: decision.pull && link(decision.pull) };
    case "close":
      await closeConverged(github, decision.pull, plan);
      return { action: "closed", pull: link(decision.pull) };
    case "create":
    case "update": {
      const base = options.base ?? (await github.defaultBranch());
      const title = driftTitle(plan);
      await publishBranch({
        ...options.git,
        base,
        branch: DRIFT_BRANCH,
        files: {
          [DRIFT_REPORT_PATH]: driftReportFile(plan, options),
          [DRIFT_PLAN_PATH]: renderPlanJson(plan),
        },
        message: `${title}\n\nPlan fingerprint ${plan.fingerprint}. Written by rootward drift.`,
        env: options.git.env,
      });
      const body = `${formatMarker(driftMarker(state))}\n${driftBody(plan, options)}`;
      const pull =
        decision.kind === "create"
          ? await github.createPull({ title, body, head: DRIFT_BRANCH, base })
          : decision.pull;
      if (decision.kind === "update") await github.updatePull(pull.number, { title, body });
      await label(github, pull, plan);
      return { action: decision.kind === "create" ? "created" : "updated", pull: link(pull) };
    }
  }
}

async function label(github: GitHubPort, pull: PullRequest, plan: Plan): Promise<void> {
  const wanted = driftLabels(plan);
  for (const spec of wanted) await github.ensureLabel(spec);
  // Labels people added stay; rootward's own are replaced by the current set.
  const kept = pull.labels.filter((name) => !name.startsWith(LABEL_PREFIX));
  await github.setLabels(pull.number, [...kept, ...wanted.map((spec) => spec.name)]);
}

async function closeConverged(github: GitHubPort, pull: PullRequest, plan: Plan): Promise<void> {
  await github.createComment(
    pull.number,
    `The organization \`${plan.organizationId}\` matches the desired state again (audited ${plan.auditGeneratedAt}), so this drift report is no longer needed. Closing it and deleting the \`${DRIFT_BRANCH}\` branch.`,
  );
  const old = parseMarker(pull.body, "drift");
  const marker = formatMarker({ kind: "drift", fields: { ...old?.fields, closed: CONVERGED } });
  const newline = pull.body.indexOf("\n");
  const rest = newline === -1 ? "" : pull.body.slice(newline + 1);
  await github.updatePull(pull.number, { state: "closed", body: `${marker}\n${rest}` });
  await github.deleteBranch(DRIFT_BRANCH);
}

function link(pull: PullRequest): { number: number; url: string } {
  return { number: pull.number, url: pull.htmlUrl };
}
