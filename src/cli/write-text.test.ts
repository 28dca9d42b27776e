import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeTextFile } from "./write-text.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "rootward-write-text-"));
  made.push(dir);
  return join(dir, "out.json");
}

const CHUNK = 1 << 20;

describe("writeTextFile", () => {
  it.each([
    ["empty", ""],
    ["short ASCII", '{"a": 1}\n'],
    ["an emoji across the first chunk boundary", `${"x".repeat(CHUNK - 1)}\u{1F600}${"y".repeat(10)}`],
    ["an emoji right after the boundary", `${"x".repeat(CHUNK)}\u{1F600}`],
    ["several chunks with two-byte text", `${"—é".repeat(CHUNK * 1.5)}\u{1F600}end`],
  ])("writes %s as the same UTF-8 bytes writeFile would", async (_label, text) => {
    const file = temp();
    await writeTextFile(file, text);
    expect(readFileSync(file).equals(Buffer.from(text, "utf8"))).toBe(true);
  });
});
