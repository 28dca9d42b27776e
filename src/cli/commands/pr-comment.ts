import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { RootwardError } from "../../errors.js";
import { type ConnectGitHub, connector, type GitHubConnection } from "../../gitops/connect.js";
import { resolveIdentity } from "../../gitops/identity.js";
import { ensureApplyComment, ensurePlanComment } from "../../gitops/plan-comment.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { readPlanFile } from "../plan-file.js";
import { toolVersion } from "../version.js";

export type PrCommentOptions = { plan: string; pr?: number; applyReport?: string; commentAuthor?: string };

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
  const plan = await readPlanFile(resolve(io.cwd, options.plan));
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
      ? await ensurePlanComment(connection.github, pr, plan, context)
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
