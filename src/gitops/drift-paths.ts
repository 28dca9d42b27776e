import { RootwardError } from "../errors.js";

/**
 * Where one organization's drift pull request lives. A repository with one organization keeps the
 * historical names (branch rootward/drift, drift/REPORT.md, drift/plan.json); with several, each
 * organization of the workflows' `organizations` input has its own branch and files, so one
 * organization converging never closes another's pull request, and apply finds the reviewed plan
 * of exactly the organization it plans.
 */
export type DriftPaths = {
  /** The organization's name in the workflows' `organizations` input, when the repository names them. */
  organization?: string;
  branch: string;
  report: string;
  plan: string;
};

/**
 * The names the workflows' `organizations` input may use: they become part of a branch name, of
 * file paths and of artifact names, so only what all three accept. Git refuses `..`, a trailing
 * `.` and a `.lock` suffix in ref names (git-check-ref-format).
 */
const ORGANIZATION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isOrganizationName(name: string): boolean {
  return (
    ORGANIZATION_NAME.test(name) && !name.includes("..") && !name.endsWith(".") && !name.endsWith(".lock")
  );
}

export const ORGANIZATION_NAME_RULE =
  "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, without '..' and not ending in '.' or '.lock'";

export function driftPaths(organization?: string): DriftPaths {
  if (organization === undefined) {
    return { branch: "rootward/drift", report: "drift/REPORT.md", plan: "drift/plan.json" };
  }
  if (!isOrganizationName(organization))
    throw new RootwardError(
      "organization-name-invalid",
      `organization name ${JSON.stringify(organization)} is not usable`,
      {
        hint: `a name is ${ORGANIZATION_NAME_RULE}, as in the workflows' organizations input`,
      },
    );
  return {
    organization,
    branch: `rootward/drift-${organization}`,
    report: `drift/${organization}/REPORT.md`,
    plan: `drift/${organization}/plan.json`,
  };
}
