import { RootwardError } from "../../errors.js";
import { parseRepository } from "../../gitops/github-settings.js";
import { type AccountKind, type RoleName, rolePolicies } from "../../gitops/iam-policy.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";

export type IamPolicyDocument = "all" | "trust" | "permissions";

export type IamPolicyOptions = {
  repository?: string;
  accountId?: string;
  accountKind: AccountKind;
  branch: string;
  environment: string;
  oidcHost: string;
  document: IamPolicyDocument;
};

/** Prints the IAM policies of one role as JSON: both documents, or one ready for `aws iam`. */
export function iamPolicyCommand(role: RoleName, options: IamPolicyOptions, io: CliIo): number {
  const { owner, repo } = parseRepository(
    options.repository ?? io.env.GITHUB_REPOSITORY,
    options.repository ? "--repository" : "--repository (or GITHUB_REPOSITORY)",
  );
  if (!options.accountId || !/^\d{12}$/.test(options.accountId)) {
    throw new RootwardError(
      "account-id-missing",
      `--account-id must be the 12-digit account that holds the role and the GitHub OIDC provider${options.accountId ? `, got "${options.accountId}"` : ""}`,
      {
        hint: "the management account or the IAM delegated administrator: aws sts get-caller-identity --query Account --output text",
      },
    );
  }
  const policies = rolePolicies(role, {
    owner,
    repo,
    accountId: options.accountId,
    accountKind: options.accountKind,
    branch: options.branch,
    environment: options.environment,
    oidcHost: options.oidcHost,
  });
  const output =
    options.document === "trust"
      ? policies.trustPolicy
      : options.document === "permissions"
        ? policies.permissionsPolicy
        : policies;
  io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  return ExitCode.ok;
}
