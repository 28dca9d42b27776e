import { describe, expect, it } from "vitest";
import type { OrganizationalUnit } from "../audit/snapshot.js";
import { analyzeScps } from "./scp-analysis.js";

const DENY_ROOT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
    },
  ],
});

const ou = (id: string, path: string, parentId: string): OrganizationalUnit => ({
  id,
  name: path.slice(path.lastIndexOf("/") + 1),
  path,
  parentId,
});

// "a/x" is one OU under the root whose name holds a slash (AWS allows it): reach goes by path
// prefix, so it counts as below /Root/a, as it always has. "a2" and "a-b" only share text.
const OUS = [
  ou("ou-a", "/Root/a", "r-root"),
  ou("ou-ab", "/Root/a/b", "ou-a"),
  ou("ou-abc", "/Root/a/b/c", "ou-ab"),
  ou("ou-ax", "/Root/a/x", "r-root"),
  ou("ou-a2", "/Root/a2", "r-root"),
  ou("ou-a-dash", "/Root/a-b", "r-root"),
  ou("ou-z", "/Root/z", "r-root"),
];

function affected(targets: string[]): string[] {
  const verdicts = analyzeScps(
    [{ id: "p-deny", name: "DenyRoot", awsManaged: false, targets, content: DENY_ROOT }],
    OUS,
    "r-root",
    "Root",
  );
  return verdicts[0]?.affected ?? [];
}

describe("analyzeScps reach", () => {
  it.each([
    { targets: ["ou-a"], expected: ["/Root/a", "/Root/a/b", "/Root/a/b/c", "/Root/a/x"] },
    { targets: ["ou-ab"], expected: ["/Root/a/b", "/Root/a/b/c"] },
    { targets: ["ou-z", "111111111111"], expected: ["/Root/z", "account 111111111111"] },
    { targets: ["ou-a2", "ou-a-dash"], expected: ["/Root/a-b", "/Root/a2"] },
    { targets: ["r-root"], expected: ["/Root", ...OUS.map((entry) => entry.path)].sort() },
    { targets: [], expected: [] },
  ])("a policy on $targets reaches $expected", ({ targets, expected }) => {
    expect(affected(targets)).toEqual(expected);
  });

  it("answers for a policy attached to thousands of accounts", () => {
    const accounts = Array.from({ length: 20_000 }, (_, index) => String(200_000_000_000 + index));
    const result = affected(["ou-ab", ...accounts]);
    expect(result.length).toBe(accounts.length + 2);
    expect(result.slice(0, 2)).toEqual(["/Root/a/b", "/Root/a/b/c"]);
  });
});
