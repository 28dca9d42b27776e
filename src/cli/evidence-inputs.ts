import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseAuditSnapshot } from "../audit/parse-snapshot.js";
import type { DesiredState } from "../desired/index.js";
import { RootwardError } from "../errors.js";
import type { HistoryPoint } from "../evidence/history.js";
import { POSTURE_RECORD_KIND, PostureRecord } from "../evidence/history-record.js";
import { historyPointFromAudit, historyPointFromRecord } from "../evidence/posture-record.js";
import { OrganizationMismatchError, TagsNotReadError } from "../plan/plan.js";
import { verifyPackDirectory } from "./evidence-pack-files.js";

/**
 * Reads each `--previous` input: an earlier evidence pack's directory (its posture.json), a
 * posture.json, or a bare audit snapshot (`rootward audit --out`).
 */
export async function readPrevious(
  paths: readonly string[],
  desired: DesiredState,
  cwd: string,
): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  for (const path of paths) points.push(await readOne(path, desired, cwd));
  return points;
}

async function readOne(path: string, desired: DesiredState, cwd: string): Promise<HistoryPoint> {
  const absolute = resolve(cwd, path);
  const kind = await stat(absolute).catch(() => undefined);
  if (!kind) throw previousError(path, "does not exist");
  if (kind.isDirectory()) await refuseTampered(absolute, path);
  const file = kind.isDirectory() ? join(absolute, "posture.json") : absolute;
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined)
    throw previousError(path, kind.isDirectory() ? "holds no posture.json" : "cannot be read");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw previousError(path, `is not JSON: ${(error as Error).message}`);
  }
  if ((data as { kind?: unknown } | null)?.kind === POSTURE_RECORD_KIND) {
    const parsed = PostureRecord.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw previousError(
        path,
        `is not a valid posture.json: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`,
      );
    }
    if (parsed.data.organizationId !== desired.organization.id)
      throw previousError(
        path,
        `is of organization ${parsed.data.organizationId}, not ${desired.organization.id}`,
      );
    return historyPointFromRecord(parsed.data, path);
  }
  const audit = parseAuditSnapshot(text, path);
  try {
    return historyPointFromAudit(desired, audit, path);
  } catch (error) {
    if (error instanceof OrganizationMismatchError || error instanceof TagsNotReadError)
      throw previousError(path, error.message);
    throw error;
  }
}

/** History is evidence too: an earlier pack whose files no longer match its manifest is not used. */
async function refuseTampered(directory: string, shown: string): Promise<void> {
  const verification = await verifyPackDirectory(directory, shown);
  const problem = verification.problems[0];
  if (problem) throw previousError(shown, `fails verification: ${problem.file} ${problem.message}`);
}

function previousError(path: string, problem: string): RootwardError {
  return new RootwardError("previous-invalid", `--previous ${path} ${problem}`, {
    hint: "pass an earlier evidence pack's directory (or its posture.json), or an audit snapshot of the same organization written by `rootward audit --out`",
  });
}
