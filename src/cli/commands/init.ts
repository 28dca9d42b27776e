import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { parseAuditSnapshot } from "../../audit/parse-snapshot.js";
import type { AuditSnapshot } from "../../audit/snapshot.js";
import { loadDesiredState } from "../../desired/index.js";
import { desiredStateJsonSchema } from "../../desired/json-schema.js";
import { RootwardError } from "../../errors.js";
import { grandfather } from "../../init/grandfather.js";
import { type PolicyOrganization, policyRepoFiles, roleVariables } from "../../init/policy-repo.js";
import { renderPolicyYaml } from "../../init/policy-yaml.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type LiveAuditFlags, liveAudit } from "../live-audit.js";
import { buildInfo, toolVersion } from "../version.js";
import { readAuditFile } from "./plan.js";

/** Where rootward's reusable workflows live (the same home as the JSON Schema's $id). */
export const ROOTWARD_REPOSITORY = "rootward/rootward";
const DAY_MS = 24 * 60 * 60 * 1000;
const ORGANIZATION_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

export type InitOptions = LiveAuditFlags & {
  fromAudit?: string;
  owner: string;
  grace: number;
  organization?: string;
  force: boolean;
  rootwardRepository: string;
  rootwardRef?: string;
};

export function addInitCommand(
  program: Command,
  io: CliIo,
  setExit: (code: number) => void,
  withAuditOptions: (command: Command) => Command,
): void {
  withAuditOptions(
    program
      .command("init")
      .description("Write a policy repository that matches the organization as it is today")
      .argument("[dir]", "the policy repository's directory", ".")
      .option("--from-audit <file>", "start from a saved audit snapshot instead of auditing live")
      .requiredOption(
        "--owner <owner>",
        "owner of the grandfathering exceptions and CODEOWNERS (@org/team or email)",
      )
      .option(
        "--grace <days>",
        "how long today's root credentials are grandfathered, e.g. 30d",
        parseGrace,
        30,
      )
      .option(
        "--organization <name>",
        "one of several organizations: writes desired-state/NAME/ and adds it to the workflows' matrix",
        parseOrganization,
      )
      .option("--force", "overwrite files that exist and differ", false)
      .option("--rootward-repository <owner/repo>", "where the reusable workflows live", ROOTWARD_REPOSITORY)
      .option("--rootward-ref <commit>", "the rootward commit the workflows pin (default: this build's)"),
  )
    .addHelpText(
      "after",
      `
Writes desired-state/policy.yaml (or desired-state/NAME/policy.yaml): the organization id, the
management account, the features as they are, a baseline of absent, and exceptions that
grandfather the root credentials member accounts hold now, grouped by OU and credential kinds,
each with --owner and an expiry --grace days away. So \`rootward plan\` right after init reports
no changes, and enforcement arrives as reviewed pull requests that tighten an exception. Also
writes the workflows (calling rootward's reusable ones, pinned to this build's commit),
.github/CODEOWNERS, .gitignore and a README. Existing files that differ are left alone and init
stops, unless --force.

Examples:
  rootward init policy-repo --owner @acme/security
  rootward audit --out audit.json && rootward init . --from-audit audit.json --owner security@acme.example --grace 60d
  rootward init . --organization sandbox --from-audit sandbox.json --owner @acme/security`,
    )
    .action(async (dir: string, options: InitOptions) => setExit(await initCommand(dir, options, io)));
}

function parseGrace(value: string): number {
  const match = /^(\d{1,4})d?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError("--grace is a number of days, e.g. 30d");
  return Number(match[1]);
}

function parseOrganization(value: string): string {
  if (!ORGANIZATION_NAME.test(value))
    throw new InvalidArgumentError("--organization is 1 to 32 lowercase letters, digits or '-', e.g. prod");
  return value;
}

