import { describe, expect, it } from "vitest";
import type { IssueComment } from "./github-port.js";
import { ACTIONS_BOT_LOGIN, type GitHubIdentity } from "./identity.js";
import { formatMarker, type Marker } from "./marker.js";
import { decideStickyComment } from "./sticky-comment.js";

const wanted: Marker = { kind: "plan", fields: { fingerprint: "f2", content: "c2" } };
const bot: GitHubIdentity = { login: ACTIONS_BOT_LOGIN, source: "github-token" };
const own = (id: number, fields: Record<string, string>, author = ACTIONS_BOT_LOGIN): IssueComment => ({
  id,
  body: `${formatMarker({ kind: "plan", fields })}\nplan`,
  author,
});
const human = (id: number, body: string): IssueComment => ({ id, body, author: "octocat" });

describe("decideStickyComment", () => {
  it("creates when rootward has no comment yet, ignoring people's comments and other kinds", () => {
    const others = [
      human(1, "LGTM"),
      { id: 2, body: `${formatMarker({ kind: "apply", fields: { a: "1" } })}\n`, author: ACTIONS_BOT_LOGIN },
    ];
    expect(decideStickyComment(others, { marker: wanted }, bot)).toEqual({ kind: "create", remove: [] });
  });

  it("with an organization in the marker, owns only that organization's comments (one apply result each)", () => {
    const apply = (organization: string): Marker => ({
      kind: "apply",
      fields: { fingerprint: "f", content: "c", organization },
    });
    const prod: IssueComment = {
      id: 3,
      body: `${formatMarker(apply("o-prod123456"))}\n`,
      author: ACTIONS_BOT_LOGIN,
    };
    expect(decideStickyComment([prod], { marker: apply("o-sandbox1234") }, bot)).toEqual({
      kind: "create",
      remove: [],
    });
    expect(decideStickyComment([prod], { marker: apply("o-prod123456") }, bot)).toEqual({
      kind: "unchanged",
      id: 3,
      remove: [],
    });
  });

  it("leaves an identical comment alone", () => {
    expect(decideStickyComment([own(5, wanted.fields)], { marker: wanted }, bot)).toEqual({
      kind: "unchanged",
      id: 5,
      remove: [],
    });
  });

  it("updates the oldest own comment and removes duplicates", () => {
    const comments = [own(5, { fingerprint: "f1", content: "c1" }), human(6, "?"), own(9, wanted.fields)];
    expect(decideStickyComment(comments, { marker: wanted }, bot)).toEqual({
      kind: "update",
      id: 5,
      remove: [9],
    });
  });

  const app: GitHubIdentity = { login: "rootward-app[bot]", source: "override" };
  it.each([
    [
      "another user's comment with the marker is not rootward's",
      [own(3, wanted.fields, "mallory")],
      bot,
      "create",
      [],
    ],
    [
      "another user's copy of the current comment is never removed as a duplicate",
      [own(3, wanted.fields), own(4, wanted.fields, "mallory")],
      bot,
      "unchanged",
      [],
    ],
    [
      "a person's marker before rootward's does not become the kept comment",
      [own(2, { fingerprint: "f0", content: "c0" }, "mallory"), own(3, { fingerprint: "f1", content: "c1" })],
      bot,
      "update",
      [],
    ],
    [
      "github-actions[bot]'s comments are not an app's",
      [own(3, wanted.fields), own(4, wanted.fields, "rootward-app[bot]")],
      app,
      "unchanged",
      [],
    ],
    ["logins compare case-insensitively", [own(3, wanted.fields, "RootWard-App[bot]")], app, "unchanged", []],
  ] as const)("%s", (_name, comments, identity, kind, remove) => {
    const decision = decideStickyComment(comments, { marker: wanted }, identity);
    expect(decision.kind).toBe(kind);
    expect(decision.remove).toEqual(remove);
    if (decision.kind !== "create") {
      const kept = comments.find((comment) => comment.id === decision.id);
      expect(kept?.author.toLowerCase()).toBe(identity.login.toLowerCase());
    }
  });
});
