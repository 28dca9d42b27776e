import { describe, expect, it } from "vitest";
import { formatMarker, parseMarker, sameFields } from "./marker.js";

describe("markers", () => {
  it("round-trips kind and fields, with fields in a stable order", () => {
    const text = formatMarker({ kind: "plan", fields: { fingerprint: "abc123", content: "ff00" } });
    expect(text).toBe("<!-- rootward:plan content=ff00 fingerprint=abc123 -->");
    expect(parseMarker(`${text}\n### body`, "plan")).toEqual({
      kind: "plan",
      fields: { content: "ff00", fingerprint: "abc123" },
    });
  });

  it("reads only the first line, and only its own kind", () => {
    const marker = formatMarker({ kind: "drift", fields: { fingerprint: "1" } });
    expect(parseMarker(`> ${marker}\nquoted by a person`, "drift")).toBeUndefined();
    expect(parseMarker(`hello\n${marker}`, "drift")).toBeUndefined();
    expect(parseMarker(`${marker}\r\nwindows line ending`, "drift")?.fields).toEqual({ fingerprint: "1" });
    expect(parseMarker(marker, "plan")).toBeUndefined();
    expect(parseMarker(undefined, "plan")).toBeUndefined();
  });

  it("refuses values that could end the HTML comment", () => {
    expect(() => formatMarker({ kind: "plan", fields: { fingerprint: "x --> <b>" } })).toThrow(
      /invalid marker/,
    );
  });

  it("compares fields regardless of order and presence", () => {
    expect(sameFields({ a: "1", b: "2" }, { b: "2", a: "1" })).toBe(true);
    expect(sameFields({ a: "1" }, { a: "1", closed: "converged" })).toBe(false);
  });
});
