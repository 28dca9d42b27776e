import { RootwardError } from "../errors.js";

/**
 * Fails fast when the credentials reach another organization than the desired state describes:
 * the plan would refuse it anyway, after the whole audit (minutes for a large organization).
 */
export function expectOrganization<T extends { id: string }>(
  organization: T,
  expectedId: string | undefined,
): T {
  if (expectedId === undefined || organization.id === expectedId) return organization;
  throw new RootwardError(
    "organization-mismatch",
    `the credentials reach organization ${organization.id}, but the desired state is for ${expectedId}`,
    {
      hint: "use credentials of that organization's management account or IAM delegated administrator (AWS_PROFILE), or fix organization.id in the RootAccessPolicy file",
    },
  );
}
