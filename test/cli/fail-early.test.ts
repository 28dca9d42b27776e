import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DoctorReport } from "../../src/doctor/model.js";
import type { CallRecord } from "../../src/sandbox/index.js";
import { sandboxes } from "../sandbox/helpers.js";
import { runAgainst, tempDirs } from "../support/sandbox-cli.js";

const start = sandboxes();
const temp = tempDirs();
const REPO = join(import.meta.dirname, "../..");

/** The example desired state, for organization `o-other1234567` instead of the sandbox's. */
function otherOrganization(): string {
  const dir = temp();
  cpSync(join(REPO, "desired-state"), join(dir, "desired-state"), { recursive: true });
  const policy = join(dir, "desired-state", "policy.yaml");
  writeFileSync(policy, readFileSync(policy, "utf8").replace("id: o-acme1234567", "id: o-other1234567"));
  return dir;
}

/** Discovery walks OUs and accounts; the audit then opens a session per account. */
function beyondDescribeOrganization(calls: readonly CallRecord[]): string[] {
  return calls
    .map((call) => call.operation)
    .filter(
      (operation) =>
        operation === "AssumeRoot" || /^List(Roots|Accounts|OrganizationalUnits)/.test(operation),
    );
}

const MISMATCH =
  /^Error: the credentials reach organization o-acme1234567, but the desired state is for o-other1234567\n {2}hint: /;

describe("the organization is checked right after DescribeOrganization", () => {
  it.each([
    ["plan", ["plan", "--quiet"]],
    ["audit --desired-state", ["audit", "--quiet", "--desired-state", "desired-state"]],
    ["explain", ["explain", "payments-prod", "--quiet"]],
    ["apply", ["apply", "--auto-approve", "--quiet"]],
    ["apply --unlocks-only", ["apply", "--unlocks-only", "--auto-approve"]],
  ])("%s stops before the walk and before any AssumeRoot", async (_name, argv) => {
    const sandbox = await start();
    const dir = otherOrganization();

    const result = await runAgainst(sandbox, argv, { cwd: dir });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(MISMATCH);
    expect(sandbox.calls().some((call) => call.operation === "DescribeOrganization")).toBe(true);
    expect(beyondDescribeOrganization(sandbox.calls())).toEqual([]);
  });

  it("audit without --desired-state still audits (the default directory only says what to read)", async () => {
    const sandbox = await start();
    const dir = otherOrganization();

    const result = await runAgainst(sandbox, ["audit", "--quiet", "--format", "json"], { cwd: dir });

    expect(result.code).toBe(0);
    expect(sandbox.calls().some((call) => call.operation === "AssumeRoot")).toBe(true);
  });

  it("doctor fails on the mismatch and still reports the organization it reached", async () => {
    const sandbox = await start();
    const dir = otherOrganization();

    const result = await runAgainst(sandbox, ["doctor", "--format", "json"], { cwd: dir });

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.checks.find((check) => check.id === "organization")).toEqual({
      id: "organization",
      title: "Organization matches the desired state",
      status: "failure",
      detail: "the credentials reach organization o-acme1234567, but the desired state is for o-other1234567",
      fix: expect.stringContaining("fix organization.id in the RootAccessPolicy file"),
    });
    expect(report.checks.find((check) => check.id === "all-features")?.status).toBe("ok");
  });
});
