/** The parts of `GET /_sandbox/state` the lower bound reads. */
export type BoundState = {
  accounts: Array<{ id: string; parentId: string; state: string; management: boolean }>;
  organizationalUnits: Array<{ id: string; parentId: string }>;
  organization: { rootId: string };
};

export type BoundSettings = {
  latencyMs: number;
  /** AssumeRoot requests per second the token bucket refills. */
  ratePerSecond: number;
  /** Tokens the bucket holds when the audit starts (the sandbox's buckets hold one second: R). */
  burst: number;
};

/**
 * No audit of this organization can finish sooner, whatever its concurrency:
 *
 * - Throughput: every ACTIVE member needs one AssumeRoot. A token bucket that starts full admits
 *   `burst` at once and then R a second, so the last admission comes at least (N − burst) / R
 *   after the first (N / R is not a bound: runs measured below it). The first AssumeRoot cannot be
 *   sent before ListRoots, the OU chain down to the shallowest OU holding a member and its first
 *   ListAccountsForParent page have answered; the last account then still needs its
 *   GetAccountSummary. (Tags are read alongside the session, off this path.)
 * - Discovery: the deepest chain of sequential pages (ListRoots, the OU chain, a parent's
 *   account pages), then that account's AssumeRoot and GetAccountSummary.
 */
export function lowerBound(
  state: BoundState,
  settings: BoundSettings,
): { seconds: number; explanation: string } {
  const latency = settings.latencyMs / 1000;
  const members = state.accounts.filter((account) => !account.management && account.state === "ACTIVE");
  const parents = new Map(state.organizationalUnits.map((ou) => [ou.id, ou.parentId]));
  const depth = (id: string): number => {
    let levels = 0;
    for (let parent = parents.get(id); parent !== undefined; parent = parents.get(parent)) levels++;
    return id === state.organization.rootId ? 0 : levels;
  };
  const perParent = new Map<string, number>();
  for (const account of state.accounts)
    perParent.set(account.parentId, (perParent.get(account.parentId) ?? 0) + 1);
  let discoveryCalls = 0;
  for (const [parent, count] of perParent)
    discoveryCalls = Math.max(discoveryCalls, 1 + depth(parent) + Math.ceil(count / 20));
  const shallowest = Math.min(...members.map((account) => depth(account.parentId)));
  const firstAssumeRoot = (1 + shallowest + 1) * latency;
  const throughput = Math.max(0, members.length - settings.burst) / settings.ratePerSecond;
  const byThroughput = firstAssumeRoot + throughput + latency;
  const byDiscovery = (discoveryCalls + 2) * latency;
  const seconds = Math.max(byThroughput, byDiscovery);
  const explanation =
    byThroughput >= byDiscovery
      ? `${round(firstAssumeRoot)} s to the first AssumeRoot + (${members.length} − ${settings.burst}) / ${settings.ratePerSecond} + ${round(latency)} s`
      : `${discoveryCalls + 2} sequential calls × ${settings.latencyMs} ms`;
  return { seconds, explanation };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
