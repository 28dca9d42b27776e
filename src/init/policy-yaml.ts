import { Document, isMap, isScalar, type Pair, type YAMLMap } from "yaml";
import type { RootAccessPolicy } from "../desired/schema.js";

/**
 * The policy file `rootward init` writes. Comments are fixed text, never data from the audit: an
 * account or OU name in a comment could end the comment with a line break and add keys. Data goes
 * only into scalars, which the yaml library quotes as needed (account ids stay strings).
 */
export function renderPolicyYaml(
  policy: RootAccessPolicy,
  context: { schemaPath: string; auditDay: string; notRead: number },
): string {
  const document = new Document(policy);
  const header = [
    ` yaml-language-server: $schema=${context.schemaPath}`,
    "",
    ` Written by rootward init from the audit of ${context.auditDay}: the organization as it was then.`,
    " Every member account may hold no root credentials (baseline: absent), except those that held",
    " them that day: the exceptions below grandfather them, grouped by OU and by the kinds held, until",
    " they expire. Tighten one exception at a time through pull requests; each plan shows exactly what",
    " the change would delete.",
  ];
  if (context.notRead > 0) {
    header.push(
      "",
      ` ${context.notRead} active member account(s) could not be audited, so none of their root credentials`,
      " are grandfathered: once they can be audited, plans delete whatever they hold. Run init again",
      " then, or add exceptions for them.",
    );
  }
  document.commentBefore = header.join("\n");
  commentKey(document, "baseline", " What every member account may hold unless an exception says otherwise.");
  commentKey(document, "exceptions", " First match wins. Kinds left out fall back to the baseline (absent).");
  return document.toString({ lineWidth: 0 });
}

function commentKey(document: Document, key: string, comment: string): void {
  const root = document.contents;
  if (!isMap(root)) return;
  const pair = (root as YAMLMap).items.find((item: Pair) => isScalar(item.key) && item.key.value === key);
  if (pair && isScalar(pair.key)) pair.key.commentBefore = comment;
}