export async function initCommand(dir: string, options: InitOptions, io: CliIo): Promise<number> {
  const root = resolve(io.cwd, dir);
  const pin = {
    repository: options.rootwardRepository,
    commit: options.rootwardRef ?? buildInfo.commit,
    version: toolVersion,
  };
  if (!/^[0-9a-f]{40}$/.test(pin.commit)) {
    throw new RootwardError(
      "init-no-commit",
      `cannot pin the workflows: this rootward build does not know its commit (${pin.commit})`,
      {
        hint: "pass --rootward-ref COMMIT (a full 40-character commit of rootward), or run a rootward built from a git checkout",
      },
    );
  }
  if (buildInfo.dirty && options.rootwardRef === undefined)
    io.stderr(
      `note: this rootward was built with uncommitted changes; the workflows pin ${pin.commit}, which differs from it\n`,
    );
  const audit = options.fromAudit
    ? parseAuditSnapshot(
        await readAuditFile(resolve(io.cwd, options.fromAudit), "--from-audit"),
        options.fromAudit,
      )
    : await liveAudit({ ...options, unlockReads: false }, io);
  const now = io.now();
  const directory = options.organization ? `desired-state/${options.organization}` : "desired-state";
  const files = await initFiles(root, audit, options, directory, now, pin);
  const written = await writeFiles(root, files, options.force);
  for (const [path, outcome] of written)
    io.stdout(`${outcome === "written" ? "wrote" : "unchanged"}  ${path}\n`);
  const summary = grandfather(audit, grandfatherOptions(options, now, audit));
  io.stdout(
    `\n${summary.counts.grandfathered} member account(s) hold root credentials today: ${summary.counts.exceptions} grandfathering exception(s), expiring ${expiryDay(now, options.grace)}.\n`,
  );
  if (summary.trustedAccessRepaired)
    io.stderr(
      "warning: root-access features are on but IAM trusted access (iam.amazonaws.com) is off, which a policy cannot express; the policy says trustedAccess: enabled, so the first plan proposes EnableAWSServiceAccess\n",
    );
  if (summary.counts.notRead > 0)
    io.stderr(
      `warning: ${summary.counts.notRead} active member account(s) could not be audited (${[...new Set(summary.notRead.map((account) => account.reasonCode ?? account.status))].join(", ")}); nothing of theirs is grandfathered, so once audited their root credentials would be planned for deletion. Run init again when they can be audited, or add exceptions.\n`,
    );
  const roles = roleVariables(
    { name: options.organization ?? "default", directory },
    options.organization !== undefined,
  );
  io.stdout(
    `Next: rootward validate --desired-state ${join(dir, directory)}; commit and push; set the repository variables ROOTWARD_AWS_REGION, ${roles.plan} and ${roles.apply} (README.md).\n`,
  );
  return ExitCode.ok;
}

function grandfatherOptions(options: InitOptions, now: Date, audit: AuditSnapshot) {
  return {
    owner: options.owner,
    expires: expiryDay(now, options.grace),
    auditDay: audit.generatedAt.slice(0, 10),
  };
}

function expiryDay(now: Date, grace: number): string {
  return new Date(now.getTime() + grace * DAY_MS).toISOString().slice(0, 10);
}

/** Every file init writes, the policy checked by the same loader `validate` uses. */
async function initFiles(
  root: string,
  audit: AuditSnapshot,
  options: InitOptions,
  directory: string,
  now: Date,
  pin: { repository: string; commit: string; version: string },
): Promise<Record<string, string>> {
  const result = grandfather(audit, grandfatherOptions(options, now, audit));
  const schemaPath = options.organization ? "../rootward.schema.json" : "./rootward.schema.json";
  const policy = renderPolicyYaml(result.policy, {
    schemaPath,
    auditDay: audit.generatedAt.slice(0, 10),
    notRead: result.counts.notRead,
  });
  const loaded = loadDesiredState(
    directory,
    [{ path: `${directory}/policy.yaml`, name: "policy.yaml", content: new TextEncoder().encode(policy) }],
    now,
  );
  if (!loaded.state) {
    const problems = loaded.problems.map((problem) => `${problem.path}: ${problem.message}`).join("; ");
    throw new RootwardError("init-invalid-policy", `the policy init wrote does not validate: ${problems}`, {
      fault: "internal",
    });
  }
  const organizations: PolicyOrganization[] = options.organization
    ? [...new Set([...(await existingOrganizations(root)), options.organization])]
        .sort()
        .map((name) => ({ name, directory: `desired-state/${name}` }))
    : [{ name: "default", directory: "desired-state" }];
  return {
    [`${directory}/policy.yaml`]: policy,
    "desired-state/rootward.schema.json": desiredStateJsonSchema(),
    ...policyRepoFiles({
      organizations,
      named: options.organization !== undefined,
      pin,
      owner: options.owner,
    }),
  };
}

/** The organizations a repository already holds: desired-state/NAME/policy.yaml. */
async function existingOrganizations(root: string): Promise<string[]> {
  const entries = await readdir(join(root, "desired-state"), { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !ORGANIZATION_NAME.test(entry.name)) continue;
    const present = await readFile(join(root, "desired-state", entry.name, "policy.yaml")).then(
      () => true,
      () => false,
    );
    if (present) names.push(entry.name);
  }
  return names;
}

/**
 * Writes the files, all or none: a file that exists with other content stops init before anything
 * is written (unless --force), one with the same content is left as it is.
 */
async function writeFiles(
  root: string,
  files: Record<string, string>,
  force: boolean,
): Promise<Array<[string, "written" | "unchanged"]>> {
  const plan: Array<[string, "written" | "unchanged"]> = [];
  const conflicts: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const existing = await readFile(join(root, path), "utf8").catch(() => undefined);
    if (existing === content) plan.push([path, "unchanged"]);
    else {
      if (existing !== undefined && !force) conflicts.push(path);
      plan.push([path, "written"]);
    }
  }
  if (conflicts.length > 0) {
    throw new RootwardError(
      "init-would-overwrite",
      `refusing to overwrite ${conflicts.join(", ")} in ${root}`,
      {
        hint: "move them away, or pass --force to replace them (adding an organization rewrites the workflows and README)",
      },
    );
  }
  for (const [path, outcome] of plan) {
    if (outcome === "unchanged") continue;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), files[path] as string);
  }
  return plan;
}
