// The shareable report: one self-contained HTML file (inline CSS and script, no external assets,
// a CSP that forbids every fetch). Its first screen is the verdict, the causes ("Fix first") and the
// heat map of the mesh; clicking a cause lights up exactly its cells. Then the path-MTU grid, the
// hosts, the findings and the evidence. Cells are drawn by the page from one compact JSON blob, so a
// 200-host report stays small. Pure.
import { createHash } from 'node:crypto';
import type { RunResult, Status } from '../model.js';
import { withCauses } from './causes.js';
import { causesSection } from './html-causes.js';
import { dataJson, htmlData, PAIR_CHECKS } from './html-data.js';
import { SCRIPT } from './html-script.js';
import { evidenceSection, findingsSection, hostsSection } from './html-sections.js';
import { STYLE } from './html-style.js';
import { cls, esc, pageHead } from './html-text.js';
import { MARKS, verdictLine } from './matrix.js';

export { esc } from './html-text.js';

/**
 * No fetch of any kind, and no script but the report's own, named by its hash: markup a host managed
 * to smuggle into the page could not run even if an escape were missed.
 */
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;

/** Worst first: what a pair's cell shows when its ports disagree. */
const SEVERITY: Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

export function worstStatus(statuses: Status[]): Status {
  return SEVERITY.find((s) => statuses.includes(s)) ?? 'skip';
}

export function renderHtml(saved: RunResult): string {
  const result = withCauses(saved);
  const verdict = verdictLine(result);
  const word = verdict.split(':')[0];
  const data = htmlData(result);
  return `${pageHead(CSP, `swarm-preflight ${word} · ${result.hosts.length} hosts`, STYLE)}
<h1 class="verdict ${cls(word)}">${esc(verdict)}</h1>
<div class="top">
${causesSection(result)}
${heatMap(data.hosts.length, data.ports)}
</div>
${pairSections(data.pairs.map((g) => g.check))}
${hostsSection(result)}
${findingsSection(result)}
${evidenceSection(result)}
<script type="application/json" id="spf-data">${dataJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const LEGEND = (['pass', 'fail', 'error', 'skip'] as Status[]).map((s) => `<span class="swatch ${s}">${MARKS[s]}</span> ${({ pass: 'pass', fail: 'fail', error: 'untested', skip: 'n/a' } as Record<string, string>)[s]}`).join(' ');

function heatMap(hosts: number, ports: string[]): string {
  return `<section id="matrix">
<h2>Heat map <span class="muted">${hosts} hosts · rows send, columns receive · a cell is its pair's worst port of ${esc(ports.join(' '))}</span></h2>
<p class="legend">${LEGEND} · hover or click a cell for its probes</p>
<div id="hover" class="hover" aria-live="polite"></div>
<div id="heatmap" class="grid" role="img" aria-label="heat map of the probes between every pair of hosts"></div>
<noscript><p>The heat map is drawn by the page's script; the hosts and evidence below list every failure without it.</p></noscript>
<aside id="panel" aria-live="polite"><h3 id="panel-title">Hover or click a cell</h3><table class="list"><thead><tr><th>port</th><th>status</th><th>ms</th><th>detail</th><th>fix</th><th>cause</th></tr></thead><tbody id="panel-body"></tbody></table></aside>
</section>`;
}

function pairSections(checks: string[]): string {
  return checks.map((check) => {
    const title = PAIR_CHECKS.find(([c]) => c === check)?.[1] ?? check;
    return `<section id="pairs-${esc(check)}" class="pairs">
<h2>${esc(title)} <span class="muted">rows are sources, columns destinations; hover or click a cell</span></h2>
<p class="legend">${LEGEND.replace('untested', 'not measured')}</p>
<div class="grid" data-check="${esc(check)}"></div>
</section>`;
  }).join('\n');
}
