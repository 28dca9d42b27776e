import { describe, expect, it } from "vitest";
import { formatMarker, type Marker } from "./marker.js";
import { decideStickyComment } from "./sticky-comment.js";

const wanted: Marker = { kind: "plan", fields: { fingerprint: "f2", content: "c2" } };
const own = (id: number, fields: Record<string, string>) => ({
  id,
  body: `${formatMarker({ kind: "plan", fields })}\nplan`,
});
const human = (id: number, body: string) => ({ id, body });

describe("decideStickyComment", () => {
  it("creates when rootward has no comment yet, ignoring people's comments and other kinds", () => {
    const others = [
      human(1, "LGTM"),
      { id: 2, body: `${formatMarker({ kind: "apply", fields: { a: "1" } })}\n` },
    ];
    expect(decideStickyComment(others, { marker: wanted })).toEqual({ kind: "create", remove: [] });
  });

  it("leaves an identical comment alone", () => {
    expect(decideStickyComment([own(5, wanted.fields)], { marker: wanted })).toEqual({
      kind: "unchanged",
      id: 5,
      remove: [],
    });
  });

  it("updates the oldest own comment and removes duplicates", () => {
    const comments = [own(5, { fingerprint: "f1", content: "c1" }), human(6, "?"), own(9, wanted.fields)];
    expect(decideStickyComment(comments, { marker: wanted })).toEqual({ kind: "update", id: 5, remove: [9] });
  });
});
