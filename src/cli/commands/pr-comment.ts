import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { RootwardError } from "../../errors.js";
import { type ConnectGitHub, connector, type GitHubConnection } from "../../gitops/connect.js";
import { isOrganizationName, ORGANIZATION_NAME_RULE } from "../../gitops/drift-paths.js";
import { resolveIdentity } from "../../gitops/identity.js";
import { type OrganizationPlan, organizationsComment } from "../../gitops/organizations-comment.js";
import { ensureApplyComment } from "../../gitops/plan-comment.js";
import { ensureStickyComment } from "../../gitops/sticky-comment.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { readPlanFile } from "../plan-file.js";
import { toolVersion } from "../version.js";

export type PrCommentOptions = {
  plan?: string;
  /** A directory of plan-NAME/plan.json, one per organization (the plan artifacts of a matrix). */
  plans?: string;
  /** JSON list of the organizations the workflow planned ({"name": …}), in the order shown. */
  organizations?: string;
  pr?: number;
  applyReport?: string;
  commentAuthor?: string;
};

export const connectFromActions: ConnectGitHub = connector({
  userAgent: `rootward/${toolVersion}`,
  throttle: true,
});

/**
 * Ensures exactly one rootward plan comment on the pull request (or, with --apply-report, one
 * apply-result comment), edited in place and left alone when nothing changed.
 */
export async function prCommentCommand(
  options: PrCommentOptions,
  io: CliIo,
  connect: ConnectGitHub = connectFromActions,
): Promise<number> {
  const organizations = await readOrganizationPlans(options, io.cwd);
  const plan = organizations.find((organization) => organization.plan !== undefined)?.plan;
  if (!plan) {
    throw new RootwardError("plan-missing", "no plan to comment: none of the organizations has a plan.json", {
      hint: "pass --plan plan.json, or --plans DIR holding plan-NAME/plan.json for each organization",
    });
  }
  const report = options.applyReport ? await readReport(resolve(io.cwd, options.applyReport)) : undefined;
  const connection = await connect(io.env, (message) => io.stderr(`${message}\n`));
  const pr = options.pr ?? connection.settings.eventPullNumber ?? (await mergedPullOfPush(connection));
  if (pr === undefined) {
    io.stdout(
      "rootward: no pull request for this run (not a pull_request event, and no merged pull request contains the commit); nothing to comment on.\n",
    );
    return ExitCode.ok;
  }
  const identity = await resolveIdentity(
    connection.github,
    options.commentAuthor ?? io.env.ROOTWARD_COMMENT_AUTHOR,
  );
  const context = { toolVersion, runUrl: connection.settings.runUrl, identity };
  const result =
    report === undefined
      ? await ensureStickyComment(
          connection.github,
          pr,
          organizationsComment(organizations, context),
          identity,
        )
      : await ensureApplyComment(connection.github, pr, plan, report, context);
  const what = report === undefined ? "plan" : "apply";
  const removed = result.removed > 0 ? `; removed ${result.removed} duplicate(s)` : "";
  io.stdout(
    `rootward: ${what} comment on #${pr} ${result.action} (comment ${result.commentId})${removed}.\n`,
  );
  return ExitCode.ok;
}

/** After a merge, a push to main carries the merged pull request's merge commit. */
async function mergedPullOfPush({ settings, github }: GitHubConnection): Promise<number | undefined> {
  if (settings.eventName !== "push" || !settings.sha) return undefined;
  const pulls = await github.pullsForCommit(settings.sha);
  return pulls.find((pull) => pull.merged)?.number;
}

async function readReport(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new RootwardError("apply-report-unreadable", `cannot read the apply report ${file}`, {
      hint: "write it with `rootward apply plan.json --format markdown > apply.md`",
      cause: error,
    });
  }
}

/**
 * The plans to comment: `--plan FILE` (one organization), or `--plans DIR` with DIR/plan-NAME/plan.json
 * per organization — in the order of `--organizations`, where an organization without a plan
 * (its job failed) is kept and shown as such, or else every plan-NAME directory by name.
 */
export async function readOrganizationPlans(
  options: Pick<PrCommentOptions, "plan" | "plans" | "organizations">,
  cwd: string,
): Promise<OrganizationPlan[]> {
  if (options.plan !== undefined) {
    if (options.plans !== undefined)
      throw new RootwardError("plan-options", "--plan and --plans cannot be used together", {
        hint: "--plan for one plan file, --plans for a directory of plan-NAME/plan.json",
      });
    return [{ name: "", plan: await readPlanFile(resolve(cwd, options.plan)) }];
  }
  if (options.plans === undefined)
    throw new RootwardError("plan-options", "pr-comment needs --plan FILE or --plans DIR", {
      hint: "rootward pr-comment --plan plan.json",
    });
  const directory = resolve(cwd, options.plans);
  const names = options.organizations
    ? organizationNames(options.organizations)
    : (await readdir(directory).catch(() => []))
        .filter((entry) => entry.startsWith("plan-"))
        .map((entry) => entry.slice("plan-".length))
        .filter(isOrganizationName)
        .sort();
  const plans: OrganizationPlan[] = [];
  for (const name of names) {
    const file = join(directory, `plan-${name}`, "plan.json");
    const present = await readFile(file).then(
      () => true,
      () => false,
    );
    plans.push(present ? { name, plan: await readPlanFile(file) } : { name });
  }
  return plans;
}

function organizationNames(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const names = Array.isArray(parsed)
    ? parsed.map((entry) =>
        typeof entry === "object" && entry !== null ? (entry as { name?: unknown }).name : undefined,
      )
    : [];
  if (names.length === 0 || !names.every((name) => typeof name === "string" && isOrganizationName(name)))
    throw new RootwardError(
      "organizations-invalid",
      '--organizations must be a JSON list of {"name": …} entries',
      {
        hint: `each name is ${ORGANIZATION_NAME_RULE}, as in the workflow's organizations input`,
      },
    );
  return names as string[];
}
