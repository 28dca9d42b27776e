import type { ChangeSet } from "../history.js";
import type { Evidence } from "../model.js";
import { formatCount, type Html, html } from "./html.js";
import { trendChart } from "./svg.js";

/** Changes since each earlier snapshot (newest first) and the trend; absent without --previous. */
export function historySection(evidence: Evidence): Html {
  const { changes, trend, mixedBasis } = evidence.history;
  if (changes.length === 0 && trend.length < 2) return html``;
  const sets = [...changes].reverse().map((set, index) => changeSet(set, changes.length - 1 - index));
  return html`<section class="card" id="changes" aria-labelledby="changes-title">
<h2 id="changes-title">Changes and trend</h2>
${trend.length >= 2 ? html`<h3>Accounts by posture over time</h3>${trendChart(trend)}` : html``}
${mixedBasis ? html`<p class="note">Points from bare audit snapshots are evaluated against today's desired state; points from earlier evidence packs keep the policy of their day.</p>` : html``}
${sets}
</section>`;
}

function changeSet(set: ChangeSet, index: number): Html {
  const exceptions = set.exceptions;
  const exceptionText = exceptions
    ? html`<li>Exceptions added: <strong>${formatCount(exceptions.added.length)}</strong>${names(exceptions.added)}</li><li>Exceptions removed: <strong>${formatCount(exceptions.removed.length)}</strong>${names(exceptions.removed)}</li><li>Exceptions expired: <strong>${formatCount(exceptions.expired.length)}</strong>${names(exceptions.expired)}</li>`
    : html`<li class="empty">Exception changes are known only against an earlier evidence pack (its posture.json), not a bare audit snapshot.</li>`;
  return html`<h3>Since ${set.since.slice(0, 16).replace("T", " ")} UTC <span class="note">(${set.source})</span></h3>
<ul class="plain" data-changes="${index}">
<li>Root credentials created: <strong data-metric="created-${index}">${formatCount(set.created.length)}</strong>, removed: <strong data-metric="removed-${index}">${formatCount(set.removed.length)}</strong></li>
<li>Accounts whose posture changed: <strong>${formatCount(set.postureChanged.length)}</strong>; joined: <strong>${formatCount(set.joined.length)}</strong>; left: <strong>${formatCount(set.left.length)}</strong></li>
${exceptionText}
</ul>
<div data-table="changes-${index}"><noscript><p class="note">The list of changes needs JavaScript; compare the two packs' posture.json.</p></noscript></div>`;
}

function names(list: readonly string[]): Html {
  return list.length === 0 ? html`` : html` (${list.join(", ")})`;
}
