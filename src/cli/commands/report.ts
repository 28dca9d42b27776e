import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { parseAuditSnapshot } from "../../audit/parse-snapshot.js";
import type { AuditSnapshot } from "../../audit/snapshot.js";
import { unlockTargetsOf, usesTagSelectors } from "../../desired/index.js";
import { RootwardError } from "../../errors.js";
import { MANIFEST_FILE, sha256Hex } from "../../evidence/manifest.js";
import { renderEvidencePack } from "../../evidence/pack.js";
import { desiredStateCommit } from "../../gitops/desired-state-commit.js";
import { renderAuditJson } from "../../report/audit-text.js";
import { inertText } from "../../report/inert-text.js";
import { DEFAULT_DESIRED_STATE_DIR } from "../desired-files.js";
import { ExitCode } from "../errors.js";
import { readPrevious } from "../evidence-inputs.js";
import { verifyPackDirectory, writePack } from "../evidence-pack-files.js";
import type { CliIo } from "../io.js";
import { type LiveAuditFlags, liveAudit } from "../live-audit.js";
import { planOrRefuse } from "../plan-or-refuse.js";
import { toolVersion } from "../version.js";
import { loadValidDesiredState } from "./validate.js";

export type ReportOptions = LiveAuditFlags & {
  desiredState: string;
  audit?: string;
  previous: string[];
  out?: string;
  verify?: string;
};

export async function reportCommand(options: ReportOptions, io: CliIo): Promise<number> {
  if (options.verify !== undefined) return verifyCommand(options.verify, io);
  if (options.out === undefined) {
    throw new RootwardError("report-out-missing", "rootward report needs --out DIR (or --verify DIR)", {
      hint: "rootward report --audit audit.json --out evidence/",
    });
  }
  const desired = await loadValidDesiredState(options.desiredState, io);
  if (!desired) return ExitCode.error;
  const { audit, bytes } = options.audit
    ? await readAudit(options.audit, io)
    : await auditLive(options, io, usesTagSelectors(desired), unlockTargetsOf(desired));
  const now = io.now();
  const plan = planOrRefuse(desired, audit, now);
  const previous = await readPrevious(options.previous, desired, io.cwd);
  const commit = await desiredStateCommit(resolve(io.cwd, options.desiredState), io.env);
  const { evidence, files } = renderEvidencePack({
    audit,
    auditBytes: bytes,
    desired,
    plan,
    now,
    toolVersion,
    previous,
    ...(commit ? { commit } : {}),
  });
  await writePack(resolve(io.cwd, options.out), options.out, files);
  const manifest = files.find((file) => file.path === MANIFEST_FILE);
  const counts = evidence.counts;
  io.stdout(
    [
      `wrote the evidence pack to ${inertText(options.out)}: ${files.map((file) => file.path).join(", ")}`,
      `${evidence.members} member accounts: ${counts.compliant} compliant, ${counts.excepted} excepted, ${counts.drift} drifting, ${counts["not-verified"]} not verified, ${counts.unmanaged} unmanaged`,
      `manifest.json sha256 ${manifest ? sha256Hex(manifest.content) : ""} (keep it to verify the pack later: rootward report --verify DIR)`,
      "",
    ].join("\n"),
  );
  return ExitCode.ok;
}

async function verifyCommand(directory: string, io: CliIo): Promise<number> {
  const result = await verifyPackDirectory(resolve(io.cwd, directory), directory);
  const shown = inertText(directory);
  if (result.problems.length === 0) {
    io.stdout(`${shown}: all ${result.files} files match manifest.json (sha256 ${result.manifestSha256})\n`);
    return ExitCode.ok;
  }
  for (const problem of result.problems)
    io.stderr(`${shown}/${inertText(problem.file)}: ${problem.kind}: ${problem.message}\n`);
  io.stderr(
    `${shown}: verification failed (${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}); manifest.json sha256 ${result.manifestSha256}\n`,
  );
  return ExitCode.error;
}

async function readAudit(file: string, io: CliIo): Promise<{ audit: AuditSnapshot; bytes: Uint8Array }> {
  const bytes = await readFile(resolve(io.cwd, file)).catch((error: Error) => {
    throw new RootwardError("audit-missing", `cannot read audit snapshot ${file}: ${error.message}`, {
      hint: "write one with `rootward audit --out FILE`, or leave out --audit to audit live",
    });
  });
  return { audit: parseAuditSnapshot(new TextDecoder().decode(bytes), file), bytes };
}

async function auditLive(
  flags: LiveAuditFlags,
  io: CliIo,
  withTags: boolean,
  unlockTargets: ReturnType<typeof unlockTargetsOf>,
): Promise<{ audit: AuditSnapshot; bytes: Uint8Array }> {
  const audit = await liveAudit({ ...flags, withTags: flags.withTags || withTags, unlockTargets }, io);
  return { audit, bytes: new TextEncoder().encode(renderAuditJson(audit)) };
}

export function addReportCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  withAuditOptions: (command: Command) => Command,
): void {
  withAuditOptions(
    program
      .command("report")
      .description(
        "Write an evidence pack: an HTML dashboard, control mappings (CSV/JSON) and a hashed manifest",
      )
      .addOption(
        new Option("--desired-state <dir>", "directory holding the desired-state YAML files").default(
          DEFAULT_DESIRED_STATE_DIR,
        ),
      )
      .option("--audit <file>", "report on a saved audit snapshot instead of auditing live")
      .option(
        "--previous <path...>",
        "earlier evidence packs (directories or their posture.json) or audit snapshots, for changes and the trend",
        [],
      )
      .option("--out <dir>", "the directory to write the pack into (created if missing)")
      .option(
        "--verify <dir>",
        "check a pack against its manifest.json instead (exit 1 naming any edited, missing or extra file)",
      ),
  )
    .addHelpText(
      "after",
      `
The pack: index.html (one self-contained page: no network, printable, light and dark), controls.csv
and controls.json (per account: CIS AWS Foundations Benchmark and Security Hub IAM.4 / IAM.6 / IAM.9,
each row with its evidence), posture.json (history for the next --previous), audit.json (the
snapshot, byte for byte) and manifest.json (sha256 of every file, the audit, the desired-state
digest and its git commit). Without --audit it audits live first, like \`rootward plan\`.

Examples:
  rootward report --audit audit.json --out evidence/
  rootward report --audit audit.json --previous evidence-2026-11-01/ evidence-2026-12-01/ --out evidence/
  rootward report --verify evidence/`,
    )
    .action(async (options: ReportOptions) => setExit(await reportCommand(options, io)));
}
