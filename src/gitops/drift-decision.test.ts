import { describe, expect, it } from "vitest";
import { decideDrift, driftMarker } from "./drift-decision.js";
import type { PullRequest } from "./github-port.js";
import { ACTIONS_BOT_LOGIN, type GitHubIdentity } from "./identity.js";
import { formatMarker } from "./marker.js";

const CURRENT = { changes: true, fingerprint: "f1", desiredDigest: "d1" };
const BOT: GitHubIdentity = { login: ACTIONS_BOT_LOGIN, source: "github-token" };

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
    author: ACTIONS_BOT_LOGIN,
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
    [
      "a person's pull request with the marker is not rootward's",
      [pull(6, { marker: same, author: "mallory" }), pull(3, { state: "closed", marker: same })],
      CURRENT,
      "none",
    ],
    [
      "a person's open one with the marker is not closed on convergence",
      [pull(6, { marker: same, author: "mallory" })],
      { ...CURRENT, changes: false },
      "none",
    ],
    [
      "a person's open one with a stale marker is not updated",
      [pull(6, { marker: { fingerprint: "f0", desired: "d1" }, author: "mallory" })],
      CURRENT,
      "create",
    ],
  ];
  it.each(cases)("%s → %s", (_name, pulls, drift, expected) => {
    const decision = decideDrift(pulls, drift, BOT);
    expect(decision.kind).toBe(expected);
    if ("pull" in decision && decision.pull) expect(decision.pull.author).toBe(ACTIONS_BOT_LOGIN);
  });

  it("says why it leaves a person's decision alone", () => {
    const decision = decideDrift(
      [pull(7, { state: "closed", marker: { fingerprint: "f1", desired: "d1" } })],
      CURRENT,
      BOT,
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
