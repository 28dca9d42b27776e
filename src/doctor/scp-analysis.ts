import type { OrganizationalUnit, ServiceControlPolicy } from "../audit/snapshot.js";
import { indexBy } from "../index-by.js";
import { compareText } from "../order.js";
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
  // Indexed once: a policy attached to thousands of accounts scanned the OU list per target.
  const byId = indexBy(ous, (ou) => ou.id);
  const sorted = ous.map((ou) => ou.path).sort(compareText);
  const paths = new Set<string>();
  for (const target of targets) {
    if (target === rootId) {
      paths.add(`/${rootName}`);
      for (const ou of ous) paths.add(ou.path);
      continue;
    }
    const ou = byId.get(target);
    if (!ou) {
      paths.add(`account ${target}`);
      continue;
    }
    paths.add(ou.path);
    // Paths below `ou` share the prefix `path/`, so they sit together in code-unit order.
    const prefix = `${ou.path}/`;
    for (let index = lowerBound(sorted, prefix); index < sorted.length; index++) {
      const path = sorted[index] as string;
      if (!path.startsWith(prefix)) break;
      paths.add(path);
    }
  }
  return [...paths].sort();
}

/** The first index whose path is not below `value` in code-unit order. */
function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareText(sorted[middle] as string, value) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
