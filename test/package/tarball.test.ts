import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Issue 15: rootward as users get it. `npm pack` the repository (its `prepare` builds dist/ and
 * records the commit), install the tarball into an empty project with npm — dependencies from
 * npm's cache, the registry only for what the cache lacks — and run the installed binary from
 * there, never from the work tree.
 */
const run = promisify(execFile);
const REPO = join(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };

let root: string;
let project: string;
let tarball: string;

async function npm(cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("npm", args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false", NO_COLOR: "1" },
  });
}

/** The installed binary through npx, which must not fetch anything (`--no`). */
function rootward(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return npm(project, "exec", "--no", "--", "rootward", ...args);
}

/** A small audit snapshot, as `rootward audit --out` writes it: one account with a root password. */
function auditOfExample() {
  const clean = { password: { present: false }, accessKeys: [], mfaDevices: [], signingCertificates: [] };
  const member = (id: string, ouPath: string, rootCredentials: typeof clean | Record<string, unknown>) => ({
    id,
    name: `account-${id}`,
    ouPath,
    ouIds: ["r-root"],
    tags: {},
    state: "ACTIVE",
    status: "audited",
    rootCredentials,
  });
  return {
    version: 1,
    generatedAt: "2026-11-21T23:00:00.000Z",
    organization: {
      id: "o-pack123456",
      managementAccountId: "999999999999",
      featureSet: "ALL",
      rootId: "r-root",
    },
    features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: false },
    organizationalUnits: [],
    serviceControlPolicies: [],
    accounts: [
      member("111111111111", "/Root/Legacy", { ...clean, password: { present: true } }),
      member("222222222222", "/Root/Workloads", clean),
    ],
  };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rootward-pack-"));
  const packed = await npm(REPO, "pack", "--json", "--pack-destination", root);
  const [entry] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string }[];
  tarball = join(root, entry?.filename ?? "missing.tgz");
  project = join(root, "project");
  await run("mkdir", [project]);
  writeFileSync(join(project, "package.json"), '{ "name": "adopter", "private": true }\n');
  await npm(project, "install", "--prefer-offline", "--no-audit", "--no-fund", tarball);
}, 240_000);

afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

describe("the packed tarball, installed into an empty project", () => {
  it("holds the built CLI, the example fixture and desired state, the schema, and no sources", async () => {
    const listing = await run("tar", ["tzf", tarball], { encoding: "utf8" });
    const files = listing.stdout.split("\n").filter((line) => line !== "");
    for (const needed of [
      "package/dist/cli/main.js",
      "package/dist/build-info.json",
      "package/src/sandbox/fixtures/example-org.yaml",
      "package/desired-state/rootward.schema.json",
      "package/desired-state/policy.yaml",
    ])
      expect(files).toContain(needed);
    expect(files.filter((file) => file.endsWith(".ts") || file.endsWith(".map"))).toEqual([]);
    expect(files.filter((file) => file.startsWith("package/test/"))).toEqual([]);
  });

  it("prints its version and the commit it was built from", async () => {
    const { stdout } = await rootward("--version");
    const head = (await run("git", ["rev-parse", "HEAD"], { cwd: REPO, encoding: "utf8" })).stdout.trim();
    expect(stdout.trim()).toMatch(
      new RegExp(
        `^${manifest.version.replaceAll(".", "\\.")} \\(commit ${head}(, with uncommitted changes)?\\)$`,
      ),
    );
  });

  it("runs the demo from node_modules, in a folder with no desired state of its own", async () => {
    expect(readdirSync(project).sort()).toEqual(["node_modules", "package-lock.json", "package.json"]);
    const { stdout } = await rootward("demo");
    expect(stdout).toContain("No changes. The organization matches the desired state.");
    expect(stdout).toContain("Exit codes: plan 2 (2 = changes), apply 0, re-plan 0 (0 = no changes).");
  }, 120_000);

  it("writes a policy repository with init --from-audit, pinned to the commit it was built from, that plans no changes", async () => {
    const audit = join(root, "audit.json");
    writeFileSync(audit, `${JSON.stringify(auditOfExample())}\n`);
    const repository = join(root, "policy");
    const { stdout } = await rootward("init", repository, "--from-audit", audit, "--owner", "@acme/security");
    expect(stdout).toContain("wrote  desired-state/policy.yaml");
    const head = (await run("git", ["rev-parse", "HEAD"], { cwd: REPO, encoding: "utf8" })).stdout.trim();
    expect(readFileSync(join(repository, ".github/workflows/plan.yml"), "utf8")).toContain(
      `rootward/rootward/.github/workflows/reusable-plan.yml@${head} # rootward ${manifest.version}`,
    );
    const planned = await rootward(
      "plan",
      "--desired-state",
      join(repository, "desired-state"),
      "--audit",
      audit,
      "--detailed-exitcode",
    );
    expect(planned.stdout).toContain("No changes. The organization matches the desired state.");
  }, 60_000);
});
