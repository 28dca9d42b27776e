import { hasErrors } from "../../desired/index.js";
import { renderProblems } from "../../report/problems.js";
import { DEFAULT_DESIRED_STATE_DIR } from "../desired-files.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { loadFromDirectory } from "./validate.js";

/**
 * The one-command tour. Until the sandbox and the plan exist it validates the example desired
 * state and says what that covered.
 */
export async function demoCommand(io: CliIo): Promise<number> {
  const directory = DEFAULT_DESIRED_STATE_DIR;
  io.stdout(`rootward demo: validating the example desired state in ${directory}/\n\n`);
  const result = await loadFromDirectory(directory, io);
  io.stdout(renderProblems(result.problems, { directory, ...result.summary }, "text"));
  if (hasErrors(result.problems) || !result.state) return ExitCode.error;
  const state = result.state;
  const lines = [
    "",
    "Checked:",
    `  - ${state.files.length} files parsed as YAML (UTF-8, no duplicate keys, bounded size and aliases)`,
    "  - every field against the rootward/v1 schema (unknown keys, types, enums, 12-digit quoted account ids)",
    `  - organization ${state.organization.id}, management account ${state.organization.managementAccountId} (never managed)`,
    `  - features: trustedAccess ${state.features.trustedAccess}, rootCredentialsManagement ${state.features.rootCredentialsManagement}, rootSessions ${state.features.rootSessions}`,
    `  - baseline: password ${state.baseline.password}, accessKeys ${state.baseline.accessKeys}, signingCertificates ${state.baseline.signingCertificates}, mfa ${state.baseline.mfa}`,
    `  - ${state.exceptions.length} exceptions (owners, reasons, dates, expiry, duplicate accounts and names) and ${state.unmanaged.length} unmanaged entries`,
    "",
    "Next: `rootward validate --help`, and the desired-state reference in README.md.",
    "",
  ];
  io.stdout(lines.join("\n"));
  return ExitCode.ok;
}
