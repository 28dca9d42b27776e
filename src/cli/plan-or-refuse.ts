import type { AuditSnapshot } from "../audit/snapshot.js";
import type { DesiredState } from "../desired/index.js";
import { RootwardError } from "../errors.js";
import type { Plan } from "../plan/model.js";
import { OrganizationMismatchError, plan, TagsNotReadError } from "../plan/plan.js";

/** `plan()`, with its refusals turned into errors that say what to do (plan and explain share them). */
export function planOrRefuse(desired: DesiredState, audit: AuditSnapshot, now: Date): Plan {
  try {
    return plan(desired, audit, now);
  } catch (error) {
    if (error instanceof TagsNotReadError) {
      throw new RootwardError("audit-without-tags", `refusing to plan: ${error.message}`, {
        hint: "re-run `rootward audit --desired-state DIR` (it reads tags when a selector uses them) or add --with-tags",
      });
    }
    if (error instanceof OrganizationMismatchError) {
      throw new RootwardError("organization-mismatch", `refusing to plan: ${error.message}`, {
        hint: "check the AWS credentials (AWS_PROFILE) or organization.id in the RootAccessPolicy file",
      });
    }
    throw error;
  }
}
