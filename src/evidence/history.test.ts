import { describe, expect, it } from "vitest";
import { changesSince, type HistoryPoint, MAX_TREND_POINTS, mergeTrend, trendPointOf } from "./history.js";
import type { RecordedAccount, TrendPoint } from "./history-record.js";

function point(at: string, accounts: RecordedAccount[], extra: Partial<HistoryPoint> = {}): HistoryPoint {
  return { source: `pack-${at}`, at, basis: "recorded", accounts, trend: [], ...extra };
}

const A = (
  credentials: string[] | null,
  posture: RecordedAccount["posture"] = "compliant",
): RecordedAccount => ({
  id: "111111111111",
  name: "alpha",
  posture,
  credentials,
});

describe("changesSince", () => {
  it("names credentials created and removed, and posture changes", () => {
    const before = point("2026-11-01T00:00:00.000Z", [
      A(["access-key:AKIAOLD00000000000", "password"], "drift"),
    ]);
    const after = point("2026-11-22T00:00:00.000Z", [A(["mfa:GAHT1", "password"], "excepted")]);
    const changes = changesSince(before, after);
    expect(changes.created).toEqual([{ accountId: "111111111111", name: "alpha", credential: "mfa:GAHT1" }]);
    expect(changes.removed).toEqual([
      { accountId: "111111111111", name: "alpha", credential: "access-key:AKIAOLD00000000000" },
    ]);
    expect(changes.postureChanged).toEqual([
      { accountId: "111111111111", name: "alpha", from: "drift", to: "excepted" },
    ]);
  });

  it("claims no credential change for an account not verified on either side", () => {
    const before = point("2026-11-01T00:00:00.000Z", [A(["password"])]);
    const after = point("2026-11-22T00:00:00.000Z", [A(null, "not-verified")]);
    expect(changesSince(before, after)).toMatchObject({ created: [], removed: [] });
  });

  it("lists accounts that joined and left", () => {
    const before = point("2026-11-01T00:00:00.000Z", [A([])]);
    const after = point("2026-11-22T00:00:00.000Z", [{ ...A([]), id: "222222222222", name: "beta" }]);
    const changes = changesSince(before, after);
    expect(changes.joined).toEqual([{ accountId: "222222222222", name: "beta" }]);
    expect(changes.left).toEqual([{ accountId: "111111111111", name: "alpha" }]);
  });

  it("exceptions added, removed and expired when both sides recorded them", () => {
    const before = point("2026-11-01T00:00:00.000Z", [], {
      exceptions: [
        { name: "old", expired: false },
        { name: "ending", expires: "2026-11-10", expired: false },
      ],
    });
    const after = point("2026-11-22T00:00:00.000Z", [], {
      exceptions: [
        { name: "ending", expires: "2026-11-10", expired: true },
        { name: "new", expired: false },
      ],
    });
    expect(changesSince(before, after).exceptions).toEqual({
      added: ["new"],
      removed: ["old"],
      expired: ["ending"],
    });
  });

  it("claims no exception change against a bare audit snapshot (its exceptions are unknown)", () => {
    const before = point("2026-11-01T00:00:00.000Z", [], { basis: "current-desired-state" });
    const after = point("2026-11-22T00:00:00.000Z", [], { exceptions: [{ name: "new", expired: false }] });
    expect(changesSince(before, after).exceptions).toBeUndefined();
  });
});

describe("mergeTrend", () => {
  const at = (day: number) => `2026-11-${String(day).padStart(2, "0")}T06:00:00.000Z`;
  const trend = (day: number, compliant: number): TrendPoint => ({
    at: at(day),
    compliant,
    excepted: 0,
    drift: 0,
    notVerified: 0,
    unmanaged: 0,
  });

  it("carries every earlier pack's trend forward, one point per audit, oldest first", () => {
    const yesterday = point(at(2), [A([]), { ...A([]), id: "2" }], { trend: [trend(1, 5), trend(2, 2)] });
    const merged = mergeTrend(trend(3, 7), [yesterday]);
    expect(merged.map((entry) => [entry.at, entry.compliant])).toEqual([
      [at(1), 5],
      [at(2), 2],
      [at(3), 7],
    ]);
  });

  it("counts a point's postures", () => {
    expect(trendPointOf(at(1), [A([], "excepted"), A([], "drift"), A([], "out-of-scope")])).toEqual({
      at: at(1),
      compliant: 0,
      excepted: 1,
      drift: 1,
      notVerified: 0,
      unmanaged: 0,
    });
  });

  it(`keeps the newest ${MAX_TREND_POINTS} points`, () => {
    const long = Array.from({ length: MAX_TREND_POINTS + 5 }, (_, index) => ({
      ...trend(1, index),
      at: new Date(Date.UTC(2020, 0, 1 + index)).toISOString(),
    }));
    const merged = mergeTrend(trend(30, 1), [point(at(29), [], { trend: long })]);
    expect(merged).toHaveLength(MAX_TREND_POINTS);
    expect(merged.at(-1)?.at).toBe(at(30));
  });
});
