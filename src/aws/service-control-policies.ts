import {
  DescribePolicyCommand,
  type OrganizationsClient,
  paginateListPolicies,
  paginateListTargetsForPolicy,
} from "@aws-sdk/client-organizations";
import { createPool } from "../audit/pool.js";
import type { ServiceControlPolicy } from "../audit/snapshot.js";
import { byText } from "../order.js";
import { parseScpContent } from "../scp/statements.js";

/** How many policies are read at once: enough to finish long before the account pipeline, few enough not to crowd it. */
const DEFAULT_PARALLELISM = 4;

/**
 * Every SCP: ListPolicies, then per policy DescribePolicy and, only for a policy that can deny,
 * ListTargetsForPolicy, i.e. O(policies) calls with each policy fetched once. Asking
 * ListPoliciesForTarget for every account instead would add an Organizations call per account,
 * the API AWS throttles hardest. A policy without a Deny statement can never deny a root
 * session, and AWS attaches `FullAWSAccess` to the root, every OU and every account, so its
 * ~N/20 target pages are never listed (aws-api.md §9); it is recorded with `targetsListed: false`.
 */
export async function serviceControlPolicies(
  organizations: OrganizationsClient,
  options: { parallelism?: number; signal?: AbortSignal } = {},
): Promise<ServiceControlPolicy[]> {
  // An aborted read (the audit failed) stops its calls in flight and starts no more.
  const send = { abortSignal: options.signal };
  const summaries: Array<{ id: string; name: string; awsManaged: boolean }> = [];
  for await (const page of paginateListPolicies(
    { client: organizations },
    { Filter: "SERVICE_CONTROL_POLICY" },
    send,
  )) {
    for (const policy of page.Policies ?? []) {
      if (policy.Id)
        summaries.push({
          id: policy.Id,
          name: policy.Name ?? policy.Id,
          awsManaged: policy.AwsManaged ?? false,
        });
    }
  }
  const policies: ServiceControlPolicy[] = [];
  let failure: { error: unknown } | undefined;
  const pool = createPool(options.parallelism ?? DEFAULT_PARALLELISM);
  for (const summary of summaries) {
    pool.submit(async () => {
      if (failure || options.signal?.aborted) return;
      try {
        policies.push(await readPolicy(organizations, summary, send));
      } catch (error) {
        failure ??= { error };
      }
    });
  }
  await pool.drain();
  options.signal?.throwIfAborted();
  // One policy missing would silently under-predict denials: all of them, or the error.
  if (failure) throw failure.error;
  return policies.sort(byText((policy) => policy.id));
}

async function readPolicy(
  organizations: OrganizationsClient,
  summary: { id: string; name: string; awsManaged: boolean },
  send: { abortSignal?: AbortSignal },
): Promise<ServiceControlPolicy> {
  const { Policy } = await organizations.send(new DescribePolicyCommand({ PolicyId: summary.id }), send);
  const content = Policy?.Content ?? "{}";
  if (!mayDeny(content)) return { ...summary, targets: [], content, targetsListed: false };
  const targets: string[] = [];
  for await (const page of paginateListTargetsForPolicy(
    { client: organizations },
    { PolicyId: summary.id },
    send,
  )) {
    for (const target of page.Targets ?? []) if (target.TargetId) targets.push(target.TargetId);
  }
  return { ...summary, targets: targets.sort(), content };
}

/** Whether a policy has a Deny statement; one rootward cannot parse might, so its targets are listed. */
export function mayDeny(content: string): boolean {
  try {
    return parseScpContent(content).some((statement) => statement.effect === "Deny");
  } catch {
    return true;
  }
}
