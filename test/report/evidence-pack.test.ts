import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import { runCli } from "../../src/cli/program.js";
import type { PostureRecord } from "../../src/evidence/history-record.js";
import { type Manifest, sha256Hex } from "../../src/evidence/manifest.js";
import { PACK_FILES } from "../../src/evidence/pack.js";
import type { Plan } from "../../src/plan/model.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { NOW } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";
import { embeddedTables } from "../support/evidence-page.js";
import { createGitRepos } from "../support/git-repos.js";
import { readJson, runAgainst, tempDirs } from "../support/sandbox-cli.js";

const DESIRED = join(import.meta.dirname, "../../desired-state");
const tempDir = tempDirs();

let sandbox: Sandbox;
let work: string;
let auditFile: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  work = mkdtempSync(join(tmpdir(), "rootward-evidence-"));
  auditFile = join(work, "audit.json");
  const audited = await runAgainst(sandbox, [
    "audit",
    "--desired-state",
    DESIRED,
    "--out",
    auditFile,
    "--quiet",
  ]);
  expect(audited.code, audited.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await sandbox.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The real CLI in-process, without AWS. */
async function rootward(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const captured = captureIo(cwd, NOW);
  const code = await runCli(argv, { ...captured.io, env });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

async function pack(audit: string, extra: string[] = []): Promise<string> {
  const out = join(tempDir(), "evidence");
  const result = await rootward(
    ["report", "--desired-state", DESIRED, "--audit", audit, "--out", out, ...extra],
    work,
  );
  expect(result.code, result.stderr).toBe(0);
  return out;
}

describe("rootward report", () => {
  it("live: audits the example organization and writes the pack, whose counts are the plan's", async () => {
    const out = join(tempDir(), "evidence");
    const run = await runAgainst(sandbox, ["report", "--desired-state", DESIRED, "--out", out, "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...PACK_FILES].sort());

    const planned = await rootward(
      ["plan", "--desired-state", DESIRED, "--audit", join(out, "audit.json"), "--format", "json"],
      work,
    );
    const summary = (JSON.parse(planned.stdout) as Plan).summary;
    const posture = readJson<PostureRecord>(join(out, "posture.json"));
    const count = (name: string) => posture.accounts.filter((account) => account.posture === name).length;
    expect(count("compliant") + count("excepted")).toBe(summary.compliant);
    expect(count("excepted")).toBeGreaterThan(0);
    expect(count("drift")).toBe(summary.drift);
    expect(count("not-verified")).toBe(summary.notVerified);
    expect(count("unmanaged")).toBe(summary.unmanaged);
    expect(run.stdout).toContain(`${count("drift")} drifting`);

    // One CSV row per account and control, each naming the audit and the call that answered it.
    const rows = readFileSync(join(out, "controls.csv"), "utf8").trimEnd().split("\r\n");
    expect(rows).toHaveLength(1 + posture.accounts.length * 3);
    const header = (rows[0] ?? "").split(",");
    const keyRow = rows.find(
      (row) => row.includes('"root-access-key"') && row.includes('"access-key-present"'),
    );
    const cells = JSON.parse(`[${keyRow ?? ""}]`) as string[];
    expect(cells[header.indexOf("security_hub_control")]).toBe("IAM.4");
    expect(cells[header.indexOf("cis_v3_0_0")]).toBe("1.4");
    expect(cells[header.indexOf("answered_by")]).toContain("iam:ListAccessKeys");
    expect(cells[header.indexOf("session")]).toBe("sts:AssumeRoot IAMAuditRootUserCredentials");
    expect(cells[header.indexOf("audited_at")]).toBe(posture.auditGeneratedAt);

    const verified = await rootward(["report", "--verify", out], work);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain("all 5 files match");
  });

  it("keeps the --audit snapshot byte for byte, and the manifest hashes every file", async () => {
    const out = await pack(auditFile);
    const manifest = readJson<Manifest>(join(out, "manifest.json"));
    expect(manifest.files.find((file) => file.path === "audit.json")?.sha256).toBe(
      sha256Hex(readFileSync(auditFile)),
    );
    for (const file of manifest.files)
      expect(sha256Hex(readFileSync(join(out, file.path)))).toBe(file.sha256);
    const audit = readJson<AuditSnapshot>(auditFile);
    expect(manifest.audit).toEqual({
      generatedAt: audit.generatedAt,
      organizationId: audit.organization.id,
      managementAccountId: audit.organization.managementAccountId,
    });
  });

  it.each<[string, (out: string) => void, string]>([
    [
      "an edited file",
      (out) => writeFileSync(join(out, "controls.csv"), "account_id\r\n"),
      "controls.csv: edited",
    ],
    ["a missing file", (out) => rmSync(join(out, "index.html")), "index.html: missing"],
    ["an added file", (out) => writeFileSync(join(out, "notes.txt"), "x"), "notes.txt: extra"],
    [
      "an edited file with a recomputed manifest entry but the old manifest hash",
      (out) => {
        const manifest = readJson<Manifest>(join(out, "manifest.json"));
        writeFileSync(join(out, "posture.json"), "{}");
        writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest));
      },
      "posture.json: edited",
    ],
  ])("--verify fails (exit 1) on %s, naming it", async (_name, tamper, message) => {
    const out = await pack(auditFile);
    tamper(out);
    const verified = await rootward(["report", "--verify", out], work);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain(message);
  });

  it("without --out or --verify says what to pass", async () => {
    const run = await rootward(["report", "--desired-state", DESIRED, "--audit", auditFile], work);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("rootward report needs --out DIR (or --verify DIR)");
  });

  it("--verify without a manifest says what to pass", async () => {
    const verified = await rootward(["report", "--verify", tempDir()], work);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain("holds no manifest.json");
  });

  it("--previous: changes since an earlier pack, since a bare snapshot, and the trend across packs", async () => {
    const audit = readJson<AuditSnapshot>(auditFile);
    const withKey = audit.accounts.find((account) => (account.rootCredentials?.accessKeys.length ?? 0) > 0);
    const cleanAccount = audit.accounts.find(
      (account) =>
        account.status === "audited" &&
        account.rootCredentials?.password.present === false &&
        account.rootCredentials.accessKeys.length === 0,
    );
    if (!withKey?.rootCredentials || !cleanAccount?.rootCredentials) throw new Error("example org changed");
    const removedKey = withKey.rootCredentials.accessKeys[0]?.accessKeyId ?? "";
    withKey.rootCredentials.accessKeys = withKey.rootCredentials.accessKeys.slice(1);
    cleanAccount.rootCredentials.password = { present: true };
    const later = join(work, "audit-later.json");
    writeFileSync(later, JSON.stringify({ ...audit, generatedAt: "2026-11-23T06:00:00.000Z" }));

    const first = await pack(auditFile);
    const second = await pack(later, ["--previous", first, auditFile]);
    const tables = embeddedTables(readFileSync(join(second, "index.html"), "utf8"));
    for (const name of ["changes-0", "changes-1"]) {
      const rows = tables[name]?.rows ?? [];
      expect(rows).toContainEqual(["credential created", cleanAccount.id, cleanAccount.name, "password"]);
      expect(rows.filter((row) => row[0] === "credential removed")).toEqual([
        [
          "credential removed",
          withKey.id,
          withKey.name,
          expect.stringContaining(`access key ${removedKey.slice(0, 4)}…`),
        ],
      ]);
    }
    const trend = readJson<PostureRecord>(join(second, "posture.json")).trend;
    expect(trend.map((point) => point.at)).toEqual([audit.generatedAt, "2026-11-23T06:00:00.000Z"]);
    expect(
      readJson<Manifest>(join(second, "manifest.json"))
        .previous.map((entry) => entry.basis)
        .sort(),
    ).toEqual(["current-desired-state", "recorded"]);

    // A third pack carries the trend of the second forward from its posture.json alone.
    const third = await pack(later, ["--previous", join(second, "posture.json")]);
    expect(readJson<PostureRecord>(join(third, "posture.json")).trend).toHaveLength(2);
  });

  it("--previous refuses an earlier pack that fails verification", async () => {
    const earlier = await pack(auditFile);
    writeFileSync(join(earlier, "posture.json"), JSON.stringify({ forged: true }));
    const out = join(tempDir(), "evidence");
    const run = await rootward(
      ["report", "--desired-state", DESIRED, "--audit", auditFile, "--previous", earlier, "--out", out],
      work,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("fails verification: posture.json");
  });

  it("--out refuses a directory that holds other files", async () => {
    const out = tempDir();
    writeFileSync(join(out, "thesis.docx"), "x");
    const run = await rootward(
      ["report", "--desired-state", DESIRED, "--audit", auditFile, "--out", out],
      work,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("thesis.docx");
  });

  it("records the desired state's git commit, and whether its files differ from it", async () => {
    const repos = createGitRepos();
    try {
      cpSync(DESIRED, join(repos.work, "desired-state"), { recursive: true });
      const commit = repos.commitToMain({}, "desired state");
      const run = async () => {
        const out = join(tempDir(), "evidence");
        const result = await rootward(["report", "--audit", auditFile, "--out", out], repos.work, repos.env);
        expect(result.code, result.stderr).toBe(0);
        return readJson<Manifest>(join(out, "manifest.json")).desiredState;
      };
      expect((await run()).commit).toEqual({ id: commit, dirty: false });
      const policy = join(repos.work, "desired-state", "policy.yaml");
      writeFileSync(policy, `${readFileSync(policy, "utf8")}# edited\n`);
      const dirty = await run();
      expect(dirty.commit).toEqual({ id: commit, dirty: true });
      expect(dirty.files.map((file) => file.path)).toContain("policy.yaml");
    } finally {
      repos.remove();
    }
  });
});
