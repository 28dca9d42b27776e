import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import type { Plan } from "../../src/plan/model.js";

/** What the audit would read after every action of `plan` succeeded: the model of AWS the plan assumes. */
export function simulateApply(audit: AuditSnapshot, plan: Plan): AuditSnapshot {
  const features = { ...audit.features };
  for (const action of plan.actions) {
    if ("accountId" in action) continue;
    if (action.operation === "EnableAWSServiceAccess") features.trustedAccess = true;
    if (action.operation === "DisableAWSServiceAccess") features.trustedAccess = false;
    if (action.operation === "EnableOrganizationsRootCredentialsManagement")
      features.rootCredentialsManagement = true;
    if (action.operation === "DisableOrganizationsRootCredentialsManagement")
      features.rootCredentialsManagement = false;
    if (action.operation === "EnableOrganizationsRootSessions") features.rootSessions = true;
    if (action.operation === "DisableOrganizationsRootSessions") features.rootSessions = false;
  }
  const accounts = audit.accounts.map((account) => {
    const live = account.rootCredentials;
    if (!live) return account;
    const mine = plan.actions.filter((action) => "accountId" in action && action.accountId === account.id);
    const has = (operation: string, key: "accessKeyId" | "serialNumber" | "certificateId", id: string) =>
      mine.some(
        (action) => action.operation === operation && (action as Record<string, unknown>)[key] === id,
      );
    return {
      ...account,
      rootCredentials: {
        password: mine.some((a) => a.operation === "CreateLoginProfile")
          ? { present: true }
          : mine.some((a) => a.operation === "DeleteLoginProfile")
            ? { present: false }
            : live.password,
        accessKeys: live.accessKeys.filter((key) => !has("DeleteAccessKey", "accessKeyId", key.accessKeyId)),
        mfaDevices: live.mfaDevices.filter(
          (device) => !has("DeactivateMFADevice", "serialNumber", device.serialNumber),
        ),
        signingCertificates: live.signingCertificates.filter(
          (certificate) => !has("DeleteSigningCertificate", "certificateId", certificate.certificateId),
        ),
      },
    };
  });
  return { ...audit, features, accounts };
}
