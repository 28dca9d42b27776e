import { constants } from "node:fs";
import { open, readdir, readlink, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import type { RefusedFile, SourceFile } from "../desired/index.js";
import { byText } from "../order.js";
import { RootwardError } from "./errors.js";

export const DEFAULT_DESIRED_STATE_DIR = "desired-state";

/** A directory as the user would type it from `cwd`: `policies`, `../org`, `.`. */
export function relativeDir(cwd: string, directory: string): string {
  return relative(cwd, resolve(cwd, directory)).split(sep).join("/") || ".";
}

export type DesiredStateEntries = { files: SourceFile[]; refused: RefusedFile[] };

const YAML_NAME = /\.ya?ml$/i;

/**
 * Reads every *.yaml / *.yml under `directory` (recursively, skipping dot-folders) as raw bytes.
 * Symbolic links are never followed nor skipped: one named *.yaml, or one that points to a
 * directory, is returned as refused so that validate reports it instead of losing part of the policy.
 */
export async function readDesiredStateFiles(directory: string): Promise<DesiredStateEntries> {
  const info = await stat(directory).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new RootwardError("desired-state-missing", `desired-state directory ${directory} does not exist`, {
      hint: "run rootward from your repository root, or pass --desired-state DIR",
    });
  }
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const candidates = entries
    .map((entry) => ({ entry, path: join(entry.parentPath, entry.name) }))
    .filter(({ path }) => {
      const parts = relative(directory, path).split(sep);
      return !parts.some((part) => part.startsWith("."));
    })
    .sort(byText((candidate) => candidate.path));
  const files: SourceFile[] = [];
  const refused: RefusedFile[] = [];
  for (const { entry, path } of candidates) {
    const name = relative(directory, path).split(sep).join("/");
    const named = { path: join(directory, name).split(sep).join("/"), name };
    if (entry.isSymbolicLink()) {
      if (YAML_NAME.test(entry.name) || (await stat(path).catch(() => undefined))?.isDirectory())
        refused.push({ ...named, reason: "symbolic-link", target: await readlink(path) });
    } else if (entry.isFile()) {
      if (!YAML_NAME.test(entry.name)) continue;
      const content = await readRegularFile(path);
      if (typeof content === "string") refused.push({ ...named, reason: content });
      else files.push({ ...named, content });
    } else if (!entry.isDirectory() && YAML_NAME.test(entry.name)) {
      refused.push({ ...named, reason: "not-regular-file" });
    }
  }
  return { files, refused };
}

/**
 * Reads a regular file without trusting readdir: the entry may have been replaced since by a link
 * (O_NOFOLLOW refuses it) or a FIFO (O_NONBLOCK keeps open from waiting for a writer; fstat tells).
 */
async function readRegularFile(path: string): Promise<Uint8Array | RefusedFile["reason"]> {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(path, flags).catch((error: unknown) => {
    if (hasErrorCode(error, "ELOOP")) return undefined;
    throw error;
  });
  if (!handle) return "symbolic-link";
  try {
    if (!(await handle.stat()).isFile()) return "not-regular-file";
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
