import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "./utf8.js";

function bytes(...parts: (string | number[])[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === "string" ? [...new TextEncoder().encode(part)] : part));
  return new Uint8Array(chunks.flat());
}

describe("decodeUtf8", () => {
  it.each([
    [
      "a Latin-1 é mid-line",
      bytes("owner: Caf", [0xe9], " team\n"),
      { offset: 10, byte: 0xe9, line: 1, col: 11 },
    ],
    [
      "a lone continuation byte",
      bytes("a: 1\nb: ", [0x80], "\n"),
      { offset: 8, byte: 0x80, line: 2, col: 4 },
    ],
    [
      "a sequence cut at the end of the file",
      bytes("a: ", [0xe2, 0x82]),
      { offset: 3, byte: 0xe2, line: 1, col: 4 },
    ],
    ["an overlong encoding of /", bytes("x", [0xc0, 0xaf]), { offset: 1, byte: 0xc0, line: 1, col: 2 }],
    ["an encoded surrogate", bytes("x: ", [0xed, 0xa0, 0x80]), { offset: 3, byte: 0xed, line: 1, col: 4 }],
    [
      "a bad byte after multi-byte characters",
      bytes("\n€€: ", [0xff]),
      { offset: 9, byte: 0xff, line: 2, col: 5 },
    ],
  ])("locates %s", (_, content, failure) => {
    expect(decodeUtf8(content)).toEqual({ failure });
  });

  it("returns the text of valid UTF-8 unchanged", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(decodeUtf8(new TextEncoder().encode(text))).toEqual({ text });
      }),
    );
  });

  it("reports a failure whose prefix is valid and at which decoding cannot go on", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (content) => {
        const result = decodeUtf8(content);
        if ("text" in result) return;
        const { offset } = result.failure;
        expect(() =>
          new TextDecoder("utf-8", { fatal: true }).decode(content.subarray(0, offset)),
        ).not.toThrow();
        expect(() =>
          new TextDecoder("utf-8", { fatal: true }).decode(content.subarray(0, offset + 4)),
        ).toThrow();
      }),
    );
  });
});
