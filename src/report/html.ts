// The shareable report: one self-contained HTML file (inline CSS and script, no external assets,
// a CSP that forbids every fetch) with the matrix as a heat map whose cells open their probes. Pure.
import type { Finding, HostResult, ProbeResult, RunResult, Status } from '../model.js';
import { buildMatrix, MARKS, type Matrix, portLabel, verdictLine } from './matrix.js';

/** Above this many hosts a cell shows its worst mark only and headers turn vertical. */
const COMPACT_ABOVE = 8;

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/** Worst first: what a pair's cell shows when its ports disagree. */
const SEVERITY: Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

export function worstStatus(statuses: Status[]): Status {
  return SEVERITY.find((s) => statuses.includes(s)) ?? 'skip';
}

export function renderHtml(result: RunResult): string {
  const verdict = verdictLine(result);
  const word = verdict.split(':')[0];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>swarm-preflight ${esc(word)} · ${result.hosts.length} hosts</title>
<style>${STYLE}</style>
</head>
<body>
<h1 class="verdict ${cls(word)}">${esc(verdict)}</h1>
${environment(result)}
${heatMap(result)}
${problems(result)}
${findings(result.findings)}
${evidence(result)}
<script type="application/json" id="spf-data">${dataBlob(result)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function environment(result: RunResult): string {
  const rows = result.hosts.map((h) => `<tr><td>${esc(h.id)}</td><td>${esc(h.address)}</td><td>${esc(h.role)}</td><td>${esc(str(h.facts?.dockerVersion) ?? '?')}</td><td>${esc(str(h.facts?.hostname) ?? '')}</td><td${h.reachable && !h.error ? '' : ' class="bad"'}>${esc(hostState(h))}</td></tr>`);
  const options = Object.entries(result.options ?? {}).map(([k, v]) => `<li><code>${esc(k)}</code> ${esc(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}</li>`);
  return `<section id="environment">
<h2>Environment</h2>
<p>${esc(result.tool.name)} ${esc(result.tool.version)} · mode ${esc(result.mode)} · started ${esc(result.startedAt)} · ${esc((result.durationMs / 1000).toFixed(1))} s</p>
<table class="list"><thead><tr><th>host</th><th>address</th><th>role</th><th>docker</th><th>hostname</th><th>state</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${options.length ? `<details><summary>Options</summary><ul>${options.join('')}</ul></details>` : ''}
</section>`;
}

function hostState(h: HostResult): string {
  if (h.error) return `${h.reachable ? 'error' : 'unreachable'}: ${h.error}`;
  return h.reachable ? 'ok' : 'unreachable';
}

function heatMap(result: RunResult): string {
  const matrix = buildMatrix(result);
  const compact = matrix.hosts.length > COMPACT_ABOVE;
  const down = new Set(result.hosts.filter((h) => !h.reachable || h.error).map((h) => h.id));
  const name = (id: string) => `${esc(id)}${down.has(id) ? ' <span class="down" title="could not be tested">(!)</span>' : ''}`;
  const head = matrix.hosts.map((to) => `<th scope="col"><span>${name(to)}</span></th>`).join('');
  const rows = matrix.hosts.map((from) => `<tr><th scope="row">${name(from)}</th>${matrix.hosts.map((to) => (from === to ? '<td class="self"></td>' : cell(matrix, from, to, compact))).join('')}</tr>`);
  const ports = matrix.ports.map((p) => esc(p.label)).join(' ');
  const legend = (['pass', 'fail', 'error', 'skip'] as Status[]).map((s) => `<span class="swatch ${s}">${MARKS[s]}</span> ${s}`).join(' ');
  return `<section id="matrix">
<h2>Matrix</h2>
<p>Rows are sources, columns destinations. ${compact ? 'Each cell shows its worst port' : `Each cell has one mark per port: ${ports}`}; hover or click a cell for its probes. ${legend}</p>
<div class="map">
<div class="scroll"><table id="heatmap" class="heatmap${compact ? ' compact' : ''}"><thead><tr><th>from \\ to</th>${head}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
<aside id="panel" aria-live="polite"><h3 id="panel-title">Hover or click a cell</h3><table class="list"><thead><tr><th>port</th><th>status</th><th>ms</th><th>detail</th><th>fix</th></tr></thead><tbody id="panel-body"></tbody></table></aside>
</div>
</section>`;
}

function cell(matrix: Matrix, from: string, to: string, compact: boolean): string {
  const probes = matrix.cell(from, to);
  const status = worstStatus(probes.filter((p): p is ProbeResult => p !== undefined).map((p) => p.status));
  const marks = compact ? MARKS[status] : probes.map((p) => (p ? MARKS[p.status] : '·')).join(' ');
  const title = `${from} → ${to}: ${matrix.ports.map((port, i) => `${port.label} ${probes[i]?.status ?? 'not probed'}`).join(', ')}`;
  return `<td class="cell ${cls(status)}" data-from="${esc(from)}" data-to="${esc(to)}" data-status="${status}" tabindex="0" title="${esc(title)}">${marks}</td>`;
}

function problems(result: RunResult): string {
  const failed = result.probes.filter((p) => p.status === 'fail');
  const errored = result.probes.filter((p) => p.status === 'error');
  if (!failed.length && !errored.length) return '';
  const out = ['<section id="failures">'];
  if (failed.length) {
    out.push(`<h2>Failures (${failed.length})</h2>`, '<table class="list"><thead><tr><th>from</th><th>to</th><th>port</th><th>detail</th><th>fix</th></tr></thead><tbody>');
    for (const p of failed) out.push(`<tr><td>${esc(p.from)}</td><td>${esc(p.to)}</td><td>${esc(portLabel(p.protocol, p.port))}</td><td>${esc(p.detail)}</td><td>${p.remediation ? `<code>${esc(p.remediation)}</code>` : ''}</td></tr>`);
    out.push('</tbody></table>');
  }
  if (errored.length) {
    // One unreachable host errors every probe it is part of: each reason once, with its count.
    const counts = new Map<string, number>();
    for (const p of errored) counts.set(p.detail, (counts.get(p.detail) ?? 0) + 1);
    out.push(`<h2>Not tested (${errored.length === 1 ? '1 probe' : `${errored.length} probes`})</h2>`, '<ul>');
    for (const [detail, n] of counts) out.push(`<li><span class="badge error">${MARKS.error}</span> ${esc(detail)}${n > 1 ? ` (${n} probes)` : ''}</li>`);
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

function findings(list: Finding[]): string {
  if (!list.length) return '';
  const rows = list.map((f) => {
    const where = f.host ?? (f.from && f.to ? `${f.from} -> ${f.to}` : 'cluster');
    return `<tr><td><span class="badge ${cls(f.status)}">${esc(MARKS[f.status] ?? '?')}</span> ${esc(f.status)}</td><td>${esc(f.check)}</td><td>${esc(where)}</td><td>${esc(f.summary)}</td><td>${f.remediation ? `<code>${esc(f.remediation)}</code>` : ''}</td></tr>`;
  });
  return `<section id="findings">
<h2>Findings (${list.length})</h2>
<table class="list"><thead><tr><th>status</th><th>check</th><th>where</th><th>summary</th><th>fix</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
</section>`;
}

function evidence(result: RunResult): string {
  const wide = result.hosts.length > COMPACT_ABOVE;
  // Past the compact threshold passing probes only say "connected"; the cells' panel still has them.
  const probes = wide ? result.probes.filter((p) => p.status !== 'pass') : result.probes;
  const rows = probes.map((p) => `<tr class="${cls(p.status)}"><td>${esc(p.from)}</td><td>${esc(p.to)}</td><td>${esc(portLabel(p.protocol, p.port))}</td><td>${esc(p.status)}</td><td>${esc(p.reason ?? '')}</td><td>${p.ms ?? ''}</td><td>${esc(p.detail)}</td></tr>`);
  const withEvidence = result.findings.filter((f) => f.evidence).map((f) => ({ check: f.check, status: f.status, host: f.host, from: f.from, to: f.to, evidence: f.evidence }));
  return `<section id="evidence">
<h2>Evidence</h2>
<details><summary>Probe details (${probes.length}${wide ? ` that did not pass, of ${result.probes.length}` : ''})</summary>
<table class="list"><thead><tr><th>from</th><th>to</th><th>port</th><th>status</th><th>reason</th><th>ms</th><th>detail</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>
</details>
<details><summary>Host facts (${result.hosts.length} hosts)</summary><pre>${esc(JSON.stringify(result.hosts, null, 2))}</pre></details>
${withEvidence.length ? `<details><summary>Finding evidence (${withEvidence.length})</summary><pre>${esc(JSON.stringify(withEvidence, null, 2))}</pre></details>` : ''}
</section>`;
}

/** What the panel shows per pair. `<` and friends as \u escapes so no value can end the script tag. */
function dataBlob(result: RunResult): string {
  const probes = result.probes.map((p) => ({ from: p.from, to: p.to, port: portLabel(p.protocol, p.port), status: p.status, ms: p.ms, detail: p.detail, reason: p.reason ?? '', remediation: p.remediation ?? '' }));
  return JSON.stringify({ probes }).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A status as a class name; anything else a hand-edited result might carry becomes "skip". */
function cls(status: string): string {
  return ['pass', 'fail', 'error', 'warn', 'skip', 'PASS', 'FAIL', 'INCOMPLETE'].includes(status) ? status : 'skip';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Escape for HTML text and double- or single-quoted attributes. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
:root { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; background: #fff; }
body { margin: 1.5rem; }
h1.verdict { font-size: 1.15rem; padding: .6rem .8rem; border-radius: 6px; color: #fff; }
h1.PASS { background: rgb(22, 163, 74); } h1.FAIL { background: rgb(220, 38, 38); } h1.INCOMPLETE { background: rgb(217, 119, 6); }
h2 { font-size: 1.05rem; margin-top: 1.6rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #e5e7eb; padding: 2px 6px; vertical-align: top; }
table.list td { max-width: 48rem; overflow-wrap: anywhere; }
td.bad { color: rgb(185, 28, 28); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
pre { background: #f9fafb; padding: .5rem; overflow: auto; max-height: 30rem; }
.map { display: flex; gap: 1rem; align-items: flex-start; flex-wrap: wrap; }
.scroll { overflow: auto; max-width: 100%; }
.heatmap th { background: #f3f4f6; white-space: nowrap; }
.heatmap td { text-align: center; white-space: nowrap; font-family: ui-monospace, monospace; min-width: 1.6rem; }
.heatmap.compact thead th span { writing-mode: vertical-rl; transform: rotate(180deg); }
.heatmap td.cell { cursor: pointer; }
.heatmap td.cell:focus, .heatmap td.cell.pinned { outline: 3px solid #111827; outline-offset: -3px; }
.heatmap td.self { background: repeating-linear-gradient(45deg, #f3f4f6, #f3f4f6 4px, #e5e7eb 4px, #e5e7eb 8px); }
.cell.pass, .swatch.pass, .badge.pass { background: rgb(22, 163, 74); color: #fff; }
.cell.fail, .swatch.fail, .badge.fail { background: rgb(220, 38, 38); color: #fff; }
.cell.error, .swatch.error, .badge.error { background: rgb(245, 158, 11); color: #111827; }
.cell.warn, .swatch.warn, .badge.warn { background: rgb(252, 211, 77); color: #111827; }
.cell.skip, .swatch.skip, .badge.skip { background: rgb(209, 213, 219); color: #111827; }
.swatch, .badge { display: inline-block; min-width: 1.2em; text-align: center; border-radius: 3px; }
tr.fail td { background: rgb(254, 226, 226); } tr.error td { background: rgb(254, 243, 199); }
.down { color: rgb(185, 28, 28); }
#panel { min-width: 20rem; max-width: 48rem; border: 1px solid #e5e7eb; padding: .5rem; position: sticky; top: .5rem; }
#panel h3 { font-size: 1rem; margin: 0 0 .4rem; }
`;

// Reads the embedded probes and fills the panel with textContent only: no host value becomes markup.
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('spf-data').textContent);
  var map = document.getElementById('heatmap');
  var title = document.getElementById('panel-title');
  var body = document.getElementById('panel-body');
  var pinned = null;
  function td(text) { var c = document.createElement('td'); c.textContent = text; return c; }
  function show(cell) {
    var from = cell.getAttribute('data-from'), to = cell.getAttribute('data-to');
    title.textContent = from + ' \\u2192 ' + to + ': ' + cell.getAttribute('data-status');
    var rows = data.probes.filter(function (p) { return p.from === from && p.to === to; }).map(function (p) {
      var tr = document.createElement('tr');
      tr.className = p.status;
      [p.port, p.status, p.ms === null ? '' : String(p.ms), p.detail + (p.reason ? ' (' + p.reason + ')' : ''), p.remediation].forEach(function (t) { tr.appendChild(td(t)); });
      return tr;
    });
    body.replaceChildren.apply(body, rows);
  }
  function target(event) { return event.target.closest ? event.target.closest('td.cell') : null; }
  map.addEventListener('mouseover', function (e) { var c = target(e); if (c && !pinned) show(c); });
  map.addEventListener('focusin', function (e) { var c = target(e); if (c && !pinned) show(c); });
  function pin(c) {
    if (pinned) pinned.classList.remove('pinned');
    pinned = pinned === c ? null : c;
    if (pinned) pinned.classList.add('pinned');
    show(c);
  }
  map.addEventListener('click', function (e) { var c = target(e); if (c) pin(c); });
  map.addEventListener('keydown', function (e) { var c = target(e); if (c && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); pin(c); } });
})();
`;
