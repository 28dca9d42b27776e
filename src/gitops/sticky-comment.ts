import type { GitHubPort, IssueComment } from "./github-port.js";
import { type GitHubIdentity, isWrittenBy } from "./identity.js";
import { formatMarker, type Marker, parseMarker, sameFields } from "./marker.js";

/** A comment rootward owns on a pull request: at most one per marker kind, edited in place. */
export type StickyComment = { marker: Marker; body: string };

export type StickyDecision =
  | { kind: "create"; remove: number[] }
  | { kind: "update"; id: number; remove: number[] }
  | { kind: "unchanged"; id: number; remove: number[] };

/**
 * Pure: given the comments on the pull request and the comment rootward wants there, what to do.
 * Own comments are those `identity` wrote that carry the marker: anyone can paste a marker, and
 * another user's comment is never edited or deleted. The oldest own comment is kept (its position
 * in the conversation is where reviewers expect it); extra own comments, left by concurrent runs,
 * are removed so exactly one remains.
 */
export function decideStickyComment(
  existing: readonly IssueComment[],
  wanted: Pick<StickyComment, "marker">,
  identity: GitHubIdentity,
): StickyDecision {
  // An apply result is per organization (a repository with several applies each on the same merged
  // pull request): a marker with an `organization` field owns only comments for that organization.
  const scope = wanted.marker.fields.organization;
  const own = existing.filter((comment) => {
    if (!isWrittenBy(comment.author, identity)) return false;
    const marker = parseMarker(comment.body, wanted.marker.kind);
    return marker !== undefined && (scope === undefined || marker.fields.organization === scope);
  });
  const [first, ...extra] = own;
  const remove = extra.map((comment) => comment.id);
  if (!first) return { kind: "create", remove };
  const current = parseMarker(first.body, wanted.marker.kind);
  if (current && sameFields(current.fields, wanted.marker.fields)) {
    return { kind: "unchanged", id: first.id, remove };
  }
  return { kind: "update", id: first.id, remove };
}

export type StickyResult = {
  action: "created" | "updated" | "unchanged";
  commentId: number;
  removed: number;
};

export async function ensureStickyComment(
  github: GitHubPort,
  issue: number,
  comment: StickyComment,
  identity: GitHubIdentity,
): Promise<StickyResult> {
  const decision = decideStickyComment(await github.listComments(issue), comment, identity);
  const body = `${formatMarker(comment.marker)}\n${comment.body}`;
  let result: StickyResult;
  switch (decision.kind) {
    case "create": {
      const created = await github.createComment(issue, body);
      result = { action: "created", commentId: created.id, removed: decision.remove.length };
      break;
    }
    case "update":
      await github.updateComment(decision.id, body);
      result = { action: "updated", commentId: decision.id, removed: decision.remove.length };
      break;
    case "unchanged":
      result = { action: "unchanged", commentId: decision.id, removed: decision.remove.length };
      break;
  }
  for (const id of decision.remove) await github.deleteComment(id);
  return result;
}
