// Writes dist/build-info.json: the commit rootward is built from, so `rootward --version` can say
// which code runs (a pinned workflow, an installed tarball). Outside a git checkout of rootward
// itself (a tarball unpacked elsewhere, a vendored copy inside another repository) the commit is
// not known and nothing is written: `--version` then says "unknown" rather than guess.
import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "dist", "build-info.json");

function git(...args) {
  return execFileSync("git", args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
}

function commitOf() {
  try {
    // Only this package's own repository counts, not one it happens to sit inside.
    if (realpathSync(git("rev-parse", "--show-toplevel")) !== realpathSync(root)) return undefined;
    const commit = git("rev-parse", "HEAD");
    const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
    return { commit, dirty };
  } catch {
    return undefined;
  }
}

const info = commitOf();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(info ?? { commit: "unknown", dirty: false }, null, 2)}\n`);
