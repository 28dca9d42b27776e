import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURE = join("src", "sandbox", "fixtures", "example-org.yaml");
const DESIRED_STATE = "desired-state";

/** Where the built-in example organization lives (see `packageFile`). */
export function exampleFixturePath(): string {
  return packageFile(FIXTURE);
}

/**
 * The example organization's desired state, shipped in the package (package.json `files`), so
 * `rootward demo` runs the same in this repository and in an empty folder after
 * `npm install rootward-X.Y.Z.tgz`.
 */
export function exampleDesiredStatePath(): string {
  return packageFile(join(DESIRED_STATE, "policy.yaml"), DESIRED_STATE);
}

/**
 * A file of the rootward package. The build (`tsc -p tsconfig.build.json`) does not copy YAML
 * into dist/, so files are found from the package root: the nearest directory above this module
 * holding a package.json named rootward. Works from src/ (tests), dist/ (the CLI after `npm ci`
 * or `npm install` of the packed tarball) and dist-check/ (benchmarks).
 */
function packageFile(probe: string, answer: string = probe): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && isRootward(manifest) && existsSync(join(directory, probe))) {
      return join(directory, answer);
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new Error(`rootward's ${probe} was not found above ${fileURLToPath(import.meta.url)}`);
}

function isRootward(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "rootward";
  } catch {
    return false;
  }
}
