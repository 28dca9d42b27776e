import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { shellCommand, shellQuote } from "./shell-words.js";

describe("shellQuote", () => {
  it.each([
    ["plan.json", "plan.json"],
    ["plans/2026-12-01.json", "plans/2026-12-01.json"],
    ["my plan.json", "'my plan.json'"],
    ["--desired-state", "--desired-state"],
    ["it's.json", `'it'\\''s.json'`],
    ["$(rm -rf ~)", "'$(rm -rf ~)'"],
    ["", "''"],
  ])("%j → %s", (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });

  it("a POSIX shell reads every quoted word back unchanged", () => {
    const words = ["plan.json", "my plan.json", "it's", "$(echo hi)", "`x`", "a\\b", "*", "-x", "é ü"];

    const echoed = execFileSync("sh", ["-c", `printf '%s\\n' ${shellCommand(words)}`], { encoding: "utf8" });

    expect(echoed).toBe(`${words.join("\n")}\n`);
  });
});
