import { byText, compareText } from "../order.js";
import type { RecordedAccount, RecordedException, TrendPoint } from "./history-record.js";
import type { Posture } from "./posture.js";

/** The trend keeps this many points (more than two years of daily runs). */
export const MAX_TREND_POINTS = 1000;

/**
 * One earlier state of the organization. `recorded`: read from an earlier pack's posture.json,
 * with the postures and exceptions of that day's desired state. `current-desired-state`: an audit
 * snapshot planned against today's desired state, so its postures say how that day would look
 * under today's policy, and exception changes cannot be known.
 */
export type HistoryPoint = {
  source: string;
  at: string;
  basis: "recorded" | "current-desired-state";
  accounts: RecordedAccount[];
  exceptions?: RecordedException[];
  trend: TrendPoint[];
};

export type AccountRef = { accountId: string; name: string };
export type CredentialChange = AccountRef & { credential: string };
export type PostureChange = AccountRef & { from: Posture; to: Posture };

export type ChangeSet = {
  since: string;
  source: string;
  basis: HistoryPoint["basis"];
  created: CredentialChange[];
  removed: CredentialChange[];
  joined: AccountRef[];
  left: AccountRef[];
  postureChanged: PostureChange[];
  /** Only when both sides recorded their exceptions. */
  exceptions?: { added: string[]; removed: string[]; expired: string[] };
};

export function trendPointOf(at: string, accounts: readonly RecordedAccount[]): TrendPoint {
  const point: TrendPoint = { at, compliant: 0, excepted: 0, drift: 0, notVerified: 0, unmanaged: 0 };
  for (const account of accounts) {
    if (account.posture === "compliant") point.compliant++;
    else if (account.posture === "excepted") point.excepted++;
    else if (account.posture === "drift") point.drift++;
    else if (account.posture === "not-verified") point.notVerified++;
    else if (account.posture === "unmanaged") point.unmanaged++;
  }
  return point;
}

/** What changed between an earlier point and now: credentials, accounts, postures, exceptions. */
export function changesSince(previous: HistoryPoint, current: HistoryPoint): ChangeSet {
  const before = new Map(previous.accounts.map((account) => [account.id, account]));
  const now = new Map(current.accounts.map((account) => [account.id, account]));
  const created: CredentialChange[] = [];
  const removed: CredentialChange[] = [];
  const postureChanged: PostureChange[] = [];
  const joined: AccountRef[] = [];
  for (const account of current.accounts) {
    const earlier = before.get(account.id);
    const ref = { accountId: account.id, name: account.name };
    if (!earlier) {
      joined.push(ref);
      continue;
    }
    if (earlier.posture !== account.posture)
      postureChanged.push({ ...ref, from: earlier.posture, to: account.posture });
    // A side that was not verified knows nothing about credentials: no change can be claimed.
    if (earlier.credentials === null || account.credentials === null) continue;
    const had = new Set(earlier.credentials);
    const has = new Set(account.credentials);
    for (const credential of account.credentials)
      if (!had.has(credential)) created.push({ ...ref, credential });
    for (const credential of earlier.credentials)
      if (!has.has(credential)) removed.push({ ...ref, credential });
  }
  const left = previous.accounts
    .filter((account) => !now.has(account.id))
    .map((account) => ({ accountId: account.id, name: account.name }));
  const order = (a: CredentialChange, b: CredentialChange) =>
    compareText(a.accountId, b.accountId) || compareText(a.credential, b.credential);
  const byAccount = byText((ref: AccountRef) => ref.accountId);
  return {
    since: previous.at,
    source: previous.source,
    basis: previous.basis,
    created: created.sort(order),
    removed: removed.sort(order),
    joined: joined.sort(byAccount),
    left: left.sort(byAccount),
    postureChanged: postureChanged.sort(byAccount),
    ...(previous.exceptions && current.exceptions
      ? { exceptions: exceptionChanges(previous.exceptions, current.exceptions) }
      : {}),
  };
}

function exceptionChanges(
  previous: readonly RecordedException[],
  current: readonly RecordedException[],
): NonNullable<ChangeSet["exceptions"]> {
  const before = new Map(previous.map((entry) => [entry.name, entry]));
  const now = new Set(current.map((entry) => entry.name));
  return {
    added: current.filter((entry) => !before.has(entry.name) && !entry.expired).map((entry) => entry.name),
    removed: previous.filter((entry) => !now.has(entry.name)).map((entry) => entry.name),
    expired: current
      .filter((entry) => entry.expired && before.get(entry.name)?.expired === false)
      .map((entry) => entry.name),
  };
}

/**
 * Every point any earlier pack carried, each earlier point itself, and now; one point per audit
 * time (a later record of the same audit wins), oldest first, the newest MAX_TREND_POINTS.
 */
export function mergeTrend(current: TrendPoint, previous: readonly HistoryPoint[]): TrendPoint[] {
  const byTime = new Map<string, TrendPoint>();
  const put = (point: TrendPoint) => byTime.set(new Date(point.at).toISOString(), point);
  for (const point of previous) {
    for (const carried of point.trend) put(carried);
    put(trendPointOf(point.at, point.accounts));
  }
  put(current);
  return [...byTime.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, point]) => point)
    .slice(-MAX_TREND_POINTS);
}
