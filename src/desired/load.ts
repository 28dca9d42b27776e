import { createHash } from "node:crypto";
import { byText } from "../order.js";
import {
  crossChecks,
  exceptionEntryProblems,
  exceptionsInOrder,
  type Located,
  type ParsedDocument,
  unmanagedInOrder,
} from "./checks.js";
import { didYouMean } from "./did-you-mean.js";
import type { DesiredState, Selectors, SourceLocation } from "./model.js";
import { hasErrors, type PathSegment, type Problem, sortProblems } from "./problem.js";
import { refusedFileProblem } from "./refused-files.js";
import {
  API_VERSION,
  CredentialKinds,
  DocumentKinds,
  Exception,
  RootAccessExceptions,
  RootAccessPolicy,
} from "./schema.js";
import { controlCharacterProblems } from "./text-checks.js";
import { unlockChecks, unlockRules, unlocksInOrder } from "./unlocks.js";
import {
  fileProblem,
  parseYamlSource,
  type RefusedFile,
  type SourceFile,
  type YamlSource,
} from "./yaml-source.js";
import { problemsFromIssues } from "./zod-issues.js";

export const MAX_FILES = 500;

export type LoadResult = {
  /** Present only when there is no error (warnings allowed). */
  state?: DesiredState;
  problems: Problem[];
  /** `unlocks` only when the desired state lists any, so older consumers see the same summary. */
  summary: { files: number; exceptions: number; unmanaged: number; unlocks?: number };
};

/**
 * Loads a desired state from its files. Pure: the caller reads the directory and passes `now`.
 * Every problem in every file is reported at once; nothing is thrown for bad input. `refused`
 * lists the entries the reader would not read (symbolic links, …): each is an error.
 */
export function loadDesiredState(
  directory: string,
  files: readonly SourceFile[],
  now: Date,
  refused: readonly RefusedFile[] = [],
): LoadResult {
  const sorted = [...files].sort(byText((file) => file.name));
  const total = sorted.length + refused.length;
  const empty = { files: total, exceptions: 0, unmanaged: 0 };
  if (total === 0) {
    return {
      problems: [
        fileProblem(directory, "no-files", `no *.yaml or *.yml files in ${directory}`, {
          hint: "create a RootAccessPolicy file there (see the README), or pass --desired-state DIR",
        }),
      ],
      summary: empty,
    };
  }
  if (total > MAX_FILES) {
    return {
      problems: [
        fileProblem(directory, "too-many-files", `${total} files in ${directory}; the limit is ${MAX_FILES}`),
      ],
      summary: empty,
    };
  }

  const problems: Problem[] = refused.map(refusedFileProblem);
  const documents: ParsedDocument[] = [];
  // Every exception that parses on its own, in file order, also from files with other errors.
  const exceptions: Located<Exception>[] = [];
  const policySources: YamlSource[] = [];
  // A file whose kind is unreadable, missing or misspelt (or a refused link) may be the policy;
  // saying "no policy" then is noise.
  let mayBePolicy = refused.length > 0;
  for (const file of sorted) {
    const parsed = parseYamlSource(file);
    problems.push(...parsed.problems);
    if (!parsed.source) {
      mayBePolicy = true;
      continue;
    }
    const kind = kindOf(parsed.source.data);
    if (kind === "RootAccessPolicy") policySources.push(parsed.source);
    else if (kind !== "RootAccessExceptions" && !looksLikeExceptionsKind(kind)) mayBePolicy = true;
    const document = parseDocument(parsed.source);
    problems.push(...document.problems);
    if (document.parsed) {
      documents.push(document.parsed);
      exceptions.push(...exceptionsInOrder([document.parsed]));
    } else exceptions.push(...salvageExceptions(parsed.source));
  }
  problems.push(...exceptionEntryProblems(exceptions));

  for (const extra of policySources.slice(1)) {
    problems.push(
      fileProblem(
        extra.file,
        "policy-duplicate",
        `a second RootAccessPolicy; the policy is already in ${policySources[0]?.file}`,
        {
          ...extra.locate(["kind"]),
          path: ["kind"],
          hint: "a desired state has exactly one RootAccessPolicy: merge the two, or make this file kind: RootAccessExceptions holding only exceptions",
        },
      ),
    );
  }
  if (policySources.length === 0 && !mayBePolicy) {
    problems.push(
      fileProblem(directory, "policy-missing", `no file in ${directory} has kind: RootAccessPolicy`, {
        hint: "one file must hold the policy (organization, features, baseline); see the README",
      }),
    );
  }
  problems.push(...controlCharacterProblems(documents));
  const policy = documents.find((document) => document.kind === "RootAccessPolicy");
  if (policy) {
    const managementAccountId = policy.value.organization.managementAccountId;
    problems.push(...crossChecks(documents, managementAccountId, now));
    problems.push(...unlockChecks(documents, managementAccountId));
  }

  const unlocks = unlocksInOrder(documents).length;
  const summary = {
    files: total,
    exceptions: exceptionsInOrder(documents).length,
    unmanaged: unmanagedInOrder(documents).length,
    ...(unlocks > 0 ? { unlocks } : {}),
  };
  const ordered = sortProblems(problems);
  if (policy?.kind !== "RootAccessPolicy" || hasErrors(ordered)) return { problems: ordered, summary };
  return { state: buildState(policy.value, policy.source, documents, sorted), problems: ordered, summary };
}

function kindOf(data: unknown): unknown {
  return data !== null && typeof data === "object" ? (data as Record<string, unknown>).kind : undefined;
}

function looksLikeExceptionsKind(kind: unknown): boolean {
  return typeof kind === "string" && didYouMean(kind, DocumentKinds) === "RootAccessExceptions";
}

