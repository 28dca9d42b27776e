import { describe, expect, it } from "vitest";
import { csvCell } from "../controls-files.js";
import { escapeText, html, jsonScript, trusted } from "./html.js";

describe("html tag", () => {
  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ['" onmouseover="x', "&quot; onmouseover=&quot;x"],
    ["' autofocus onfocus='x", "&#39; autofocus onfocus=&#39;x"],
    ["<!-- comment -->", "&lt;!-- comment --&gt;"],
    ["a & b", "a &amp; b"],
    ["\u001b[2Jclear", "\\u001b[2Jclear"],
    ["right\u202eleft", "right\\u202eleft"],
    ["two\nlines", "two lines"],
  ])("escapes data %j", (data, expected) => {
    expect(html`<td title="${data}">${data}</td>`.html).toBe(`<td title="${expected}">${expected}</td>`);
  });

  it("passes markup built by the tag, and constants marked trusted, unchanged", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p>${inner}${[inner, inner]}${trusted("<hr>")}</p>`.html).toBe(
      "<p><b>&lt;i&gt;</b><b>&lt;i&gt;</b><b>&lt;i&gt;</b><hr></p>",
    );
  });

  it("escapeText leaves plain text alone", () => {
    expect(escapeText("payments-prod 123")).toBe("payments-prod 123");
  });
});

describe("jsonScript", () => {
  it("cannot be closed or commented out by its data, and parses back to the (inert) data", () => {
    const data = { name: "</script><script>alert(1)</script><!--", esc: "\u001b[31m" };
    const out = jsonScript("rootward-data", data).html;
    const body = out.slice(out.indexOf(">") + 1, out.lastIndexOf("</script>"));
    expect(body).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(body)).toEqual({ name: data.name, esc: "\\u001b[31m" });
  });
});

describe("csvCell", () => {
  it.each([
    ["plain", '"plain"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("https://evil.example")', '"\'=HYPERLINK(""https://evil.example"")"'],
    ["+1+2", '"\'+1+2"'],
    ["-2+3", '"\'-2+3"'],
    ["@SUM(A1)", '"\'@SUM(A1)"'],
    ["a,b\nc", '"a,b c"'],
    ["\u001b[2J", '"\\u001b[2J"'],
  ])("%j → %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});
