import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleDesiredStatePath } from "../../sandbox/example-fixture.js";
import { startSandbox } from "../../sandbox/index.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { applyCommand } from "./apply.js";
import { planCommand } from "./plan.js";

const auditFlags = { concurrency: 16, thorough: false, withTags: false, quiet: true };

/**
 * The whole loop in one command, on the embedded example organization: sandbox → plan → apply
 * → plan again. The sandbox runs in-process on 127.0.0.1; nothing touches AWS.
 */
export async function demoCommand(io: CliIo): Promise<number> {
  // The example organization's own desired state, wherever rootward is installed.
  const desiredState = exampleDesiredStatePath();
  const sandbox = await startSandbox();
  const workdir = mkdtempSync(join(tmpdir(), "rootward-demo-"));
  const planFile = join(workdir, "plan.json");
  const demoIo: CliIo = { ...io, env: { ...io.env, ...sandbox.env() } };
  const state = sandbox.state();
  const step = (title: string) => io.stdout(`\n━━ ${title}\n\n`);
  try {
    io.stdout(
      `rootward demo: the whole loop on the example organization ${state.organization.id} (${state.accounts.length} accounts),\n` +
        `served by an in-process sandbox at ${sandbox.url}. No AWS account is touched.\n`,
    );
    step(`1/3  rootward plan --out plan.json   (audits every account through AssumeRoot audit sessions)`);
    const planned = await planCommand(
      {
        ...auditFlags,
        desiredState,
        out: planFile,
        format: "text",
        detailedExitcode: true,
      },
      demoIo,
    );
    if (planned === ExitCode.error) return ExitCode.error;
    step("2/3  rootward apply plan.json   (one delete/create session per account, live state re-read first)");
    const applied = await applyCommand(
      planFile,
      {
        ...auditFlags,
        desiredState,
        autoApprove: true,
        maxActions: 50,
        journal: join(workdir, "journal.jsonl"),
        applyConcurrency: 8,
        format: "text",
      },
      demoIo,
    );
    step("3/3  rootward plan --detailed-exitcode   (a fresh audit after the apply)");
    const replanned = await planCommand(
      { ...auditFlags, desiredState, format: "text", detailedExitcode: true },
      demoIo,
    );
    io.stdout(
      `\nExit codes: plan ${planned} (2 = changes), apply ${applied}, re-plan ${replanned} (0 = no changes).\n` +
        "Try it yourself: `npx rootward sandbox` in one terminal, paste its export lines in another, then\n" +
        "`npx rootward audit`, `npx rootward plan --out plan.json` and `npx rootward apply plan.json`.\n",
    );
    return applied === ExitCode.ok && replanned === ExitCode.ok ? ExitCode.ok : ExitCode.error;
  } finally {
    await sandbox.stop();
    rmSync(workdir, { recursive: true, force: true });
  }
}
