import { createHash } from "node:crypto";
import type { Evidence } from "../model.js";
import { CLIENT_SCRIPT } from "./client-script.js";
import { exceptionsSection } from "./exceptions-html.js";
import { historySection } from "./history-html.js";
import { formatCount, type Html, html, jsonScript, trusted } from "./html.js";
import { ouTreeSection } from "./ou-tree-html.js";
import { controlsSection, credentialKindsSection, headlineSection } from "./overview.js";
import { STYLES } from "./styles.js";
import { accountsTable, changesTable, findingsTable } from "./tables.js";

/**
 * The evidence pack's index.html: one self-contained file. The Content-Security-Policy forbids
 * every fetch (`default-src 'none'`) and runs only the page's own script, named by its sha256, so
 * even markup that slipped through escaping could neither load anything nor run.
 */
export function renderEvidenceHtml(evidence: Evidence): string {
  const scriptHash = createHash("sha256").update(CLIENT_SCRIPT).digest("base64");
  const csp = `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'`;
  const tables: Record<string, unknown> = {
    accounts: accountsTable(evidence),
    findings: findingsTable(evidence),
  };
  evidence.history.changes.forEach((set, index) => {
    tables[`changes-${index}`] = changesTable(set);
  });
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="rootward ${evidence.toolVersion}">
<title>Root access evidence — ${evidence.audit.organizationId}</title>
<style>${trusted(STYLES)}</style>
</head>
<body>
${header(evidence)}
<main><div class="wrap">
${headlineSection(evidence)}
${controlsSection(evidence)}
${credentialKindsSection(evidence)}
${historySection(evidence)}
${ouTreeSection(evidence.ouTree)}
${exceptionsSection(evidence.exceptions)}
${findingsSection(evidence)}
${accountsSection(evidence)}
${verifySection()}
</div></main>
<footer>rootward ${evidence.toolVersion} · generated ${evidence.generatedAt} · this page makes no network request</footer>
${jsonScript("rootward-data", { tables })}
<script>${trusted(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
  return page.html;
}

function header(evidence: Evidence): Html {
  const audit = evidence.audit;
  const commit = evidence.desiredState.commit;
  const feature = (on: boolean) => (on ? "enabled" : "disabled");
  return html`<header class="top"><div class="wrap">
<h1>Root access evidence</h1>
<dl class="meta">
<div><dt>Organization</dt><dd class="mono" data-field="organization">${audit.organizationId}</dd></div>
<div><dt>Management account</dt><dd class="mono">${audit.managementAccountId}</dd></div>
<div><dt>Audited</dt><dd data-field="audited-at">${audit.generatedAt}</dd></div>
${audit.caller ? html`<div><dt>Audited by</dt><dd class="mono">${audit.caller.arn}</dd></div>` : html``}
<div><dt>Desired state</dt><dd class="mono" title="${evidence.desiredState.digest}">${evidence.desiredState.digest.slice(0, 16)}${commit ? html` at commit ${commit.id.slice(0, 12)}${commit.dirty ? " (with uncommitted changes)" : ""}` : html` (not in a git checkout)`}</dd></div>
<div><dt>Features</dt><dd>trusted access ${feature(audit.features.trustedAccess)} · root credentials management ${feature(audit.features.rootCredentialsManagement)} · root sessions ${feature(audit.features.rootSessions)}</dd></div>
</dl>
<nav class="toc" aria-label="Sections"><a href="#posture">Posture</a><a href="#controls">Controls</a><a href="#credentials">Credentials</a>${evidence.history.changes.length > 0 ? html`<a href="#changes">Changes</a>` : html``}<a href="#ou-tree">OU tree</a><a href="#exceptions">Exceptions</a><a href="#findings">Findings</a><a href="#accounts">Accounts</a><a href="#verify">Verify</a></nav>
</div></header>`;
}

function findingsSection(evidence: Evidence): Html {
  const chips = (["critical", "high", "medium", "low", "info"] as const).map(
    (severity) =>
      html`<span class="chip"><span class="tag tag-${severity}">${severity}</span> <strong data-metric="findings-${severity}">${formatCount(evidence.findingCounts[severity])}</strong></span>`,
  );
  return html`<section class="card" id="findings" aria-labelledby="findings-title">
<h2 id="findings-title">Findings by severity</h2>
<div class="chips">${chips}</div>
<p class="note">What no API call fixes, or what a reviewer should know before apply: the same findings as <code>rootward plan</code>.</p>
<div data-table="findings"><noscript><p class="note">The findings table needs JavaScript; run <code>rootward plan --audit audit.json</code> for the full list.</p></noscript></div>
</section>`;
}

function accountsSection(evidence: Evidence): Html {
  return html`<section class="card" id="accounts" aria-labelledby="accounts-title">
<h2 id="accounts-title">Accounts</h2>
<p class="note">${formatCount(evidence.accounts.length)} accounts in the audit, 50 per page; search matches any column. controls.csv has one row per account and control.</p>
<div data-table="accounts"><noscript><p class="note">The accounts table needs JavaScript; controls.csv lists every account.</p></noscript></div>
</section>`;
}

function verifySection(): Html {
  return html`<section class="card" id="verify" aria-labelledby="verify-title">
<h2 id="verify-title">Verify this pack</h2>
<p>This page is one file of an evidence pack: <code>index.html</code>, <code>controls.csv</code>, <code>controls.json</code>, <code>posture.json</code>, <code>audit.json</code> and <code>manifest.json</code>, which records the sha256 of every other file, the audit's time and organization, and the desired state's digest and commit.</p>
<p><code>rootward report --verify DIR</code> recomputes every hash and fails, naming the file, when one was edited, removed or added. Compare the sha256 of <code>manifest.json</code> with the one the run that made the pack printed in its log.</p>
</section>`;
}
