import type { OuNode } from "../ou-tree.js";
import type { Posture } from "../posture.js";
import { formatCount, type Html, html } from "./html.js";
import { POSTURE_LABELS } from "./overview.js";
import { stackedBar } from "./svg.js";

const SHOWN: readonly Posture[] = [
  "compliant",
  "excepted",
  "drift",
  "not-verified",
  "unmanaged",
  "out-of-scope",
];
/** The colour of an OU is its worst account's, so a problem shows at every level above it. */
const WORST_FIRST: readonly Posture[] = [
  "drift",
  "not-verified",
  "excepted",
  "unmanaged",
  "compliant",
  "out-of-scope",
];
/** Levels open when the page loads; deeper ones open on a click (and all of them when printing). */
const OPEN_LEVELS = 2;

export function ouTreeSection(root: OuNode): Html {
  return html`<section class="card" id="ou-tree" aria-labelledby="ou-tree-title">
<h2 id="ou-tree-title">Organizational units</h2>
<p class="note">Each OU counts every account at or below it; its dot takes the colour of its worst account (drifting, then not verified, then excepted).</p>
<ul class="tree">${treeNode(root, 0)}</ul>
</section>`;
}

function treeNode(node: OuNode, depth: number): Html {
  const total = SHOWN.reduce((sum, posture) => sum + node.counts[posture], 0);
  const worst = WORST_FIRST.find((posture) => node.counts[posture] > 0) ?? "out-of-scope";
  const summary = SHOWN.filter((posture) => node.counts[posture] > 0 && posture !== "compliant").map(
    (posture) => `${formatCount(node.counts[posture])} ${POSTURE_LABELS[posture].toLowerCase()}`,
  );
  const line = html`<span class="name" title="${node.path}"><span class="dot bg-${worst}" aria-label="${POSTURE_LABELS[worst]}" role="img"></span>${node.name}</span>${stackedBar(
    SHOWN.map((posture) => ({
      className: posture,
      label: POSTURE_LABELS[posture],
      value: node.counts[posture],
    })),
    `${node.path} by posture`,
  )}<span class="counts">${formatCount(total)} account${total === 1 ? "" : "s"}${total === 0 ? "" : summary.length > 0 ? ` · ${summary.join(" · ")}` : " · all compliant"}</span>`;
  if (node.children.length === 0) {
    return html`<li data-ou="${node.id}" data-posture="${worst}"><div class="leaf">${line}</div></li>`;
  }
  const children = node.children.map((child) => treeNode(child, depth + 1));
  return html`<li data-ou="${node.id}" data-posture="${worst}"><details${depth < OPEN_LEVELS ? html` open` : html``}><summary>${line}</summary><ul>${children}</ul></details></li>`;
}
