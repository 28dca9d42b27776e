import { controlCharacters } from "../control-characters.js";
import { planFingerprint } from "../plan/fingerprint.js";
import type { Plan } from "../plan/model.js";
import { parsePlanDocument } from "../plan/plan-schema.js";
import { renderPlanJson } from "../report/plan-json.js";
import type { BranchCommit, DriftBranchContents } from "./drift-branch.js";
import type { DriftPaths } from "./drift-paths.js";
import { driftReportFile, driftTitle } from "./drift-report.js";

/**
 * The commit message of the drift commit. It carries the plan fingerprint and the run that wrote
 * it, so a later run can re-render the report and check the commit is exactly rootward's output.
 */
export function driftCommitMessage(plan: Plan, runUrl: string | undefined, paths: DriftPaths): string {
  const run = runUrl ? `\nRun: ${runUrl}` : "";
  return `${driftTitle(plan, paths)}\n\nPlan fingerprint ${plan.fingerprint}. Written by rootward drift.${run}`;
}

export type BranchExpectation = {
  organizationId: string;
  /** The organization's branch and files: its commit may change these two files only. */
  paths: DriftPaths;
  /** When set, the branch must hold exactly this drift (deciding to leave the pull request alone). */
  fingerprint?: string;
  desiredDigest?: string;
  /** `https://HOST/OWNER/REPO/actions/runs/`: the only run links a drift commit may carry. */
  runUrlPrefix?: string;
};

export type BranchVerdict =
  | { kind: "missing" }
  | { kind: "own"; plan: Plan }
  | { kind: "foreign"; problems: BranchProblem[]; commits: BranchCommit[] };

/** A problem in rootward's words; `detail` is text from the branch (paths, ids), shown quoted. */
export type BranchProblem = { message: string; detail?: string };

/** One line of plain text: the detail comes from the branch and may hold newlines or escapes. */
export function problemText(problem: BranchProblem): string {
  if (problem.detail === undefined) return problem.message;
  return `${problem.message}: ${problem.detail.replace(controlCharacters(), " ")}`;
}

const PLAN_KEYS = new Set([
  "version",
  "organizationId",
  "managementAccountId",
  "desiredStateDigest",
  "desiredStateDir",
  "auditGeneratedAt",
  "plannedAt",
  "features",
  "accounts",
  "actions",
  "findings",
  "unlocks",
  "summary",
  "fingerprint",
  "bound",
]);

/**
 * Pure: is the remote drift branch exactly one commit of rootward's on top of the base branch?
 * Rootward's commit changes only the report and the plan of `expected.paths`, as regular files; the plan
 * is a rootward plan document byte for byte, its fingerprint matches its actions, the report is
 * what rootward renders from that plan, and the message is rootward's for that plan. Anything
 * else is `foreign`, with every problem found in words.
 */
export function judgeDriftBranch(branch: DriftBranchContents, expected: BranchExpectation): BranchVerdict {
  if (!branch.exists) return { kind: "missing" };
  const foreign = (problems: BranchProblem[]): BranchVerdict => ({
    kind: "foreign",
    problems,
    commits: branch.commits,
  });
  const head = branch.commits[0];
  if (branch.commits.length === 0)
    return foreign([{ message: "it holds no commit of its own on top of the base branch" }]);
  if (branch.commits.length > 1)
    return foreign([
      { message: `it holds ${countText(branch.commits.length)} on top of the base branch, not one` },
    ]);
  if (head && head.parents.length !== 1) return foreign([{ message: "its commit is a merge commit" }]);

  const problems: BranchProblem[] = [];
  const problem = (message: string, detail?: string) => problems.push({ message, detail });
  const { paths } = expected;
  const planPath = paths.plan;
  const allowed = new Set([paths.report, planPath]);
  const others = branch.changedFiles.filter((path) => !allowed.has(path));
  if (others.length > 0)
    problem(
      `its commit changes files other than ${paths.report} and ${planPath}`,
      others.slice(0, 10).join(", "),
    );
  for (const [path, file] of [
    [planPath, branch.plan],
    [paths.report, branch.report],
  ] as const) {
    if (!file) problem(`${path} is missing`);
    else if (file.mode !== "100644") problem(`${path} is not a regular file`, `mode ${file.mode}`);
  }
  const plan = branch.plan ? readPlan(branch.plan.content, planPath, problem) : undefined;
  if (!plan) return foreign(problems);

  if (plan.organizationId !== expected.organizationId)
    problem(`${planPath} is for another organization`, plan.organizationId);
  if (planFingerprint(plan.organizationId, plan.actions, plan.accounts, plan.unlocks) !== plan.fingerprint)
    problem(`the actions in ${planPath} do not match its fingerprint`);
  if (expected.fingerprint !== undefined && plan.fingerprint !== expected.fingerprint)
    problem(`${planPath} is not the plan of the drift pull request (another fingerprint)`);
  if (expected.desiredDigest !== undefined && plan.desiredStateDigest !== expected.desiredDigest)
    problem(`${planPath} was made from other desired-state files`);

  const runUrl = runUrlOf(branch.message);
  const runOk =
    runUrl === undefined ||
    (expected.runUrlPrefix !== undefined &&
      runUrl.startsWith(expected.runUrlPrefix) &&
      /^\d+$/.test(runUrl.slice(expected.runUrlPrefix.length)));
  if (!runOk) problem("its commit message links a run of another repository", runUrl);
  else if (branch.message.trim() !== driftCommitMessage(plan, runUrl, paths))
    problem("its commit message is not the one rootward writes");
  if (runOk && branch.report && branch.report.content !== driftReportFile(plan, { runUrl, paths }))
    problem(`${paths.report} is not the report rootward renders from ${planPath}`);

  return problems.length === 0 ? { kind: "own", plan } : foreign(problems);
}

function readPlan(
  content: string,
  planPath: string,
  problem: (message: string, detail?: string) => void,
): Plan | undefined {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    problem(`${planPath} is not JSON`);
    return undefined;
  }
  const parsed = parsePlanDocument(data);
  if ("problems" in parsed) {
    problem(`${planPath} is not a rootward plan`, parsed.problems[0]);
    return undefined;
  }
  const extra = Object.keys(data as object).filter((key) => !PLAN_KEYS.has(key));
  // rootward writes the canonical JSON of its plan and nothing else.
  if (extra.length > 0 || renderPlanJson(parsed.plan) !== content) {
    problem(`${planPath} is not written the way rootward writes plans`);
  }
  return parsed.plan;
}

function runUrlOf(message: string): string | undefined {
  return /^Run: (\S+)$/m.exec(message)?.[1];
}

function countText(count: number): string {
  return count > 20 ? "more than 20 commits" : `${count} commits`;
}
