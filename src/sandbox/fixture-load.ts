import { readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { RootwardError } from "../errors.js";
import { buildOrganization, type FixtureIssue } from "./fixture-build.js";
import { FIXTURE_API_VERSION, SandboxFixture, type SandboxFixtureInput } from "./fixture-schema.js";
import type { Organization } from "./model.js";

/** A fixture as data (already parsed) or as a YAML file to read. */
export type FixtureSource = SandboxFixtureInput | { file: string };

/**
 * Loads a fixture into an organization. Every problem is reported at once, located as
 * `file:line:col path: message` for YAML files, and thrown as one RootwardError (the sandbox
 * cannot start from a half-valid organization).
 */
export function loadFixture(source: FixtureSource): Organization {
  if ("file" in source && typeof source.file === "string") return loadFixtureFile(source.file);
  return loadFixtureData(source, (issue) => `${formatPath(issue.path)}: ${issue.message}`, "fixture");
}

export function loadFixtureFile(file: string): Organization {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RootwardError("SANDBOX_FIXTURE_UNREADABLE", `cannot read sandbox fixture ${file}`, {
      cause: error,
    });
  }
  return loadFixtureText(text, file);
}

export function loadFixtureText(text: string, file: string): Organization {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    const lines = document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return `${file}:${position.line}:${position.col} ${error.message.split("\n")[0]}`;
    });
    throw invalid(file, lines);
  }
  const locate = (path: (string | number)[]): string => {
    const node = nodeAt(document.contents, path);
    const offset = node?.range?.[0] ?? 0;
    const position = lineCounter.linePos(offset);
    return `${file}:${position.line}:${position.col}`;
  };
  return loadFixtureData(
    document.toJS(),
    (issue) => `${locate(issue.path)} ${formatPath(issue.path)}: ${issue.message}`,
    file,
  );
}

function loadFixtureData(
  data: unknown,
  describe: (issue: FixtureIssue) => string,
  name: string,
): Organization {
  const parsed = SandboxFixture.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.filter((segment): segment is string | number => typeof segment !== "symbol"),
      message:
        issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}` : issue.message,
    }));
    throw invalid(name, issues.map(describe));
  }
  const { org, issues } = buildOrganization(parsed.data);
  if (issues.length > 0) throw invalid(name, issues.map(describe));
  return org;
}

function invalid(name: string, lines: string[]): RootwardError {
  return new RootwardError(
    "SANDBOX_FIXTURE_INVALID",
    `sandbox fixture ${name} is invalid:\n  ${lines.join("\n  ")}`,
    {
      hint: `a fixture starts with apiVersion: ${FIXTURE_API_VERSION} and kind: SandboxOrganization; see src/sandbox/README.md`,
    },
  );
}

function nodeAt(root: unknown, path: (string | number)[]): Node | undefined {
  let node = root as Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      const next = pair?.value as Node | undefined;
      if (!next) return (pair?.key as Node | undefined) ?? node;
      node = next;
    } else if (isSeq(node) && typeof segment === "number") {
      const next = node.items[segment] as Node | undefined;
      if (!next) return node;
      node = next;
    } else {
      return node;
    }
  }
  return node;
}

function formatPath(path: (string | number)[]): string {
  return (
    path
      .map((segment, index) =>
        typeof segment === "number" ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
      )
      .join("") || "(top level)"
  );
}
