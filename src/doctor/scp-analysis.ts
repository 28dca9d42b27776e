import type { OrganizationalUnit, ServiceControlPolicy } from "../audit/snapshot.js";
import { denies } from "../scp/evaluate.js";
import { describeStatement, rootSessionContext, rootUserContext } from "../scp/root-session.js";
import { parseScpContent } from "../scp/statements.js";

/** The IAM actions each root task needs (aws-api.md §3, the NotAction lists of the task policies). */
export const TASK_ACTIONS = {
  audit: [
    "iam:GetAccountSummary",
    "iam:GetLoginProfile",
    "iam:GetUser",
    "iam:ListAccessKeys",
    "iam:GetAccessKeyLastUsed",
    "iam:ListMFADevices",
    "iam:ListSigningCertificates",
  ],
  delete: [
    "iam:DeleteAccessKey",
    "iam:DeleteSigningCertificate",
    "iam:DeleteLoginProfile",
    "iam:DeactivateMFADevice",
  ],
  "create-password": ["iam:CreateLoginProfile"],
} as const;
export type RootTaskKind = keyof typeof TASK_ACTIONS;

export type ScpVerdict = {
  policyId: string;
  policyName: string;
  statement: string;
  /** denies: breaks root sessions; exempted: denies the root user but exempts aws:AssumedRoot. */
  effect: "denies" | "exempted";
  tasks: RootTaskKind[];
  actions: string[];
  /** OU paths (and account ids) the policy reaches. */
  affected: string[];
};

/** Placeholder member account: root-deny statements match `arn:aws:iam::*:root` for any id. */
const SAMPLE_ACCOUNT = "123456789012";

/**
 * For every SCP statement that concerns root: does it deny the audit, delete or create-password
 * tasks inside root sessions, or does it deny the root user while exempting sessions?
 */
export function analyzeScps(
  policies: readonly ServiceControlPolicy[],
  ous: readonly OrganizationalUnit[],
  rootId: string,
  rootName: string,
): ScpVerdict[] {
  const verdicts: ScpVerdict[] = [];
  for (const policy of policies) {
    let statements: ReturnType<typeof parseScpContent>;
    try {
      statements = parseScpContent(policy.content);
    } catch {
      continue;
    }
    statements.forEach((statement, index) => {
      const tasks = new Set<RootTaskKind>();
      const denied: string[] = [];
      let deniesRootUser = false;
      for (const [task, actions] of Object.entries(TASK_ACTIONS) as Array<
        [RootTaskKind, readonly string[]]
      >) {
        for (const action of actions) {
          if (denies(statement, rootSessionContext(SAMPLE_ACCOUNT, action))) {
            tasks.add(task);
            denied.push(action);
          } else if (denies(statement, rootUserContext(SAMPLE_ACCOUNT, action))) deniesRootUser = true;
        }
      }
      if (tasks.size === 0 && !deniesRootUser) return;
      verdicts.push({
        policyId: policy.id,
        policyName: policy.name,
        statement: describeStatement(statement, index),
        effect: tasks.size > 0 ? "denies" : "exempted",
        tasks: [...tasks],
        actions: denied,
        affected: reach(policy.targets, ous, rootId, rootName),
      });
    });
  }
  return verdicts;
}

/** The OU paths at or below each target, and account targets as themselves. */
function reach(
  targets: readonly string[],
  ous: readonly OrganizationalUnit[],
  rootId: string,
  rootName: string,
): string[] {
  const paths = new Set<string>();
  for (const target of targets) {
    if (target === rootId) {
      paths.add(`/${rootName}`);
      for (const ou of ous) paths.add(ou.path);
      continue;
    }
    const ou = ous.find((entry) => entry.id === target);
    if (!ou) {
      paths.add(`account ${target}`);
      continue;
    }
    for (const entry of ous)
      if (entry.path === ou.path || entry.path.startsWith(`${ou.path}/`)) paths.add(entry.path);
  }
  return [...paths].sort();
}
