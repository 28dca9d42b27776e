import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import type { PolicyDocument, RolePolicies } from "../../src/gitops/iam-policy.js";
import { captureIo } from "../support/capture-io.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const TASK = "arn:aws:iam::aws:policy/root-task/";

async function iamPolicy(
  args: string[],
  env: Record<string, string> = { GITHUB_REPOSITORY: "acme/root-access" },
) {
  const captured = captureIo(process.cwd(), NOW);
  const code = await runCli(["iam-policy", ...args], { ...captured.io, env });
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function statements(document: PolicyDocument) {
  return document.Statement;
}

function actions(document: PolicyDocument): string[] {
  return statements(document).flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );
}

describe("rootward iam-policy", () => {
  it("plan: AssumeRoot only with the audit task policy, organization reads, trusted for PRs and main", async () => {
    const { code, stdout } = await iamPolicy(["plan", "--account-id", "111122223333"]);
    expect(code).toBe(0);
    const policies = JSON.parse(stdout) as RolePolicies;
    expect(policies.roleName).toBe("rootward-plan");
    expect(actions(policies.permissionsPolicy).sort()).toEqual([
      "iam:ListOrganizationsFeatures",
      "organizations:Describe*",
      "organizations:List*",
      "sts:AssumeRoot",
    ]);
    const assumeRoot = statements(policies.permissionsPolicy).find((s) => s.Action === "sts:AssumeRoot");
    expect(assumeRoot?.Resource).toBe("arn:aws:iam::*:root");
    expect(assumeRoot?.Condition).toEqual({
      StringEquals: { "sts:TaskPolicyArn": [`${TASK}IAMAuditRootUserCredentials`] },
    });
    const [trust] = statements(policies.trustPolicy);
    expect(trust?.Principal).toEqual({
      Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    });
    expect(trust?.Action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(trust?.Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": [
          "repo:acme/root-access:pull_request",
          "repo:acme/root-access:ref:refs/heads/main",
        ],
      },
    });
  });

  it("apply: only delete/create-password and unlock sessions and the feature switches, only from root-apply", async () => {
    const { code, stdout } = await iamPolicy(["apply", "--account-id", "111122223333"]);
    expect(code).toBe(0);
    const policies = JSON.parse(stdout) as RolePolicies;
    const assumeRoot = statements(policies.permissionsPolicy).find((s) => s.Action === "sts:AssumeRoot");
    expect(assumeRoot?.Condition).toEqual({
      StringEquals: {
        "sts:TaskPolicyArn": [
          `${TASK}IAMDeleteRootUserCredentials`,
          `${TASK}IAMCreateRootUserPassword`,
          `${TASK}S3UnlockBucketPolicy`,
          `${TASK}SQSUnlockQueuePolicy`,
        ],
      },
    });
    expect(actions(policies.permissionsPolicy)).not.toContain("organizations:DisableAWSServiceAccess");
    const trustedAccess = statements(policies.permissionsPolicy).find(
      (s) => s.Action === "organizations:EnableAWSServiceAccess",
    );
    expect(trustedAccess?.Condition).toEqual({
      StringEquals: { "organizations:ServicePrincipal": "iam.amazonaws.com" },
    });
    expect(statements(policies.trustPolicy)[0]?.Condition?.StringEquals).toEqual({
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": "repo:acme/root-access:environment:root-apply",
    });
  });

  it("apply --account-kind delegated-admin leaves out the calls only the management account may make", async () => {
    const permissions = async (role: string, kind?: string) =>
      JSON.parse(
        (
          await iamPolicy([
            role,
            "--account-id",
            "111122223333",
            "--document",
            "permissions",
            ...(kind ? ["--account-kind", kind] : []),
          ])
        ).stdout,
      ) as PolicyDocument;
    const managementOnly = [
      "iam:EnableOrganizationsRootCredentialsManagement",
      "iam:EnableOrganizationsRootSessions",
      "organizations:EnableAWSServiceAccess",
      "organizations:DisableAWSServiceAccess",
    ];

    const delegated = actions(await permissions("apply", "delegated-admin"));
    const management = actions(await permissions("apply", "management"));

    expect(delegated.filter((action) => managementOnly.includes(action))).toEqual([]);
    expect(delegated).toEqual(
      expect.arrayContaining([
        "iam:ListOrganizationsFeatures",
        "iam:DisableOrganizationsRootCredentialsManagement",
        "iam:DisableOrganizationsRootSessions",
        "sts:AssumeRoot",
      ]),
    );
    expect(management.filter((action) => managementOnly.includes(action)).sort()).toEqual([
      "iam:EnableOrganizationsRootCredentialsManagement",
      "iam:EnableOrganizationsRootSessions",
      "organizations:EnableAWSServiceAccess",
    ]);
    expect(actions(await permissions("apply"))).toEqual(management);
    expect(await permissions("plan", "delegated-admin")).toEqual(await permissions("plan", "management"));
  });

  it("--help says which calls need the management account and how to make them by hand", async () => {
    const { stdout } = await iamPolicy(["--help"]);
    expect(stdout).toContain("--account-kind <kind>");
    expect(stdout).toContain("aws iam enable-organizations-root-sessions");
    expect(stdout).toMatch(/No role may disable IAM trusted access/);
  });

  it("never grants a wildcard action or an AssumeRoot without a task-policy condition", async () => {
    for (const role of ["plan", "apply"]) {
      const policies = JSON.parse(
        (await iamPolicy([role, "--account-id", "111122223333"])).stdout,
      ) as RolePolicies;
      expect(
        actions(policies.permissionsPolicy).some((action) => action === "*" || action.endsWith(":*")),
      ).toBe(false);
      for (const statement of statements(policies.permissionsPolicy).filter(
        (s) => s.Action === "sts:AssumeRoot",
      ))
        expect(statement.Condition?.StringEquals?.["sts:TaskPolicyArn"]).toBeDefined();
    }
  });

  it("prints one document for aws iam, with options for repository, branch, environment and GHES", async () => {
    const { code, stdout } = await iamPolicy(
      [
        "apply",
        "--account-id",
        "111122223333",
        "--repository",
        "other/repo",
        "--environment",
        "prod-root",
        "--oidc-host",
        "ghe.example.com/_services/token",
        "--document",
        "trust",
      ],
      {},
    );
    expect(code).toBe(0);
    const trust = JSON.parse(stdout) as PolicyDocument;
    expect(trust.Version).toBe("2012-10-17");
    expect(trust.Statement[0]?.Principal?.Federated).toBe(
      "arn:aws:iam::111122223333:oidc-provider/ghe.example.com/_services/token",
    );
    expect(trust.Statement[0]?.Condition?.StringEquals?.["ghe.example.com/_services/token:sub"]).toBe(
      "repo:other/repo:environment:prod-root",
    );
    const permissions = JSON.parse(
      (
        await iamPolicy([
          "plan",
          "--account-id",
          "111122223333",
          "--branch",
          "trunk",
          "--document",
          "permissions",
        ])
      ).stdout,
    ) as PolicyDocument;
    expect(permissions.Statement.map((s) => s.Sid)).toEqual([
      "AuditRootCredentialsOnly",
      "ReadOrganization",
      "ReadRootAccessFeatures",
    ]);
  });

  it("explains what is missing", async () => {
    const noRepository = await iamPolicy(["plan", "--account-id", "111122223333"], {});
    expect(noRepository.code).toBe(1);
    expect(noRepository.stderr).toContain("--repository (or GITHUB_REPOSITORY) must be OWNER/REPO");
    const noAccount = await iamPolicy(["plan"]);
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toContain("--account-id must be the 12-digit account");
    expect(noAccount.stderr).toContain("hint: the management account or the IAM delegated administrator");
    const badRole = await iamPolicy(["admin", "--account-id", "111122223333"]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("Allowed choices are plan, apply");
  });
});
