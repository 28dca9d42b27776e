import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The package version, read from package.json (the same relative path from src/ and dist/). */
export const toolVersion: string = (
  createRequire(import.meta.url)("../../package.json") as { version: string }
).version;

export type BuildInfo = { commit: string; dirty: boolean };

/**
 * The commit the running code was built from, written by `npm run build` (scripts/build-info.mjs)
 * as dist/build-info.json. Running from src/ (tests, tsx) or from a build made outside a git
 * checkout of rootward, it is "unknown": never a guess.
 */
export const buildInfo: BuildInfo = readBuildInfo(new URL("../build-info.json", import.meta.url));

export function readBuildInfo(file: URL): BuildInfo {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<BuildInfo>;
    const commit =
      typeof parsed.commit === "string" && /^[0-9a-f]{40}$/.test(parsed.commit) ? parsed.commit : "unknown";
    return { commit, dirty: commit !== "unknown" && parsed.dirty === true };
  } catch {
    return { commit: "unknown", dirty: false };
  }
}

/** What `rootward --version` prints: `0.1.0 (commit 0123abcd…, modified)`. */
export function versionText(info: BuildInfo = buildInfo): string {
  const modified = info.dirty ? ", with uncommitted changes" : "";
  return `${toolVersion} (commit ${info.commit}${modified})`;
}
