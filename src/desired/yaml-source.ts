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
  visit,
  type YAMLError,
} from "yaml";
import { formatPath, type PathSegment, type Problem, type ProblemCode } from "./problem.js";
import { API_VERSION } from "./schema.js";
import { decodeUtf8 } from "./utf8.js";

/**
 * One desired-state file as read from disk. `path` names it in messages (as the user sees it from
 * where rootward runs); `name` is its '/'-separated path inside the desired-state directory, the
 * only path the digest sees, so the digest does not depend on how the directory was typed.
 */
export type SourceFile = { path: string; name: string; content: Uint8Array };

/**
 * An entry the reader would not read: a symbolic link (it can point outside the reviewed
 * directory, and skipping it would silently drop part of the policy) or a FIFO, socket or device.
 */
export type RefusedFile = {
  path: string;
  name: string;
  reason: "symbolic-link" | "not-regular-file";
  /** Where the link points, as stored in the link. */
  target?: string;
};

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
  const decoded = decodeUtf8(content);
  if ("failure" in decoded) {
    const { offset, byte, line, col } = decoded.failure;
    const hex = byte.toString(16).toUpperCase().padStart(2, "0");
    return {
      problems: [
        fileProblem(file, "not-utf8", `file is not valid UTF-8 (byte 0x${hex} at offset ${offset})`, {
          line,
          col,
          hint: "save the file as UTF-8; it was probably saved as Latin-1 or Windows-1252",
        }),
      ],
    };
  }
  const text = decoded.text;
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [];
  // The parser, not a regular expression, decides emptiness: blank and comment-only files hold no document.
  if (list.length === 0) {
    return {
      problems: [
        fileProblem(file, "empty-file", "file holds no YAML document (it is empty or only comments)", {
          hint: `start it with apiVersion: ${API_VERSION} and a kind, or delete it`,
        }),
      ],
    };
  }
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
  let syntaxReported = false;
  for (const error of doc.errors) {
    if (error.code === "DUPLICATE_KEY") {
      problems.push(duplicateKeyProblem(file, doc, lineCounter, error.pos[0]));
      continue;
    }
    // After the first syntax error the parser is out of step, and later errors are mostly echoes of it.
    if (syntaxReported) continue;
    syntaxReported = true;
    problems.push(syntaxProblem(file, doc, lineCounter, error));
  }
  if (problems.length > 0) return { problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/alias/i.test(message)) return { problems: [fileProblem(file, "yaml-syntax", message)] };
    return {
      problems: [
        fileProblem(
          file,
          "alias-limit",
          `YAML anchors and aliases expand to too much data (more than ${MAX_ALIAS_COUNT} alias expansions)`,
          {
            ...lineCounter.linePos(firstAliasOffset(doc)),
            hint: "write the values out instead of nesting anchors (&name) and aliases (*name)",
          },
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

function syntaxProblem(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  error: YAMLError,
): Problem {
  // The parser reports an unclosed quote at the end of the file; the opening quote is what to fix.
  const quote = error.code === "MISSING_CHAR" ? unclosedQuoteOffset(doc, error.pos[0]) : undefined;
  if (quote !== undefined) {
    return fileProblem(file, "yaml-syntax", "YAML syntax error: this quoted value is never closed", {
      ...lineCounter.linePos(quote),
      hint: "add the closing quote at the end of the value",
    });
  }
  // With prettyErrors off the parser leaves `linePos` unset; the offset is always there.
  return fileProblem(file, "yaml-syntax", `YAML syntax error: ${firstLine(error.message)}`, {
    ...lineCounter.linePos(error.pos[0]),
    hint:
      error.code === "TAB_AS_INDENT"
        ? "indent with spaces; YAML does not allow tabs"
        : "check this line and the next: keys of one mapping line up, a space follows each colon, quotes close",
  });
}

/** Names the repeated key and where it first appears, which the parser's message leaves out. */
function duplicateKeyProblem(
  file: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  offset: number,
): Problem {
  let key = "";
  let firstOffset: number | undefined;
  visit(doc, {
    Map(_, map) {
      const repeated = map.items.find((pair) => isScalar(pair.key) && pair.key.range?.[0] === offset);
      if (!repeated || !isScalar(repeated.key)) return;
      key = String(repeated.key.value);
      const first = map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
      firstOffset = isScalar(first?.key) ? first.key.range?.[0] : undefined;
      return visit.BREAK;
    },
  });
  const firstKeyLine = firstOffset === undefined ? undefined : lineCounter.linePos(firstOffset).line;
  return fileProblem(
    file,
    "duplicate-key",
    key === ""
      ? "duplicate key in this mapping"
      : `duplicate key \`${key}\`${firstKeyLine === undefined ? "" : `; it is already set on line ${firstKeyLine}`}`,
    {
      ...lineCounter.linePos(offset),
      hint: "each key may appear once in a mapping (YAML would silently keep only one); remove or merge the repeated key",
    },
  );
}

function unclosedQuoteOffset(doc: Document.Parsed, offset: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_, scalar) {
      const quoted = scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE";
      const range = scalar.range;
      if (quoted && range && range[0] <= offset && range[1] >= offset) start = range[0];
    },
  });
  return start;
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}
