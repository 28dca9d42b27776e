import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const RELATIVE = join("src", "sandbox", "fixtures", "example-org.yaml");

/**
 * Where the built-in example organization lives. The build (`tsc -p tsconfig.build.json`) does
 * not copy YAML into dist/, so the file is found from the package root: the nearest directory
 * above this module holding a package.json named rootward. Works from src/ (tests), dist/ (the
 * CLI after `npm ci`) and dist-check/ (benchmarks).
 */
export function exampleFixturePath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && isRootward(manifest) && existsSync(join(directory, RELATIVE))) {
      return join(directory, RELATIVE);
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new Error(
    `the example sandbox fixture (${RELATIVE}) was not found above ${fileURLToPath(import.meta.url)}`,
  );
}

function isRootward(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "rootward";
  } catch {
    return false;
  }
}
