import {
  Alias,
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from "yaml";
import { formatPath, type PathSegment, type Problem, type ProblemCode } from "./problem.js";

/** One desired-state file as read from disk: path relative to the desired-state directory. */
export type SourceFile = { path: string; content: Uint8Array };

/** Bounds that keep a hostile or accidental file from exhausting memory (YAML alias bombs, huge files). */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_ALIAS_COUNT = 100;

/** A parsed YAML file that can answer "where is this path?" for error messages. */
export type YamlSource = {
  file: string;
  text: string;
  data: unknown;
  locate(path: readonly PathSegment[], target?: "key" | "value"): { line: number; col: number };
  node(path: readonly PathSegment[]): Node | undefined;
  /** The exact source text of the node at `path` (e.g. `011111111111` before YAML made it a number). */
  sourceText(path: readonly PathSegment[]): string | undefined;
};

export function fileProblem(
  file: string,
  code: ProblemCode,
  message: string,
  extra: { line?: number; col?: number; hint?: string; path?: readonly PathSegment[] } = {},
): Problem {
  const problem: Problem = {
    severity: "error",
    code,
    file,
    line: extra.line ?? 1,
    col: extra.col ?? 1,
    path: formatPath(extra.path ?? []),
    message,
  };
  if (extra.hint !== undefined) problem.hint = extra.hint;
  return problem;
}

export function parseYamlSource(source: SourceFile): { source?: YamlSource; problems: Problem[] } {
  const { path: file, content } = source;
  if (content.byteLength > MAX_FILE_BYTES) {
    return {
      problems: [
        fileProblem(
          file,
          "file-too-large",
          `file is ${content.byteLength} bytes; desired-state files are limited to ${MAX_FILE_BYTES} bytes (1 MiB)`,
          { hint: "split the exceptions over several RootAccessExceptions files" },
        ),
      ],
    };
  }
  const decoded = decodeUtf8(file, content);
  if ("problem" in decoded) return { problems: [decoded.problem] };
  const text = decoded.text;
  if (text.trim() === "" || /^(\s*#.*\n?|\s*\n)*$/.test(text)) {
    return { problems: [fileProblem(file, "empty-file", "file is empty; it must hold one YAML document")] };
  }

  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  if (list.length !== 1) {
    const second = list[1];
    const position = second?.range ? lineCounter.linePos(second.range[0]) : { line: 1, col: 1 };
    return {
      problems: [
        fileProblem(
          file,
          "multiple-documents",
          `file holds ${list.length} YAML documents; put exactly one in each file`,
          {
            ...position,
            hint: "remove the `---` separator and move the second document into its own file",
          },
        ),
      ],
    };
  }
  const doc = list[0] as Document.Parsed;
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    const duplicate = error.code === "DUPLICATE_KEY";
    problems.push(
      fileProblem(file, duplicate ? "duplicate-key" : "yaml-syntax", firstLine(error.message), {
        ...position,
        hint: duplicate
          ? "each key may appear once in a mapping; remove or merge the repeated key"
          : undefined,
      }),
    );
  }
  if (problems.length > 0) return { problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const aliasBomb = /alias/i.test(message);
    return {
      problems: [
        fileProblem(
          file,
          aliasBomb ? "alias-limit" : "yaml-syntax",
          aliasBomb ? `YAML aliases expand beyond the limit of ${MAX_ALIAS_COUNT}: ${message}` : message,
          { hint: aliasBomb ? "write the values out instead of nesting anchors and aliases" : undefined },
        ),
      ],
    };
  }

  function node(path: readonly PathSegment[]): Node | undefined {
    return walk(doc, path).node;
  }
  return {
    problems,
    source: {
      file,
      text,
      data,
      node,
      locate(path, target = "value") {
        const found = walk(doc, path);
        const range = target === "key" && found.complete ? found.keyRange : found.node?.range;
        return lineCounter.linePos(range?.[0] ?? found.deepestRange?.[0] ?? 0);
      },
      sourceText(path) {
        const found = node(path);
        if (!found?.range) return undefined;
        return text.slice(found.range[0], found.range[1]);
      },
    },
  };
}

type Range = readonly [number, number, number];
type Walked = { node?: Node; keyRange?: Range; deepestRange?: Range; complete: boolean };

/** Follows a data path through the YAML AST, resolving aliases, as far as it exists. */
function walk(doc: Document.Parsed, path: readonly PathSegment[]): Walked {
  let current: Node | undefined = (doc.contents ?? undefined) as Node | undefined;
  let keyRange: Range | undefined;
  let deepestRange: Range | undefined = current?.range ?? undefined;
  for (const segment of path) {
    if (current instanceof Alias) current = current.resolve(doc) as Node | undefined;
    let next: Node | undefined;
    keyRange = undefined;
    if (isMap(current)) {
      const pair = current.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair) {
        next = (pair.value ?? undefined) as Node | undefined;
        keyRange = isScalar(pair.key) ? (pair.key.range ?? undefined) : undefined;
        if (!next && keyRange) deepestRange = keyRange;
      }
    } else if (isSeq(current) && typeof segment === "number") {
      next = current.items[segment] as Node | undefined;
    }
    if (!next) return { node: undefined, keyRange, deepestRange, complete: keyRange !== undefined };
    current = next;
    deepestRange = current.range ?? deepestRange;
  }
  return { node: current, keyRange, deepestRange, complete: true };
}

function decodeUtf8(file: string, content: Uint8Array): { text: string } | { problem: Problem } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(content) };
  } catch {
    const offset = firstInvalidUtf8Offset(content);
    let line = 1;
    let col = 1;
    for (let index = 0; index < offset; index++) {
      if (content[index] === 0x0a) {
        line++;
        col = 1;
      } else col++;
    }
    return {
      problem: fileProblem(file, "not-utf8", `file is not valid UTF-8 (first bad byte at offset ${offset})`, {
        line,
        col,
        hint: "save the file as UTF-8",
      }),
    };
  }
}

function firstInvalidUtf8Offset(content: Uint8Array): number {
  let low = 0;
  let high = content.byteLength;
  // Binary search for the shortest invalid prefix; `stream: true` tolerates a cut multi-byte tail.
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(content.subarray(0, middle + 1), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  return low;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
