import { RootwardError } from "../errors.js";
import type { DesiredStateCommit } from "../evidence/model.js";
import { openCheckout } from "./git-publish.js";

/**
 * The commit the desired state was read from, for the evidence pack's manifest: `HEAD` of the
 * checkout holding the directory, and whether the directory's files differ from it (then the
 * commit alone does not describe what was used; the digest always does). Undefined outside a git
 * checkout, or in one without commits.
 */
export async function desiredStateCommit(
  directory: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DesiredStateCommit | undefined> {
  let git: Awaited<ReturnType<typeof openCheckout>>;
  try {
    git = await openCheckout(directory, env);
  } catch (error) {
    if (error instanceof RootwardError && error.code === "git-not-a-repository") return undefined;
    throw error;
  }
  try {
    const id = (await git.revparse(["HEAD"])).trim();
    const status = await git.raw(["status", "--porcelain", "--untracked-files=all", "--", "."]);
    return { id, dirty: status.trim() !== "" };
  } catch {
    // A repository without a first commit has no HEAD to name.
    return undefined;
  }
}
