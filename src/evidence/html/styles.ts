/**
 * The page's only stylesheet, inline: no font, image or stylesheet is fetched, so the page reads
 * the same offline. System fonts; light and dark palettes follow `prefers-color-scheme`; print
 * drops the interactive parts and keeps colour where it carries meaning.
 */
export const STYLES = `
:root{color-scheme:light dark;
--bg:#f5f6f8;--panel:#fff;--text:#1f2328;--muted:#59636e;--border:#d1d9e0;--soft:#eef1f4;--accent:#0969da;
--compliant:#1a7f37;--excepted:#0969da;--drift:#cf222e;--not-verified:#9a6700;--unmanaged:#6e7781;--out-of-scope:#afb8c1;
--critical:#8c1d18;--high:#cf222e;--medium:#bc4c00;--low:#9a6700;--info:#59636e}
@media (prefers-color-scheme:dark){:root{
--bg:#0d1117;--panel:#151b23;--text:#e6edf3;--muted:#9198a1;--border:#3d444d;--soft:#1f2630;--accent:#4493f8;
--compliant:#3fb950;--excepted:#4493f8;--drift:#f85149;--not-verified:#d29922;--unmanaged:#9198a1;--out-of-scope:#59636e;
--critical:#ff7b72;--high:#f85149;--medium:#f0883e;--low:#d29922;--info:#9198a1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
a{color:var(--accent)}
header.top{background:var(--panel);border-bottom:1px solid var(--border)}
.wrap{max-width:1240px;margin:0 auto;padding:0 24px}
header.top .wrap{padding-top:20px;padding-bottom:12px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 12px}
h3{font-size:14px;margin:16px 0 8px}
.meta{color:var(--muted);display:flex;flex-wrap:wrap;gap:4px 18px;margin:0}
.meta dt{display:inline;font-weight:600}
.meta dd{display:inline;margin:0 0 0 4px}
nav.toc{display:flex;flex-wrap:wrap;gap:4px 14px;margin-top:10px;font-size:13px}
nav.toc a{text-decoration:none}
main .wrap{padding-top:20px;padding-bottom:40px}
section.card{background:var(--panel);border:1px solid var(--border);border-radius:8px;padding:18px 20px;margin-bottom:18px;break-inside:avoid-page}
.note{color:var(--muted);font-size:13px;margin:6px 0 0}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin-bottom:14px}
.stat{border:1px solid var(--border);border-radius:8px;padding:10px 14px;border-top:4px solid var(--muted)}
.stat .value{font-size:28px;font-weight:650;line-height:1.15;font-variant-numeric:tabular-nums}
.stat .label{color:var(--muted);font-size:12.5px}
.stat.compliant{border-top-color:var(--compliant)}.stat.excepted{border-top-color:var(--excepted)}
.stat.drift{border-top-color:var(--drift)}.stat.not-verified{border-top-color:var(--not-verified)}
.stat.unmanaged{border-top-color:var(--unmanaged)}.stat.members{border-top-color:var(--text)}
.headline{font-size:15px;margin:0 0 12px}
svg.bar{width:100%;height:14px;display:block;border-radius:4px;overflow:hidden;background:var(--soft)}
.fill-compliant{fill:var(--compliant)}.fill-excepted{fill:var(--excepted)}.fill-drift{fill:var(--drift)}
.fill-not-verified{fill:var(--not-verified)}.fill-unmanaged{fill:var(--unmanaged)}.fill-out-of-scope{fill:var(--out-of-scope)}
.fill-removed-by-plan{fill:var(--drift)}.fill-allowed-by-baseline{fill:var(--compliant)}.fill-unknown{fill:var(--not-verified)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12.5px;color:var(--muted);margin-top:6px;padding:0;list-style:none}
.legend .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.bg-compliant{background:var(--compliant)}.bg-excepted{background:var(--excepted)}.bg-drift{background:var(--drift)}
.bg-not-verified{background:var(--not-verified)}.bg-unmanaged{background:var(--unmanaged)}.bg-out-of-scope{background:var(--out-of-scope)}
.bg-removed-by-plan{background:var(--drift)}.bg-allowed-by-baseline{background:var(--compliant)}.bg-unknown{background:var(--not-verified)}
.kinds{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:14px}
.kind{border:1px solid var(--border);border-radius:8px;padding:12px 14px}
.kind .value{font-size:22px;font-weight:650}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--border);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em;background:var(--soft)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.breakable{overflow-wrap:break-word;word-break:normal}
.scroll{overflow-x:auto}
.tag{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.tag-compliant,.tag-pass,.tag-active{color:var(--compliant)}.tag-excepted{color:var(--excepted)}
.tag-drift,.tag-fail,.tag-expired{color:var(--drift)}.tag-not-verified,.tag-expiring{color:var(--not-verified)}
.tag-unmanaged,.tag-unused,.tag-out-of-scope{color:var(--unmanaged)}
.tag-critical{color:var(--critical)}.tag-high{color:var(--high)}.tag-medium{color:var(--medium)}.tag-low{color:var(--low)}.tag-info{color:var(--info)}
.tag-allowed-by-baseline{color:var(--compliant)}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}
.chip{border:1px solid var(--border);border-radius:6px;padding:4px 10px;font-size:13px}
.chip strong{font-variant-numeric:tabular-nums}
ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:18px}
ul.tree{padding-left:0}
.tree summary,.tree .leaf{display:grid;grid-template-columns:minmax(160px,1fr) 180px 340px;gap:12px;align-items:center;padding:3px 0}
@media (max-width:800px){.tree summary,.tree .leaf{grid-template-columns:1fr 120px}.tree .counts{grid-column:1/-1}}
.tree summary{cursor:pointer}
.tree .leaf .name{padding-left:14px}
.tree summary .name::before{content:"\\25BE";display:inline-block;width:14px;color:var(--muted)}
.tree details:not([open])>summary .name::before{content:"\\25B8"}
.tree .name{font-weight:600;overflow-wrap:break-word;min-width:0}
.tree .dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}
.tree .counts{color:var(--muted);font-size:12.5px}
.toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.toolbar input,.toolbar select,.pager button{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:4px 8px}
.toolbar input{min-width:240px}
.pager{display:flex;gap:8px;align-items:center;margin-top:8px;color:var(--muted);font-size:13px}
.pager button{cursor:pointer}.pager button[disabled]{opacity:.45;cursor:default}
ul.plain{margin:4px 0;padding-left:18px}
.empty{color:var(--muted);font-style:italic}
svg.trend{width:100%;max-width:760px;height:auto;display:block}
svg.trend .axis{stroke:var(--border)}svg.trend text{fill:var(--muted);font-size:11px}
svg.trend .line{fill:none;stroke-width:2}
.stroke-compliant{stroke:var(--compliant)}.stroke-excepted{stroke:var(--excepted)}.stroke-drift{stroke:var(--drift)}.stroke-not-verified{stroke:var(--not-verified)}
footer{color:var(--muted);font-size:12.5px;text-align:center;padding:10px 0 30px}
.print-only{display:none}
@media print{
body{background:#fff;color:#000;font-size:11px}
header.top,section.card{border-color:#bbb}
nav.toc,.toolbar,.pager button,noscript{display:none}
.print-only{display:block}
section.card{break-inside:auto;padding:10px 12px}
details>*{display:block}
a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;
