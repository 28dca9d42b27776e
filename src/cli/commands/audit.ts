import { writeFile } from "node:fs/promises";
import { usesTagSelectors } from "../../desired/index.js";
import { auditSummaryLine, renderAuditJson, renderAuditText } from "../../report/audit-text.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type LiveAuditFlags, liveAudit } from "../live-audit.js";
import { loadFromDirectory } from "./validate.js";

export type AuditCommandOptions = LiveAuditFlags & {
  out?: string;
  format: "text" | "json";
  desiredState: string;
};

export async function auditCommand(options: AuditCommandOptions, io: CliIo): Promise<number> {
  const withTags = options.withTags || (await desiredStateNeedsTags(options.desiredState, io));
  const snapshot = await liveAudit({ ...options, withTags }, io);
  if (options.out) {
    await writeFile(options.out, renderAuditJson(snapshot));
    io.stderr(`wrote ${options.out}: ${auditSummaryLine(snapshot)}\n`);
  }
  if (options.format === "json" && !options.out) io.stdout(renderAuditJson(snapshot));
  else if (options.format === "text") io.stdout(renderAuditText(snapshot));
  const failed = snapshot.accounts.some((account) => account.status === "failed");
  return failed ? ExitCode.error : ExitCode.ok;
}

/** Tags cost one Organizations call per account, so they are read only when a selector needs them. */
export async function desiredStateNeedsTags(directory: string, io: CliIo): Promise<boolean> {
  try {
    const result = await loadFromDirectory(directory, io);
    if (result.state) return usesTagSelectors(result.state);
    io.stderr(
      `note: ${directory} is not valid (see \`rootward validate\`); reading account tags to be safe\n`,
    );
    return true;
  } catch {
    return false;
  }
}
