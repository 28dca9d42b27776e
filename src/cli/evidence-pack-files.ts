import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RootwardError } from "../errors.js";
import {
  type DirectoryEntry,
  MANIFEST_FILE,
  Manifest,
  type PackFile,
  sha256Hex,
  type VerifyProblem,
  verifyPack,
} from "../evidence/manifest.js";
import { PACK_FILES } from "../evidence/pack.js";

/**
 * Writes the pack into `directory` (created if needed), manifest last. A directory holding
 * anything but an earlier pack's files is refused: `--verify` would count those files as added,
 * and overwriting someone's folder is never what `--out` meant.
 */
export async function writePack(directory: string, shown: string, files: readonly PackFile[]): Promise<void> {
  await mkdir(directory, { recursive: true });
  const known = new Set<string>(PACK_FILES);
  const others = (await readdir(directory)).filter((name) => !known.has(name));
  if (others.length > 0) {
    throw new RootwardError(
      "report-out-not-empty",
      `--out ${shown} already holds files that are not part of an evidence pack: ${others.slice(0, 5).join(", ")}`,
      { hint: "write the pack into a new or empty directory" },
    );
  }
  for (const file of files) await writeFile(join(directory, file.path), file.content);
}

export type PackVerification = { manifestSha256: string; files: number; problems: VerifyProblem[] };

/** Reads a pack's manifest and directory and checks one against the other. */
export async function verifyPackDirectory(directory: string, shown: string): Promise<PackVerification> {
  const manifestBytes = await readFile(join(directory, MANIFEST_FILE)).catch(() => undefined);
  if (!manifestBytes) {
    throw new RootwardError("manifest-missing", `${shown} holds no ${MANIFEST_FILE}`, {
      hint: "pass the directory `rootward report --out DIR` wrote",
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(manifestBytes));
  } catch (error) {
    throw manifestInvalid(shown, `is not JSON: ${(error as Error).message}`);
  }
  const parsed = Manifest.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw manifestInvalid(shown, `${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}`);
  }
  const entries: DirectoryEntry[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    // Symbolic links and folders are listed without content: verification reports them.
    entries.push(
      entry.isFile()
        ? { name: entry.name, content: await readFile(join(directory, entry.name)) }
        : { name: entry.name },
    );
  }
  return {
    manifestSha256: sha256Hex(manifestBytes),
    files: parsed.data.files.length,
    problems: verifyPack(parsed.data, entries),
  };
}

function manifestInvalid(shown: string, problem: string): RootwardError {
  return new RootwardError(
    "manifest-invalid",
    `${shown}/${MANIFEST_FILE} is not a rootward evidence manifest: ${problem}`,
    {
      hint: "pass the directory `rootward report --out DIR` wrote",
    },
  );
}
