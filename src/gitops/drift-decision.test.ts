import { describe, expect, it } from "vitest";
import { decideDrift, driftMarker } from "./drift-decision.js";
import type { PullRequest } from "./github-port.js";
import { formatMarker } from "./marker.js";

const CURRENT = { changes: true, fingerprint: "f1", desiredDigest: "d1" };

function pull(
  number: number,
  overrides: Partial<PullRequest> & { marker?: Record<string, string> },
): PullRequest {
  const { marker, ...rest } = overrides;
  return {
    number,
    state: "open",
    merged: false,
    title: "rootward: drift",
    body: marker ? `${formatMarker({ kind: "drift", fields: marker })}\nreport` : "a person's pull request",
    headRef: "rootward/drift",
    labels: [],
    htmlUrl: `https://github.example/pull/${number}`,
    ...rest,
  };
}

describe("decideDrift", () => {
  const same = { fingerprint: "f1", desired: "d1" };
  const cases: Array<[string, PullRequest[], typeof CURRENT, string]> = [
    ["drift and no pull request yet", [], CURRENT, "create"],
    ["drift, open pull request with the same marker", [pull(3, { marker: same })], CURRENT, "none"],
    ["drift changed", [pull(3, { marker: { fingerprint: "f0", desired: "d1" } })], CURRENT, "update"],
    [
      "desired state changed, same drift",
      [pull(3, { marker: { fingerprint: "f1", desired: "d0" } })],
      CURRENT,
      "update",
    ],
    [
      "converged with an open pull request",
      [pull(3, { marker: same })],
      { ...CURRENT, changes: false },
      "close",
    ],
    [
      "converged and nothing open",
      [pull(3, { state: "closed", marker: same })],
      { ...CURRENT, changes: false },
      "none",
    ],
    ["converged and nothing ever opened", [], { ...CURRENT, changes: false }, "none"],
    ["closed by a person, same drift", [pull(3, { state: "closed", marker: same })], CURRENT, "none"],
    [
      "closed by a person, only the desired state changed",
      [pull(3, { state: "closed", marker: { fingerprint: "f1", desired: "d0" } })],
      CURRENT,
      "none",
    ],
    [
      "closed by a person, drift changed",
      [pull(3, { state: "closed", marker: { fingerprint: "f0", desired: "d1" } })],
      CURRENT,
      "create",
    ],
    [
      "merged, same drift (apply pending)",
      [pull(3, { state: "closed", merged: true, marker: same })],
      CURRENT,
      "none",
    ],
    [
      "closed by rootward as converged, same drift back",
      [pull(3, { state: "closed", marker: { ...same, closed: "converged" } })],
      CURRENT,
      "create",
    ],
    [
      "only the newest marked pull request counts",
      [pull(5, { marker: same }), pull(3, { state: "closed", marker: same })],
      CURRENT,
      "none",
    ],
    ["pull requests without a marker are not rootward's", [pull(4, {})], CURRENT, "create"],
  ];
  it.each(cases)("%s → %s", (_name, pulls, drift, expected) => {
    expect(decideDrift(pulls, drift).kind).toBe(expected);
  });

  it("says why it leaves a person's decision alone", () => {
    const decision = decideDrift(
      [pull(7, { state: "closed", marker: { fingerprint: "f1", desired: "d1" } })],
      CURRENT,
    );
    expect(decision).toMatchObject({ kind: "none", reason: expect.stringContaining("closed by a person") });
  });

  it("marks converged closes", () => {
    expect(driftMarker(CURRENT, "converged").fields).toEqual({
      fingerprint: "f1",
      desired: "d1",
      closed: "converged",
    });
  });
});
