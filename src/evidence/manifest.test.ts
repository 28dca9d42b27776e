import { describe, expect, it } from "vitest";
import { type DirectoryEntry, Manifest, renderManifest, verifyPack } from "./manifest.js";

const encode = (text: string) => new TextEncoder().encode(text);
const ABOUT = {
  generatedAt: "2026-11-22T12:00:00.000Z",
  tool: { name: "rootward", version: "test" },
  audit: {
    generatedAt: "2026-11-22T11:59:00.000Z",
    organizationId: "o-test123456",
    managementAccountId: "999999999999",
  },
  desiredState: { digest: "d".repeat(64), files: [] },
  previous: [],
};
const FILES = [
  { path: "index.html", content: encode("<!DOCTYPE html>") },
  { path: "controls.csv", content: encode("account_id\r\n") },
];
const manifest = Manifest.parse(JSON.parse(renderManifest(ABOUT, FILES)));
const entries = (): DirectoryEntry[] => [
  ...FILES.map((file) => ({ name: file.path, content: file.content })),
  { name: "manifest.json", content: encode("{}") },
];

describe("verifyPack", () => {
  it("passes an untouched pack", () => {
    expect(verifyPack(manifest, entries())).toEqual([]);
  });

  it.each<[string, (list: DirectoryEntry[]) => DirectoryEntry[], string, string]>([
    [
      "an edited file",
      (list) =>
        list.map((entry) =>
          entry.name === "controls.csv" ? { ...entry, content: encode("account_id,x\r\n") } : entry,
        ),
      "controls.csv",
      "edited",
    ],
    [
      "a missing file",
      (list) => list.filter((entry) => entry.name !== "index.html"),
      "index.html",
      "missing",
    ],
    ["an added file", (list) => [...list, { name: "notes.txt", content: encode("x") }], "notes.txt", "extra"],
    [
      "a folder in place of a file",
      (list) => list.map((entry) => (entry.name === "index.html" ? { name: "index.html" } : entry)),
      "index.html",
      "not-a-file",
    ],
  ])("fails on %s, naming it", (_name, change, file, kind) => {
    expect(verifyPack(manifest, change(entries()))).toEqual([expect.objectContaining({ file, kind })]);
  });

  it("lists files by name and size, in order", () => {
    expect(manifest.files.map((file) => [file.path, file.bytes])).toEqual([
      ["controls.csv", 12],
      ["index.html", 15],
    ]);
  });

  it("refuses a manifest naming a path outside the pack", () => {
    const forged = { ...manifest, files: [{ path: "../etc/passwd", sha256: "0".repeat(64), bytes: 1 }] };
    expect(Manifest.safeParse(forged).success).toBe(false);
  });
});
