import { findDenial } from "../scp/evaluate.js";
import type { Organization, ServiceControlPolicy } from "./model.js";

export { globMatch, isSupportedOperator, type ScpContext } from "../scp/evaluate.js";

import type { ScpContext } from "../scp/evaluate.js";

/**
 * The sandbox enforces SCPs with the same evaluator plans and `rootward doctor` use to predict
 * them (src/scp): Deny statements on the account, its OUs and the root. SCPs never apply to the
 * management account (aws-samples/service-control-policy-examples, Privileged-access-controls/README.md).
 */
export function scpDenial(
  org: Organization,
  accountId: string,
  context: ScpContext,
): ServiceControlPolicy | undefined {
  if (accountId === org.managementAccountId) return undefined;
  const account = org.accountsById.get(accountId);
  if (!account) return undefined;
  const targets: string[] = [account.id];
  for (
    let parent: string | undefined = account.parentId;
    parent !== undefined;
    parent = org.ousById.get(parent)?.parentId
  ) {
    targets.push(parent);
  }
  const attached = (target: string) =>
    (org.attachments.get(target) ?? []).flatMap((id) => {
      const policy = org.policies.get(id);
      return policy ? [policy] : [];
    });
  const denial = findDenial(targets, attached, context);
  return denial ? (denial.policy as ServiceControlPolicy) : undefined;
}
