import { describe, expect, it } from "vitest";
import type { Problem } from "../desired/index.js";
import { renderProblems, type ValidationSummary } from "./problems.js";

const summary: ValidationSummary = { directory: "desired-state", files: 2, exceptions: 1, unmanaged: 0 };

const error: Problem = {
  severity: "error",
  code: "unknown-key",
  file: "desired-state/policy.yaml",
  line: 12,
  col: 3,
  path: "baseline.accesKeys",
  message: "unknown field `accesKeys`",
  hint: "did you mean `accessKeys`?",
};
const warning: Problem = {
  severity: "warning",
  code: "exception-expiring",
  file: "desired-state/policy.yaml",
  line: 30,
  col: 14,
  path: "exceptions[0].expires",
  message: "exception `billing` expires after 2026-11-30 (8 days left)",
};
const wholeFile: Problem = {
  severity: "error",
  code: "empty-file",
  file: "desired-state/empty.yaml",
  line: 1,
  col: 1,
  path: "",
  message: "file holds no YAML document (it is empty or only comments)",
};

describe("renderProblems text", () => {
  it.each<[string, Problem[], ValidationSummary, string[]]>([
    ["no problems", [], summary, ["desired-state: valid (2 files, 1 exception, 0 unmanaged entries)"]],
    [
      "a warning only: still valid",
      [warning],
      { ...summary, unmanaged: 1 },
      [
        "desired-state/policy.yaml:30:14  exceptions[0].expires  warning: exception `billing` expires after 2026-11-30 (8 days left)",
        "desired-state: valid (2 files, 1 exception, 1 unmanaged entry; 1 warning)",
      ],
    ],
    [
      "errors with and without hint and path",
      [error, wholeFile, warning],
      { ...summary, files: 1, exceptions: 2 },
      [
        "desired-state/policy.yaml:12:3  baseline.accesKeys  unknown field `accesKeys`",
        "    hint: did you mean `accessKeys`?",
        "desired-state/empty.yaml:1:1  -  file holds no YAML document (it is empty or only comments)",
        "desired-state/policy.yaml:30:14  exceptions[0].expires  warning: exception `billing` expires after 2026-11-30 (8 days left)",
        "desired-state: 2 errors, 1 warning in 1 file, 2 exceptions, 0 unmanaged entries",
      ],
    ],
  ])("%s", (_, problems, counts, lines) => {
    expect(renderProblems(problems, counts, "text")).toBe(`${lines.join("\n")}\n`);
  });
});

describe("renderProblems github", () => {
  it("prints one workflow command per problem and nothing else", () => {
    expect(renderProblems([error, warning], summary, "github")).toBe(
      [
        "::error file=desired-state/policy.yaml,line=12,col=3,title=rootward%3A baseline.accesKeys::unknown field `accesKeys` (hint: did you mean `accessKeys`?)",
        "::warning file=desired-state/policy.yaml,line=30,col=14,title=rootward%3A exceptions[0].expires::exception `billing` expires after 2026-11-30 (8 days left)",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["%", "%25", "%25"],
    ["\r", "%0D", "%0D"],
    ["\n", "%0A", "%0A"],
    [":", "%3A", ":"],
    [",", "%2C", ","],
    ["%0A", "%250A", "%250A"],
  ])("escapes %j as %s in properties and %s in the message", (raw, inProperty, inMessage) => {
    const problem: Problem = { ...wholeFile, file: `a${raw}b.yaml`, message: `x${raw}y` };
    expect(renderProblems([problem], summary, "github")).toBe(
      `::error file=a${inProperty}b.yaml,line=1,col=1,title=rootward::x${inMessage}y\n`,
    );
  });
});

describe("renderProblems json", () => {
  it.each([
    [[error, warning], false],
    [[warning], true],
    [[], true],
  ])("reports valid only without errors (%#)", (problems, valid) => {
    expect(JSON.parse(renderProblems(problems, summary, "json"))).toEqual({ valid, ...summary, problems });
  });
});
