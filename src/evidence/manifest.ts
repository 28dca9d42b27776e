import { createHash } from "node:crypto";
import { z } from "zod";
import { compareText } from "../order.js";

/**
 * manifest.json: the sha256 of every other file of the pack, and what the pack is evidence of.
 * It detects a file edited, removed or added after the pack was made. It is not a signature:
 * whoever can edit the files can rewrite the manifest too, so keep the manifest's own sha256
 * somewhere they cannot (the workflow log prints it; the artifact upload records its digest).
 */
export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_KIND = "rootward-evidence-manifest";
export const MANIFEST_VERSION = 1;

/** A pack's file names: flat, no path separators, nothing hidden. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const Manifest = z.object({
  kind: z.literal(MANIFEST_KIND),
  version: z.literal(MANIFEST_VERSION),
  generatedAt: z.string(),
  tool: z.object({ name: z.string(), version: z.string() }),
  audit: z.object({ generatedAt: z.string(), organizationId: z.string(), managementAccountId: z.string() }),
  desiredState: z.object({
    digest: z.string(),
    commit: z.object({ id: z.string(), dirty: z.boolean() }).optional(),
    files: z.array(z.object({ path: z.string(), sha256: z.string() })),
  }),
  previous: z.array(z.object({ source: z.string(), auditGeneratedAt: z.string(), basis: z.string() })),
  files: z.array(
    z.object({
      path: z.string().regex(FILE_NAME),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().nonnegative(),
    }),
  ),
});
export type Manifest = z.infer<typeof Manifest>;

export type PackFile = { path: string; content: string | Uint8Array };

export function sha256Hex(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

function byteLength(content: string | Uint8Array): number {
  return typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
}

export function renderManifest(
  about: Omit<Manifest, "kind" | "version" | "files">,
  files: readonly PackFile[],
): string {
  const manifest: Manifest = {
    kind: MANIFEST_KIND,
    version: MANIFEST_VERSION,
    ...about,
    files: [...files]
      .sort((a, b) => compareText(a.path, b.path))
      .map((file) => ({ path: file.path, sha256: sha256Hex(file.content), bytes: byteLength(file.content) })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** One entry of the pack's directory as read from disk; `content` only for regular files. */
export type DirectoryEntry = { name: string; content?: Uint8Array };

export const VerifyProblemKinds = ["edited", "missing", "extra", "not-a-file"] as const;
export type VerifyProblem = { file: string; kind: (typeof VerifyProblemKinds)[number]; message: string };

/**
 * Checks a pack's directory against its manifest: every listed file present with the same
 * sha256, and nothing else in the directory. Only names read from the directory are opened, never
 * a path taken from the manifest, so a forged manifest cannot make verification read elsewhere.
 */
export function verifyPack(manifest: Manifest, entries: readonly DirectoryEntry[]): VerifyProblem[] {
  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  const problems: VerifyProblem[] = [];
  const seen = new Set<string>();
  for (const entry of [...entries].sort((a, b) => compareText(a.name, b.name))) {
    if (entry.name === MANIFEST_FILE) continue;
    const expected = listed.get(entry.name);
    if (!expected) {
      problems.push({
        file: entry.name,
        kind: "extra",
        message: "is not listed in manifest.json (added after the pack was made)",
      });
      continue;
    }
    seen.add(entry.name);
    if (!entry.content) {
      problems.push({ file: entry.name, kind: "not-a-file", message: "is not a regular file" });
      continue;
    }
    const actual = sha256Hex(entry.content);
    if (actual !== expected.sha256) {
      problems.push({
        file: entry.name,
        kind: "edited",
        message: `sha256 is ${actual}, manifest.json records ${expected.sha256} (edited after the pack was made)`,
      });
    }
  }
  for (const file of manifest.files) {
    if (!seen.has(file.path))
      problems.push({ file: file.path, kind: "missing", message: "is listed in manifest.json but missing" });
  }
  return problems;
}
