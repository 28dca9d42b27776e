import { type Located, type ParsedDocument, problemAt, where } from "./checks.js";
import type { SourceLocation, UnlockRule, UnlockTarget } from "./model.js";
import type { PathSegment, Problem } from "./problem.js";
import { queueUrlAccount } from "./queue-url.js";
import type { Unlock } from "./schema.js";
import type { YamlSource } from "./yaml-source.js";

export function unlocksInOrder(documents: readonly ParsedDocument[]): Located<Unlock>[] {
  return documents.flatMap((document) =>
    document.kind === "RootAccessPolicy"
      ? (document.value.unlocks ?? []).map((entry, index) => ({
          entry,
          source: document.source,
          path: ["unlocks", index],
        }))
      : [],
  );
}

/** The requests of a valid desired state; unlockChecks has rejected entries without exactly one target. */
export function unlockRules(
  documents: readonly ParsedDocument[],
  locate: (source: YamlSource, path: readonly PathSegment[]) => SourceLocation,
): UnlockRule[] {
  return unlocksInOrder(documents).flatMap(({ entry, source, path }) => {
    const target: UnlockTarget | undefined =
      entry.s3Bucket !== undefined
        ? { kind: "s3-bucket", bucket: entry.s3Bucket }
        : entry.sqsQueueUrl !== undefined
          ? { kind: "sqs-queue", queueUrl: entry.sqsQueueUrl }
          : undefined;
    if (!target) return [];
    const rule: UnlockRule = {
      name: entry.name,
      accountId: entry.account,
      target,
      reason: entry.reason,
      owner: entry.owner,
      location: locate(source, path),
    };
    if (entry.ticket !== undefined) rule.ticket = entry.ticket;
    return [rule];
  });
}

/** Rules of unlock requests that a per-field schema cannot see. */
export function unlockChecks(documents: readonly ParsedDocument[], managementAccountId: string): Problem[] {
  const unlocks = unlocksInOrder(documents);
  const problems: Problem[] = [];
  const names = new Map<string, Located<Unlock>>();
  const targets = new Map<string, Located<Unlock>>();
  for (const located of unlocks) {
    const { entry, source, path } = located;
    problems.push(...targetProblems(located));
    if (entry.account === managementAccountId) {
      problems.push(
        problemAt(source, [...path, "account"], "management-account", {
          message: `${managementAccountId} is the management account; AssumeRoot cannot target it, so rootward cannot unlock its resources`,
          hint: "sign in to the management account and remove the policy there",
        }),
      );
    }
    const sameName = names.get(entry.name);
    if (sameName) {
      problems.push(
        problemAt(source, [...path, "name"], "duplicate-name", {
          message: `unlock name \`${entry.name}\` is already used at ${where(sameName, ["name"])}`,
          hint: "give every unlock request a unique name; plans and the journal refer to it",
        }),
      );
    } else names.set(entry.name, located);
    const target = entry.s3Bucket ?? entry.sqsQueueUrl;
    if (target === undefined) continue;
    const key = `${entry.account} ${target}`;
    const sameTarget = targets.get(key);
    if (sameTarget) {
      const field = entry.s3Bucket === undefined ? "sqsQueueUrl" : "s3Bucket";
      problems.push(
        problemAt(source, [...path, field], "duplicate-unlock", {
          message: `unlock \`${entry.name}\` asks for the same ${field === "s3Bucket" ? "bucket" : "queue"} as \`${sameTarget.entry.name}\` (${where(sameTarget, [field])})`,
          hint: "keep one request per bucket or queue",
        }),
      );
    } else targets.set(key, located);
  }
  return problems;
}

function targetProblems(located: Located<Unlock>): Problem[] {
  const { entry, source, path } = located;
  if (entry.s3Bucket !== undefined && entry.sqsQueueUrl !== undefined) {
    return [
      problemAt(source, [...path, "sqsQueueUrl"], "unlock-target", {
        message: `unlock \`${entry.name}\` names both a bucket and a queue; one request unlocks one resource`,
        hint: "split it into two requests, one with s3Bucket and one with sqsQueueUrl",
      }),
    ];
  }
  if (entry.s3Bucket === undefined && entry.sqsQueueUrl === undefined) {
    return [
      problemAt(source, [...path, "name"], "unlock-target", {
        message: `unlock \`${entry.name}\` names no bucket or queue`,
        hint: "add `s3Bucket: BUCKET-NAME` or `sqsQueueUrl: https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE`",
      }),
    ];
  }
  const owner = entry.sqsQueueUrl === undefined ? undefined : queueUrlAccount(entry.sqsQueueUrl);
  if (owner !== undefined && owner !== entry.account) {
    return [
      problemAt(source, [...path, "sqsQueueUrl"], "unlock-queue-account", {
        message: `the queue URL belongs to account ${owner}, but the request is for account ${entry.account}`,
        hint: `a root session can only unlock its own account's queues: set account: "${owner}", or fix the URL`,
      }),
    ];
  }
  return [];
}