function parseDocument(source: YamlSource): { parsed?: ParsedDocument; problems: Problem[] } {
  const data = source.data;
  if (data === null || data === undefined) {
    return {
      problems: [
        fileProblem(source.file, "empty-file", "the YAML document is empty", {
          hint: `start it with apiVersion: ${API_VERSION} and a kind, or delete the file`,
        }),
      ],
    };
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    const list = Array.isArray(data);
    return {
      problems: [
        fileProblem(
          source.file,
          "invalid-type",
          `the document is ${list ? "a list" : `a ${typeof data}`}; it must be a mapping that starts with apiVersion and kind`,
          {
            ...source.locate([]),
            hint: list
              ? 'remove the "- " in front of apiVersion: a desired-state file is one mapping, not a list'
              : `start the file with apiVersion: ${API_VERSION} and a kind`,
          },
        ),
      ],
    };
  }
  const record = data as Record<string, unknown>;
  const header = headerProblems(source, record);
  if (header.length > 0) return { problems: header };
  if (record.kind === "RootAccessPolicy") {
    const result = RootAccessPolicy.safeParse(data);
    if (!result.success)
      return { problems: problemsFromIssues(source, RootAccessPolicy, result.error.issues) };
    return { parsed: { kind: "RootAccessPolicy", source, value: result.data }, problems: [] };
  }
  const result = RootAccessExceptions.safeParse(data);
  if (!result.success)
    return { problems: problemsFromIssues(source, RootAccessExceptions, result.error.issues) };
  return { parsed: { kind: "RootAccessExceptions", source, value: result.data }, problems: [] };
}

function headerProblems(source: YamlSource, record: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const field = (key: string) => ({ ...source.locate(record[key] === undefined ? [] : [key]), path: [key] });
  if (record.apiVersion !== API_VERSION) {
    problems.push(
      fileProblem(
        source.file,
        "wrong-api-version",
        record.apiVersion === undefined
          ? "missing `apiVersion`"
          : `apiVersion ${JSON.stringify(record.apiVersion)} is not supported`,
        { ...field("apiVersion"), hint: `this rootward reads apiVersion: ${API_VERSION}` },
      ),
    );
  }
  if (!DocumentKinds.includes(record.kind as (typeof DocumentKinds)[number])) {
    const suggestion = typeof record.kind === "string" ? didYouMean(record.kind, DocumentKinds) : undefined;
    problems.push(
      fileProblem(
        source.file,
        "wrong-kind",
        record.kind === undefined
          ? "missing `kind`"
          : `kind ${JSON.stringify(record.kind)} is not a rootward document`,
        {
          ...field("kind"),
          hint: suggestion
            ? `did you mean \`${suggestion}\`?`
            : `use kind: ${DocumentKinds.join(" or kind: ")}`,
        },
      ),
    );
  }
  return problems;
}

function buildState(
  policy: RootAccessPolicy,
  policySource: YamlSource,
  documents: readonly ParsedDocument[],
  files: readonly SourceFile[],
): DesiredState {
  const locate = (source: YamlSource, path: readonly PathSegment[]): SourceLocation => ({
    file: source.file,
    ...source.locate(path),
  });
  const digest = createHash("sha256");
  // Names inside the directory, not paths as typed: `desired-state`, `./desired-state/` and an
  // absolute path must give the same digest, or apply refuses a plan made from another directory.
  const fileDigests = files.map((file) => {
    digest.update(`${file.name}\0${file.content.byteLength}\0`).update(file.content);
    return { path: file.name, sha256: createHash("sha256").update(file.content).digest("hex") };
  });
  return {
    organization: policy.organization,
    features: policy.features,
    baseline: policy.baseline,
    exceptions: exceptionsInOrder(documents).map(({ entry, source, path }) => {
      const overrides: DesiredState["exceptions"][number]["overrides"] = {};
      for (const kind of CredentialKinds) {
        const value = entry[kind];
        if (value !== undefined) Object.assign(overrides, { [kind]: value });
      }
      return {
        name: entry.name,
        selectors: selectors(entry),
        overrides,
        reason: entry.reason,
        owner: entry.owner,
        ...(entry.ticket === undefined ? {} : { ticket: entry.ticket }),
        ...(entry.expires === undefined ? {} : { expires: entry.expires }),
        location: locate(source, path),
      };
    }),
    unmanaged: unmanagedInOrder(documents).map(({ entry, source, path }) => ({
      label: `unmanaged[${path[1]}]`,
      selectors: selectors(entry),
      reason: entry.reason,
      location: locate(source, path),
    })),
    unlocks: unlockRules(documents, locate),
    remediation: { mode: policy.remediation?.mode ?? "pull-request" },
    policyLocation: locate(policySource, []),
    baselineLocation: locate(policySource, ["baseline"]),
    files: fileDigests,
    digest: digest.digest("hex"),
  };
}

function selectors(entry: {
  accounts?: string[];
  names?: string[];
  ous?: string[];
  tags?: Record<string, string>;
}): Selectors {
  return {
    accounts: entry.accounts ?? [],
    names: entry.names ?? [],
    ous: entry.ous ?? [],
    tags: entry.tags ?? {},
  };
}

/**
 * The exceptions of a file that failed its schema which are valid on their own, at their own
 * index, so cross-file checks see them in the same run.
 */
function salvageExceptions(source: YamlSource): Located<Exception>[] {
  const data = source.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return [];
  const list = (data as Record<string, unknown>).exceptions;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index) => {
    const result = Exception.safeParse(item);
    return result.success ? [{ entry: result.data, source, path: ["exceptions", index] }] : [];
  });
}
