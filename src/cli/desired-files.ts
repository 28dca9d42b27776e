import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { SourceFile } from "../desired/index.js";
import { RootwardError } from "./errors.js";

export const DEFAULT_DESIRED_STATE_DIR = "desired-state";

/** Reads every *.yaml / *.yml under `directory` (recursively, skipping dot-folders) as raw bytes. */
export async function readDesiredStateFiles(directory: string): Promise<SourceFile[]> {
  const info = await stat(directory).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new RootwardError("desired-state-missing", `desired-state directory ${directory} does not exist`, {
      hint: "run rootward from your repository root, or pass --desired-state DIR",
    });
  }
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (path) =>
        !relative(directory, path)
          .split(sep)
          .some((part) => part.startsWith(".")),
    )
    .sort();
  return Promise.all(
    paths.map(async (path) => ({
      path: join(directory, relative(directory, path)).split(sep).join("/"),
      content: new Uint8Array(await readFile(path)),
    })),
  );
}
