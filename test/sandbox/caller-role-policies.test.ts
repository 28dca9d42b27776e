import { ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import {
  DescribeOrganizationCommand,
  EnableAWSServiceAccessCommand,
  ListAccountsCommand,
} from "@aws-sdk/client-organizations";
import { AssumeRootCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { DEFAULT_AUDIT_OPTIONS, runAudit } from "../../src/audit/run-audit.js";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import { createAwsClients } from "../../src/aws/clients.js";
import type { RoleName } from "../../src/gitops/iam-policy.js";
import { type Sandbox, taskArn } from "../../src/sandbox/index.js";
import { printedPermissions } from "../support/printed-roles.js";
import { clientsFor, expectAwsError, sandboxes } from "./helpers.js";

const start = sandboxes();
const NOW = new Date("2026-11-22T12:00:00Z");

const permissions = (role: RoleName) => printedPermissions(role);

async function audit(sandbox: Sandbox, caller: string): Promise<AuditSnapshot> {
  const clients = await createAwsClients(sandbox.env(caller), { maxAttempts: 1 });
  return runAudit(clients, { ...DEFAULT_AUDIT_OPTIONS, now: () => NOW });
}

/** What an audit found, without the fields that differ between two runs (when, and who ran it). */
function findings(snapshot: AuditSnapshot): unknown {
  return { ...snapshot, generatedAt: undefined, caller: undefined };
}

describe("the roles `rootward iam-policy` generates, enforced by the sandbox", () => {
  it("plan: a read-only audit under the plan role finds what the management key finds; AssumeRoot to delete is denied, naming the action", async () => {
    const sandbox = await start({
      now: () => NOW,
      callers: [
        { name: "plan", roleName: "rootward-plan", sessionName: "ci-run", policies: [permissions("plan")] },
      ],
    });
    const asPlan = await audit(sandbox, "plan");
    expect(sandbox.calls().filter((call) => call.deniedBy === "identity-policy")).toEqual([]);
    expect(sandbox.calls().filter((call) => call.callerName === "plan").length).toBeGreaterThan(40);
    expect(findings(asPlan)).toEqual(findings(await audit(sandbox, "management")));
    expect(asPlan.caller).toEqual({
      accountId: "999999999999",
      arn: "arn:aws:sts::999999999999:assumed-role/rootward-plan/ci-run",
    });
    expect(asPlan.accounts.some((account) => account.status === "audited")).toBe(true);

    await expectAwsError(
      clientsFor(sandbox, "plan").sts.send(
        new AssumeRootCommand({
          TargetPrincipal: "444444444442",
          TaskPolicyArn: { arn: taskArn("IAMDeleteRootUserCredentials") },
        }),
      ),
      "AccessDenied",
      "User: arn:aws:sts::999999999999:assumed-role/rootward-plan/ci-run is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::444444444442:root because no identity-based policy allows the sts:AssumeRoot action",
    );
    expect(sandbox.calls().at(-1)).toMatchObject({
      operation: "AssumeRoot",
      callerName: "plan",
      taskPolicy: taskArn("IAMDeleteRootUserCredentials"),
      targetAccount: "444444444442",
      deniedBy: "identity-policy",
    });
  });

  it("plan, trimmed: without the statement that reads the root-access features the audit fails with the missing action named", async () => {
    const trimmed = permissions("plan");
    trimmed.Statement = trimmed.Statement.filter((statement) => statement.Sid !== "ReadRootAccessFeatures");
    const sandbox = await start({ now: () => NOW, callers: [{ name: "trimmed", policies: [trimmed] }] });
    const error = await audit(sandbox, "trimmed").then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain("iam:ListOrganizationsFeatures");
    expect(sandbox.calls().filter((call) => call.deniedBy === "identity-policy")).toMatchObject([
      { operation: "ListOrganizationsFeatures", callerName: "trimmed", outcome: "AccessDenied" },
    ]);
  });

  it("apply: may delete and switch features, may enable only IAM trusted access, may not audit", async () => {
    const sandbox = await start({ callers: [{ name: "apply", policies: [permissions("apply")] }] });
    const { organizations, iam, sts } = clientsFor(sandbox, "apply");
    await organizations.send(new DescribeOrganizationCommand({}));
    await iam.send(new ListOrganizationsFeaturesCommand({}));
    await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "iam.amazonaws.com" }));
    await expectAwsError(
      organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "guardduty.amazonaws.com" })),
      "AccessDeniedException",
      /organizations:EnableAWSServiceAccess action$/,
    );
    await sts.send(
      new AssumeRootCommand({
        TargetPrincipal: "444444444442",
        TaskPolicyArn: { arn: taskArn("IAMDeleteRootUserCredentials") },
      }),
    );
    await expectAwsError(
      sts.send(
        new AssumeRootCommand({
          TargetPrincipal: "444444444442",
          TaskPolicyArn: { arn: taskArn("IAMAuditRootUserCredentials") },
        }),
      ),
      "AccessDenied",
      /sts:AssumeRoot action$/,
    );
    await expectAwsError(
      organizations.send(new ListAccountsCommand({})),
      "AccessDeniedException",
      /because no identity-based policy allows the organizations:ListAccounts action$/,
    );
  });
});
