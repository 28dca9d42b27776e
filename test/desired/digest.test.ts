import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadFromDirectory } from "../../src/cli/commands/validate.js";
import { NOW, policyYaml } from "../support/builders.js";
import { captureIo } from "../support/capture-io.js";

const exceptions = [
  "apiVersion: rootward/v1",
  "kind: RootAccessExceptions",
  "exceptions:",
  "  - name: payments-break-glass",
  '    accounts: ["222222222222"]',
  "    password: present",
  "    reason: Card network registration",
  "    owner: payments@acme.example",
  "",
].join("\n");

const scratch: string[] = [];
afterEach(() => {
  for (const directory of scratch.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** <tmp>/repo/desired-state with a policy and an exceptions file in a subfolder; returns <tmp>. */
function repository(): string {
  const root = mkdtempSync(join(tmpdir(), "rootward-digest-"));
  scratch.push(root);
  const desired = join(root, "repo", "desired-state");
  mkdirSync(join(desired, "teams"), { recursive: true });
  writeFileSync(join(desired, "policy.yaml"), policyYaml());
  writeFileSync(join(desired, "teams", "payments.yaml"), exceptions);
  return root;
}

async function digest(cwd: string, directory: string): Promise<string> {
  const loaded = await loadFromDirectory(directory, captureIo(cwd, NOW).io);
  if (!loaded.state) throw new Error(`invalid desired state: ${JSON.stringify(loaded.problems)}`);
  return loaded.state.digest;
}

describe("desired-state digest", () => {
  it("depends only on the files inside the directory, not on how the directory was typed", async () => {
    const root = repository();
    const repo = join(root, "repo");
    const desired = join(repo, "desired-state");
    const forms: Array<[cwd: string, directory: string]> = [
      [repo, "desired-state"],
      [repo, "desired-state/"],
      [repo, "./desired-state/"],
      [repo, desired],
      [`${repo}/`, `${desired}/`],
      [desired, "."],
      [join(desired, "teams"), ".."],
      [root, "repo/desired-state"],
      [tmpdir(), desired],
    ];
    const digests = await Promise.all(forms.map(([cwd, directory]) => digest(cwd, directory)));
    expect(new Set(digests).size).toBe(1);
    expect(digests[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists the files by their path inside the directory", async () => {
    const root = repository();
    const loaded = await loadFromDirectory(join(root, "repo", "desired-state"), captureIo(root, NOW).io);
    expect(loaded.state?.files.map((file) => file.path)).toEqual(["policy.yaml", "teams/payments.yaml"]);
  });

  it.each([
    {
      change: "a file renamed",
      edit: (desired: string) =>
        renameSync(join(desired, "teams", "payments.yaml"), join(desired, "teams", "cards.yaml")),
    },
    {
      change: "a file moved to another folder",
      edit: (desired: string) =>
        renameSync(join(desired, "teams", "payments.yaml"), join(desired, "payments.yaml")),
    },
    {
      change: "a comment added",
      edit: (desired: string) =>
        writeFileSync(join(desired, "teams", "payments.yaml"), `${exceptions}# ok\n`),
    },
    {
      change: "a value edited",
      edit: (desired: string) =>
        writeFileSync(
          join(desired, "teams", "payments.yaml"),
          exceptions.replace("222222222222", "222222222223"),
        ),
    },
  ])("changes with $change", async ({ edit }) => {
    const root = repository();
    const desired = join(root, "repo", "desired-state");
    const before = await digest(join(root, "repo"), "desired-state");
    edit(desired);
    expect(await digest(join(root, "repo"), "desired-state")).not.toBe(before);
    expect(await digest(desired, ".")).not.toBe(before);
  });
});
