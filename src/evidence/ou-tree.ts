import type { AuditSnapshot } from "../audit/snapshot.js";
import { compareText } from "../order.js";
import { emptyCounts, type Posture, type PostureCounts } from "./posture.js";

/** One OU (or the root) with the postures of every account at or below it. */
export type OuNode = {
  id: string;
  name: string;
  path: string;
  /** Accounts directly in this OU. */
  direct: number;
  /** Accounts at or below this OU, by posture. */
  counts: PostureCounts;
  children: OuNode[];
};

/**
 * The organization's OU tree from the audit (each OU's `parentId`), with every account placed
 * under its parent (the last of its `ouIds`). An account whose parent the audit did not list gets
 * a node named by its OU path under the root, so no account is ever left out of the tree.
 */
export function ouTree(
  audit: AuditSnapshot,
  postures: ReadonlyArray<{ ouIds: readonly string[]; ouPath: string; posture: Posture }>,
): OuNode {
  const rootId = audit.organization.rootId;
  const root: OuNode = node(rootId, "Root", "/Root");
  const byId = new Map<string, OuNode>([[rootId, root]]);
  const units = [...audit.organizationalUnits].sort((a, b) => compareText(a.path, b.path));
  for (const unit of units) byId.set(unit.id, node(unit.id, unit.name, unit.path));
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]));
  for (const unit of units) {
    // A parent chain that loops back (only a damaged or forged snapshot has one) hangs off the root.
    const parent = (!loopsBack(unit.id, parentOf) && byId.get(unit.parentId)) || root;
    parent.children.push(byId.get(unit.id) as OuNode);
  }
  for (const account of postures) {
    const parentId = account.ouIds.at(-1) ?? rootId;
    let parent = byId.get(parentId);
    if (!parent) {
      parent = node(parentId, account.ouPath.split("/").at(-1) ?? parentId, account.ouPath);
      byId.set(parentId, parent);
      root.children.push(parent);
    }
    parent.direct++;
    parent.counts[account.posture]++;
  }
  sumUp(root);
  return root;
}

function loopsBack(id: string, parentOf: ReadonlyMap<string, string>): boolean {
  let current = parentOf.get(id);
  for (let steps = 0; current !== undefined && steps <= parentOf.size; steps++) {
    if (current === id) return true;
    current = parentOf.get(current);
  }
  return false;
}

function node(id: string, name: string, path: string): OuNode {
  return { id, name, path, direct: 0, counts: emptyCounts(), children: [] };
}

function sumUp(current: OuNode): PostureCounts {
  current.children.sort((a, b) => compareText(a.path, b.path));
  for (const child of current.children) {
    const below = sumUp(child);
    for (const posture of Object.keys(below) as Posture[]) current.counts[posture] += below[posture];
  }
  return current.counts;
}
