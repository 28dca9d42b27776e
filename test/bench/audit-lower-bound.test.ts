import { describe, expect, it } from "vitest";
import { type BoundState, lowerBound } from "../../bench/audit-lower-bound.js";

/** `members` ACTIVE accounts under an OU `depth` levels below the root, plus the management account. */
function organization(members: number, depth: number): BoundState {
  const organizationalUnits = Array.from({ length: depth }, (_, index) => ({
    id: `ou-${index + 1}`,
    parentId: index === 0 ? "r-root" : `ou-${index}`,
  }));
  const parentId = depth === 0 ? "r-root" : `ou-${depth}`;
  return {
    organization: { rootId: "r-root" },
    organizationalUnits,
    accounts: [
      { id: "900000000000", parentId: "r-root", state: "ACTIVE", management: true },
      ...Array.from({ length: members }, (_, index) => ({
        id: String(100_000_000_000 + index),
        parentId,
        state: "ACTIVE",
        management: false,
      })),
      { id: "199999999999", parentId, state: "SUSPENDED", management: false },
    ],
  };
}

describe("the audit benchmark's lower bound", () => {
  it.each([
    // 2,000 members at 50/s with a 50-token burst: 39 s of refill, not 40.
    ["throughput, with the bucket's burst", 2_000, 3, 50, 50, (1 + 3 + 1) * 0.05 + 1_950 / 50 + 0.05],
    ["no burst", 2_000, 3, 50, 0, (1 + 3 + 1) * 0.05 + 2_000 / 50 + 0.05],
    ["members right below the root", 10_000, 0, 50, 50, (1 + 1) * 0.05 + 9_950 / 50 + 0.05],
    // 30 members fit in the burst: discovery (ListRoots, 1 OU level, 2 pages) bounds it.
    ["discovery, when the burst covers every member", 30, 1, 50, 50, (1 + 1 + 2 + 2) * 0.05],
  ])("%s", (_name, members, depth, rate, burst, expected) => {
    const bound = lowerBound(organization(members, depth), { latencyMs: 50, ratePerSecond: rate, burst });
    expect(bound.seconds).toBeCloseTo(expected, 6);
  });
});
