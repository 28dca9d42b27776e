import { describe, expect, it } from "vitest";
import { markdownCode, markdownText } from "./markdown-text.js";

describe("markdownText", () => {
  it.each([
    ["plain names stay readable", "shared-services.prod_v2 (ops)", "shared-services.prod_v2 (ops)"],
    ["HTML and comments", "</details><!-- x -->", "&lt;/details&gt;&lt;!-- x --&gt;"],
    ["an entity stays text", "&amp;", "&amp;amp;"],
    ["table pipes", "a | b", "a &#124; b"],
    ["code spans and fences", "``` `x`", "&#96;&#96;&#96; &#96;x&#96;"],
    ["links and images", "![i](u) [l](u)", "!&#91;i&#93;(u) &#91;l&#93;(u)"],
    ["emphasis, strikethrough, math", "*a* ~b~ $c$", "&#42;a&#42; &#126;b&#126; &#36;c&#36;"],
    ["underscore at a word edge only", "_em_ snake_case", "&#95;em&#95; snake_case"],
    ["a backslash cannot escape what follows", "a\\", "a&#92;"],
    [
      "mentions, teams and emails",
      "@octocat @acme/team a@b.c",
      "@&#8203;octocat @&#8203;acme/team a@&#8203;b.c",
    ],
    ["issue references", "#12 GH-34 gh-5 #x", "&#35;&#8203;12 GH&#8203;-34 gh&#8203;-5 &#35;x"],
    ["bare URLs", "https://e.example www.e.example", "https:&#8203;//e.example www&#8203;.e.example"],
    ["angle autolinks", "<https://e.example>", "&lt;https:&#8203;//e.example&gt;"],
    ["a heading at the start", "# h", "&#35; h"],
    ["a quote or alert at the start", "> [!NOTE]", "&gt; &#91;!NOTE&#93;"],
    ["a list item at the start", "- item", "&#45; item"],
    ["an ordered item at the start", "12. item", "&#49;2. item"],
    ["a setext underline at the start", "===", "&#61;=="],
    ["indentation at the start", "    code", "&#32;   code"],
    ["a number that is not a list", "123 accounts", "123 accounts"],
    ["CR and LF are spaces", "a\r# h\n> q", "a &#35; h &gt; q"],
    ["control characters are visible", "\u001b[2J", "&#92;u001b&#91;2J"],
  ])("%s", (_label, input, expected) => {
    expect(markdownText(input)).toBe(expected);
  });
});

describe("markdownCode", () => {
  it.each([
    ["an account id", "111111111111", "`111111111111`"],
    ["a file and line", "desired-state/policy.yaml:16", "`desired-state/policy.yaml:16`"],
    ["a backtick falls back to text", "a`b", "a&#96;b"],
    ["a pipe falls back to text", "a|b", "a&#124;b"],
    ["a leading dash falls back to text", "-x", "&#45;x"],
    ["empty text is no code span", "", ""],
  ])("%s", (_label, input, expected) => {
    expect(markdownCode(input)).toBe(expected);
  });
});
