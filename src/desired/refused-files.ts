import type { Problem } from "./problem.js";
import { fileProblem, type RefusedFile } from "./yaml-source.js";

/**
 * Why an entry of the desired-state directory is refused. rootward reads only regular files that
 * live in the directory: what a pull request shows reviewers must be the whole policy, and a link
 * can point anywhere (or nowhere), so following it or skipping it would both be silent.
 */
export function refusedFileProblem(file: RefusedFile): Problem {
  if (file.reason === "symbolic-link") {
    const target = file.target === undefined ? "" : ` (to ${file.target})`;
    return fileProblem(
      file.path,
      "symbolic-link",
      `is a symbolic link${target}; rootward reads only regular files in the desired-state directory`,
      { hint: "replace the link with a copy of the file it points to, so that reviewers see its content" },
    );
  }
  return fileProblem(
    file.path,
    "not-regular-file",
    "is not a regular file (a FIFO, socket or device); rootward reads only regular files",
    { hint: "remove it, or give it a name that does not end in .yaml or .yml" },
  );
}
