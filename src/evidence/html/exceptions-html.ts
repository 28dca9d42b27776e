import { EXPIRY_NOTICE_DAYS, type RegisterEntry } from "../exceptions-register.js";
import { formatCount, type Html, html } from "./html.js";

/** How many governed accounts a register row names before it says "and N more". */
const ACCOUNTS_SHOWN = 20;

/** The exceptions register, with what expires soon and what has expired listed first. */
export function exceptionsSection(register: readonly RegisterEntry[]): Html {
  const expiring = register.filter((entry) => entry.state === "expiring");
  const expired = register.filter((entry) => entry.state === "expired");
  return html`<section class="card" id="exceptions" aria-labelledby="exceptions-title">
<h2 id="exceptions-title">Exceptions register</h2>
<div class="chips">
<span class="chip">Exceptions <strong data-metric="exceptions">${formatCount(register.length)}</strong></span>
<span class="chip">Expiring within ${EXPIRY_NOTICE_DAYS} days <strong data-metric="expiring">${formatCount(expiring.length)}</strong></span>
<span class="chip">Expired <strong data-metric="expired">${formatCount(expired.length)}</strong></span>
<span class="chip">Governing no account <strong>${formatCount(register.filter((entry) => entry.state === "unused").length)}</strong></span>
</div>
<h3>Expiring soon</h3>
${shortList(expiring, "No exception expires within the next days.", (entry) => `${entry.daysLeft ?? 0} day${entry.daysLeft === 1 ? "" : "s"} left, ends after ${entry.expires ?? ""}`)}
<h3>Expired</h3>
${shortList(expired, "No exception has expired.", (entry) => `ended after ${entry.expires ?? ""}; its accounts fall back to the baseline`)}
<h3>All exceptions</h3>
${register.length === 0 ? html`<p class="empty">The desired state has no exceptions.</p>` : table(register)}
<p class="note">"What it allows" lists the credential kinds the exception sets; the others fall back to the baseline. Source is the file and line of the exception in the desired state.</p>
</section>`;
}

function shortList(
  entries: readonly RegisterEntry[],
  none: string,
  describe: (entry: RegisterEntry) => string,
): Html {
  if (entries.length === 0) return html`<p class="empty">${none}</p>`;
  const items = entries.map(
    (entry) =>
      html`<li><strong>${entry.name}</strong> — ${describe(entry)} · owner ${entry.owner} · ${formatCount(entry.accounts.length)} account${entry.accounts.length === 1 ? "" : "s"} · <span class="mono">${entry.file}:${entry.line}</span></li>`,
  );
  return html`<ul class="plain">${items}</ul>`;
}

function table(register: readonly RegisterEntry[]): Html {
  const rows = register.map((entry) => {
    const names = entry.accounts
      .slice(0, ACCOUNTS_SHOWN)
      .map((account) => html`<li><span class="mono">${account.id}</span> ${account.name}</li>`);
    const more = entry.accounts.length - ACCOUNTS_SHOWN;
    const accounts =
      entry.accounts.length === 0
        ? html`<span class="empty">none</span>`
        : html`<details><summary>${formatCount(entry.accounts.length)}</summary><ul class="plain">${names}${more > 0 ? html`<li>and ${formatCount(more)} more (controls.csv lists them all)</li>` : html``}</ul></details>`;
    return html`<tr data-exception="${entry.name}">
<td><strong>${entry.name}</strong><div><span class="tag tag-${entry.state}">${entry.state}</span></div></td>
<td>${accounts}<div class="note">${entry.selects.join(", ")}</div></td>
<td>${entry.allows.map((allowed) => html`<div class="mono">${allowed}</div>`)}</td>
<td class="breakable">${entry.owner}</td>
<td class="breakable">${entry.reason}</td>
<td class="breakable">${entry.ticket ?? "—"}</td>
<td class="mono">${entry.expires ?? "never"}</td>
<td class="num">${entry.daysLeft === undefined ? "—" : formatCount(entry.daysLeft)}</td>
<td class="mono breakable">${entry.file}:${entry.line}</td>
</tr>`;
  });
  return html`<div class="scroll"><table>
<thead><tr><th scope="col">Exception</th><th scope="col">Accounts</th><th scope="col">What it allows</th><th scope="col">Owner</th><th scope="col">Reason</th><th scope="col">Ticket</th><th scope="col">Expires</th><th scope="col" class="num">Days left</th><th scope="col">Source</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
