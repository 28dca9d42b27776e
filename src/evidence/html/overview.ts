import { CENTRALIZED_ROOT_ACCESS, CisVersions } from "../controls-catalog.js";
import type { Evidence } from "../model.js";
import { type CredentialKindName, KIND_LABELS, type KindFate, type Posture } from "../posture.js";
import { formatCount, type Html, html } from "./html.js";
import { legend, type Segment, stackedBar } from "./svg.js";

export const POSTURE_LABELS: Record<Posture, string> = {
  compliant: "Compliant",
  excepted: "Excepted",
  drift: "Drifting",
  "not-verified": "Not verified",
  unmanaged: "Unmanaged",
  "out-of-scope": "Out of scope",
};

const FATE_LABELS: Record<KindFate, string> = {
  "removed-by-plan": "Not allowed: the plan removes it",
  excepted: "Allowed by an exception",
  "allowed-by-baseline": "Allowed by the baseline",
  unmanaged: "Unmanaged account",
  unknown: "Governance not verified",
};

function stat(metric: string, value: number, label: string, className: string): Html {
  return html`<div class="stat ${className}"><div class="value" data-metric="${metric}">${formatCount(value)}</div><div class="label">${label}</div></div>`;
}

/** The numbers a reader looks at first, and one bar of every member account by posture. */
export function headlineSection(evidence: Evidence): Html {
  const counts = evidence.counts;
  const within = counts.compliant + counts.excepted;
  const segments: Segment[] = (["compliant", "excepted", "drift", "not-verified", "unmanaged"] as const).map(
    (posture) => ({ className: posture, label: POSTURE_LABELS[posture], value: counts[posture] }),
  );
  const inactive =
    evidence.inactive > 0 ? html` (${formatCount(evidence.inactive)} of them suspended or closing)` : html``;
  return html`<section class="card" id="posture" aria-labelledby="posture-title">
<h2 id="posture-title">Posture</h2>
<p class="headline"><strong>${formatCount(within)}</strong> of ${formatCount(evidence.members)} member accounts hold only the root credentials the reviewed desired state allows${counts.excepted > 0 ? html` (${formatCount(counts.excepted)} through a documented exception)` : html``}.</p>
<div class="stats">
${stat("members", evidence.members, "Member accounts", "members")}
${stat("audited", evidence.audited, "Audited (credentials read)", "members")}
${stat("compliant", counts.compliant, "Compliant, no exception needed", "compliant")}
${stat("excepted", counts.excepted, "Excepted (allowed by an exception)", "excepted")}
${stat("drift", counts.drift, "Drifting (the plan changes them)", "drift")}
${stat("not-verified", counts["not-verified"], "Not verified", "not-verified")}
${stat("unmanaged", counts.unmanaged, "Unmanaged", "unmanaged")}
</div>
${stackedBar(segments, "Member accounts by posture")}
${legend(segments)}
<p class="note">Not verified: the audit could not read the account's root credentials${inactive}. The management account is out of scope: centralized root access cannot target it.</p>
</section>`;
}

/** Per control: how many accounts pass, fail (and why), or could not be verified. */
export function controlsSection(evidence: Evidence): Html {
  const rows = evidence.controls.map((summary) => {
    const failBy = summary.failBy;
    const why = [
      failBy.excepted > 0 ? `${formatCount(failBy.excepted)} excepted` : "",
      failBy.drift > 0 ? `${formatCount(failBy.drift)} drifting` : "",
      failBy["allowed-by-baseline"] > 0
        ? `${formatCount(failBy["allowed-by-baseline"])} allowed by baseline`
        : "",
      failBy.unmanaged > 0 ? `${formatCount(failBy.unmanaged)} unmanaged` : "",
      failBy["not-verified"] > 0 ? `${formatCount(failBy["not-verified"])} governance not verified` : "",
    ].filter(Boolean);
    const cis = CisVersions.map(
      (version) => html`<div>${version} <strong>${summary.check.cis[version]}</strong></div>`,
    );
    return html`<tr data-check="${summary.check.id}"><td><strong>${summary.check.title}</strong><div class="note mono">${summary.check.prowler}</div></td><td>${cis}</td><td><strong>${summary.check.securityHub.id}</strong><div class="note">${summary.check.securityHub.title}</div></td><td class="num" data-count="pass">${formatCount(summary.pass)}</td><td class="num" data-count="fail">${formatCount(summary.fail)}${why.length > 0 ? html`<div class="note">${why.join(", ")}</div>` : html``}</td><td class="num" data-count="not-verified">${formatCount(summary.notVerified)}</td></tr>`;
  });
  const org = evidence.organizationControl;
  return html`<section class="card" id="controls" aria-labelledby="controls-title">
<h2 id="controls-title">Controls</h2>
<div class="scroll"><table>
<thead><tr><th scope="col">Check</th><th scope="col">CIS AWS Foundations</th><th scope="col">Security Hub</th><th scope="col" class="num">Pass</th><th scope="col" class="num">Fail</th><th scope="col" class="num">Not verified</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="note">A control's status is its own verdict on the live credentials: an exception never turns a failure into a pass. "Excepted" failures are allowed by a reviewed exception (see the register below); "drifting" failures are removed by the next apply. An account with no root credentials passes the MFA checks: with centralized root access nobody can sign in as its root user. Per-account rows with their evidence: <code>controls.csv</code>, <code>controls.json</code>.</p>
<h3>Organization</h3>
<p><span class="tag tag-${org.status}">${org.status}</span> ${CENTRALIZED_ROOT_ACCESS.title} — CIS v7.0.0 ${CENTRALIZED_ROOT_ACCESS.cis["v7.0.0"]}: ${org.detail}</p>
</section>`;
}

/** One chart per credential kind: who holds it, and what the desired state does about it. */
export function credentialKindsSection(evidence: Evidence): Html {
  const cards = evidence.kinds.map((breakdown) => {
    const segments: Segment[] = (Object.keys(FATE_LABELS) as KindFate[]).map((fate) => ({
      className: fate,
      label: FATE_LABELS[fate],
      value: breakdown.fates[fate],
    }));
    const shown = segments.filter((segment) => segment.value > 0);
    return html`<div class="kind" data-kind="${breakdown.kind}"><div class="label">${KIND_LABELS[breakdown.kind as CredentialKindName]}</div><div class="value">${formatCount(breakdown.holders)} <span class="note">account${breakdown.holders === 1 ? "" : "s"}</span></div>${breakdown.holders > 0 ? stackedBar(shown, `${KIND_LABELS[breakdown.kind]} by what the desired state does`) : html`<p class="note">None in the organization.</p>`}${legend(shown)}</div>`;
  });
  return html`<section class="card" id="credentials" aria-labelledby="credentials-title">
<h2 id="credentials-title">Root credentials by kind</h2>
<div class="kinds">${cards}</div>
<p class="note">Counted over member accounts whose credentials the audit read.</p>
</section>`;
}
