import {
  type AccountAction,
  type Finding,
  isAccountAction,
  isUnlockAction,
  type Plan,
  type PlanAction,
  Severities,
  type Severity,
} from "../plan/model.js";
import { plural } from "./markdown-text.js";

/** Shared wording of plan renderings, so text, markdown and SARIF say the same thing. */

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to recognise a key, not enough to hunt for it. */
export function maskAccessKeyId(id: string): string {
  return id.length <= 8 ? id : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

export function describeAction(action: PlanAction, mask: boolean): string {
  switch (action.operation) {
    case "EnableAWSServiceAccess":
      return `enable trusted access for ${action.servicePrincipal ?? "(no service principal)"}`;
    case "DisableAWSServiceAccess":
      return `disable trusted access for ${action.servicePrincipal ?? "(no service principal)"}`;
    case "EnableOrganizationsRootCredentialsManagement":
      return "enable root credentials management";
    case "DisableOrganizationsRootCredentialsManagement":
      return "disable root credentials management";
    case "EnableOrganizationsRootSessions":
      return "enable privileged root sessions";
    case "DisableOrganizationsRootSessions":
      return "disable privileged root sessions";
    case "DeleteBucketPolicy":
      return `remove the policy of bucket ${action.bucket} (unlock ${action.unlock})`;
    case "SetQueueAttributes":
      return `remove the policy of queue ${action.queueUrl} (unlock ${action.unlock})`;
    default:
      return describeAccountAction(action as AccountAction, mask);
  }
}

function describeAccountAction(action: AccountAction, mask: boolean): string {
  switch (action.operation) {
    case "DeactivateMFADevice":
      return `deactivate MFA device ${action.serialNumber}`;
    case "DeleteAccessKey": {
      const id = action.accessKeyId ?? "";
      return `delete access key ${mask ? maskAccessKeyId(id) : id}`;
    }
    case "DeleteSigningCertificate":
      return `delete signing certificate ${action.certificateId}`;
    case "DeleteLoginProfile":
      return "delete the root password (login profile)";
    case "CreateLoginProfile":
      return "allow password recovery (create the login profile)";
  }
}

export function isCreate(action: PlanAction): boolean {
  return action.operation === "CreateLoginProfile" || action.operation.startsWith("Enable");
}

const actionIndex = new WeakMap<Plan, Map<string, AccountAction[]>>();

/** The account's actions in plan order; indexed once per plan, since renderers ask per account. */
export function accountActions(plan: Plan, accountId: string): AccountAction[] {
  let index = actionIndex.get(plan);
  if (!index) {
    index = new Map();
    for (const action of plan.actions) {
      if (!isAccountAction(action)) continue;
      const list = index.get(action.accountId) ?? [];
      list.push(action);
      index.set(action.accountId, list);
    }
    actionIndex.set(plan, index);
  }
  return index.get(accountId) ?? [];
}

export function findingsText(findings: Record<Severity, number>): string {
  // In severity order: a plan read back from JSON has its keys sorted by name.
  const parts = Severities.map((severity): [Severity, number] => [severity, findings[severity] ?? 0])
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** What a plan without actions says; a bounded plan may leave justified actions for later. */
export function noChangesText(plan: Plan): string {
  const waiting = plan.bound?.notReviewed.length ?? 0;
  if (waiting > 0)
    return `No changes within the reviewed plan; ${plural(waiting, "justified action")} outside it ${waiting === 1 ? "waits" : "wait"} for the next drift run.`;
  if (plan.target) return `No changes in the ${plural(plan.target.accounts.length, "account")} planned.`;
  return "No changes. The organization matches the desired state.";
}

export function summaryLine(plan: Plan): string {
  const { summary } = plan;
  if (plan.actions.length === 0) {
    const findings = findingsText(summary.findings);
    return `${noChangesText(plan)}${findings === "none" ? "" : ` Findings: ${findings}.`}`;
  }
  const deletes = plan.actions.filter((action) => isAccountAction(action) && !isCreate(action)).length;
  const unlocks = plan.actions.filter(isUnlockAction).length;
  const creates = summary.accountActions - deletes - unlocks;
  return [
    `Plan: ${plural(summary.drift, "account")} to change (${deletes} to delete, ${creates} to create)`,
    ...(unlocks > 0 ? [`${unlocks} ${unlocks === 1 ? "policy" : "policies"} to unlock`] : []),
    `${plural(summary.organizationActions, "organization action")}`,
    `${summary.compliant} compliant, ${summary.unmanaged} unmanaged, ${summary.notVerified} not verified`,
    `findings: ${findingsText(summary.findings)}.`,
  ].join("; ");
}

export function findingWhere(finding: Finding): string {
  return `${finding.location.file}:${finding.location.line}`;
}

/** Masks every access key id inside free text (finding messages quote them). */
export function maskKeysInText(text: string): string {
  return text.replace(/\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, maskAccessKeyId);
}
