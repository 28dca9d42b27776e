import { describe, expect, it } from "vitest";
import { inertData, inertLines, inertText } from "./inert-text.js";

describe("inertText", () => {
  it.each([
    ["plain text stays", "billing-prod (ops@example.com)", "billing-prod (ops@example.com)"],
    ["ESC becomes visible", "a\u001b[2Jb", "a\\u001b[2Jb"],
    ["an OSC 8 hyperlink shows its parts", "\u001b]8;;https://x\u0007y", "\\u001b]8;;https://x\\u0007y"],
    ["CR is a space, so it overwrites nothing", "rm -rf /\rAPPROVED", "rm -rf / APPROVED"],
    ["LF and CRLF are one space each", "one\ntwo\r\nthree", "one two three"],
    ["NEL, U+2028 and U+2029 are line breaks too", "a\u0085b\u2028c\u2029d", "a b c d"],
    ["BS, BEL, TAB, DEL", "a\bb\u0007c\td\u007f", "a\\u0008b\\u0007c\\u0009d\\u007f"],
    ["an 8-bit CSI", "\u009b31m", "\\u009b31m"],
    [
      "bidi overrides and isolates",
      "\u202eabc\u202c \u2066x\u2069 \u200f",
      "\\u202eabc\\u202c \\u2066x\\u2069 \\u200f",
    ],
    ["emoji and zero-width joiners stay", "👩‍💻 café", "👩‍💻 café"],
    ["a workflow command cannot start the line", "::add-mask::x", "\\u003a:add-mask::x"],
    ["nor after spaces or a line break", "  ::error::x\n##[warning]y", "  \\u003a:error::x ##[warning]y"],
    ["an old-style command at the start", "##[set-output name=a;]b", "\\u0023#[set-output name=a;]b"],
    ["colons elsewhere stay", "a::b #1 ##c", "a::b #1 ##c"],
  ])("%s", (_label, input, expected) => {
    expect(inertText(input)).toBe(expected);
  });
});

describe("inertLines", () => {
  it.each([
    ["LF and TAB stay", '{\n\t"a": 1\n}', '{\n\t"a": 1\n}'],
    ["CRLF becomes LF", "a\r\nb", "a\nb"],
    ["a lone CR and ESC become visible", "a\rb\u001b[0m", "a\\u000db\\u001b[0m"],
    [
      "no line starts a workflow command",
      "ok\n  ::error::x\n##[group]y",
      "ok\n  \\u003a:error::x\n\\u0023#[group]y",
    ],
  ])("%s", (_label, input, expected) => {
    expect(inertLines(input)).toBe(expected);
  });
});

describe("inertData", () => {
  it("cleans every string and key, keeping document fields multi-line", () => {
    const input = {
      name: "a\nb\u001b",
      tags: { "k\u001b": "v\r" },
      list: ["x\u0007", 3, true, null],
      unlock: { policy: '{\r\n"Sid": "\u001b"\n}' },
    };

    expect(inertData(input)).toEqual({
      name: "a b\\u001b",
      tags: { "k\\u001b": "v " },
      list: ["x\\u0007", 3, true, null],
      unlock: { policy: '{\n"Sid": "\\u001b"\n}' },
    });
  });

  it("returns a clean value itself, so per-plan caches keep working", () => {
    const clean = { accounts: [{ name: "billing", ouPath: "/Root" }], count: 2 };

    expect(inertData(clean)).toBe(clean);
  });

  it("copies only what changed", () => {
    const shared = { name: "clean" };
    const input = { dirty: "\u001b", shared };

    const out = inertData(input);

    expect(out).not.toBe(input);
    expect(out.shared).toBe(shared);
  });
});
