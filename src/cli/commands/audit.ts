import { resolve } from "node:path";
import type { UnlockTargetRequest } from "../../audit/unlock-targets.js";
import { unlockTargetsOf, usesTagSelectors } from "../../desired/index.js";
import { auditSummaryLine, renderAuditJson, renderAuditText } from "../../report/audit-text.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type LiveAuditFlags, liveAudit } from "../live-audit.js";
import { writeTextFile } from "../write-text.js";
import { loadFromDirectory } from "./validate.js";

export type AuditCommandOptions = LiveAuditFlags & {
  out?: string;
  format: "text" | "json";
  desiredState: string;
  /**
   * --desired-state was on the command line: its organization.id must be the one the
   * credentials reach. The default directory is only read for what to audit, as before.
   */
  desiredStateGiven?: boolean;
};

export async function auditCommand(options: AuditCommandOptions, io: CliIo): Promise<number> {
  const needs = await desiredStateNeeds(options.desiredState, io);
  const snapshot = await liveAudit(
    {
      ...options,
      withTags: options.withTags || needs.tags,
      unlockTargets: needs.unlockTargets,
      ...(options.desiredStateGiven && needs.organizationId
        ? { expectOrganizationId: needs.organizationId }
        : {}),
    },
    io,
  );
  if (options.out) {
    await writeTextFile(resolve(io.cwd, options.out), renderAuditJson(snapshot));
    io.stderr(`wrote ${options.out}: ${auditSummaryLine(snapshot)}\n`);
  }
  if (options.format === "json" && !options.out) io.stdout(renderAuditJson(snapshot));
  else if (options.format === "text") io.stdout(renderAuditText(snapshot));
  if (snapshot.incomplete) {
    io.stderr(interruptedMessage(snapshot.incomplete.notAudited, snapshot.accounts.length, options.out));
    return ExitCode.interrupted;
  }
  const failed = snapshot.accounts.some((account) => account.status === "failed");
  return failed ? ExitCode.error : ExitCode.ok;
}

/**
 * What the desired state makes the audit read besides root credentials, and the organization it
 * is for (a valid desired state for another organization stops the audit at once). Tags cost one
 * Organizations call per account, so they are read only when a selector needs them; the
 * policies of unlock targets only when the desired state lists unlocks.
 */
export async function desiredStateNeeds(
  directory: string,
  io: CliIo,
): Promise<{ tags: boolean; unlockTargets: UnlockTargetRequest[]; organizationId?: string }> {
  try {
    const result = await loadFromDirectory(directory, io);
    if (result.state) {
      return {
        tags: usesTagSelectors(result.state),
        unlockTargets: unlockTargetsOf(result.state),
        organizationId: result.state.organization.id,
      };
    }
    io.stderr(
      `note: ${directory} is not valid (see \`rootward validate\`); reading account tags to be safe\n`,
    );
    return { tags: true, unlockTargets: [] };
  } catch {
    return { tags: false, unlockTargets: [] };
  }
}

/** What Ctrl-C cost: the accounts never audited, and where the partial snapshot is, if anywhere. */
function interruptedMessage(notAudited: number, discovered: number, out: string | undefined): string {
  const lost = `Interrupted: ${notAudited} of ${discovered} accounts were not audited (recorded as unaudited, reason interrupted).`;
  const kept = out
    ? `${out} holds the partial snapshot, marked incomplete: plan refuses it, except with --account for accounts it audited.`
    : "Nothing was saved; with --out FILE the partial snapshot is written, marked incomplete.";
  return `${lost}\n${kept}\n`;
}
