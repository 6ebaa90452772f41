// The diff as one self-contained HTML page: inline CSS, no script, a CSP that forbids every fetch,
// every text from a result escaped. Pure.
import type { CauseDiff } from './diff.js';
import { diffHeadline, hostsLine } from './diff.js';
import { type DiffLine, diffSections } from './diff-lines.js';
import { esc, pageHead } from './html-text.js';
import { MARKS } from './matrix.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'";

export function renderDiffHtml(diff: CauseDiff): string {
  const headline = diffHeadline(diff);
  const hosts = hostsLine(diff);
  const tone = diff.broken.length ? 'worse' : diff.still.length || diff.untested.length ? 'same' : 'better';
  const sections = diffSections(diff).map((s) => `<section id="${s.key}">
<h2>${esc(s.title)} (${s.lines.length})</h2>
${s.lines.length ? `<ul>\n${s.lines.map(item).join('\n')}\n</ul>` : '<p>none</p>'}
</section>`);
  return `${pageHead(CSP, `swarm-preflight diff · ${headline}`, STYLE)}
<h1 class="headline ${tone}">${esc(headline)}</h1>
<table class="runs">
<tr><th>before</th><td>${esc(diff.old.verdict)}</td><td>${esc(diff.old.startedAt)}</td></tr>
<tr><th>after</th><td>${esc(diff.new.verdict)}</td><td>${esc(diff.new.startedAt)}</td></tr>
</table>
${hosts ? `<p class="hosts">${esc(hosts)}</p>` : ''}
${sections.join('\n')}
</body>
</html>
`;
}

function item(line: DiffLine): string {
  const notes = line.notes.map((n) => `<div class="note">${esc(n)}</div>`).join('');
  const fix = line.fix ? `<div class="fix">fix: ${esc(line.fix)}</div>` : '';
  return `<li class="${esc(line.status)}"><span class="badge ${esc(line.status)}">${esc(MARKS[line.status])}</span> ${esc(line.summary)} <code>${esc(line.id)}</code>${notes}${fix}</li>`;
}

const STYLE = `
:root { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; background: #fff; }
body { margin: 1.5rem; max-width: 72rem; }
h1.headline { font-size: 1.15rem; padding: .6rem .8rem; border-radius: 6px; color: #fff; }
h1.better { background: rgb(22, 163, 74); } h1.worse { background: rgb(220, 38, 38); } h1.same { background: rgb(217, 119, 6); }
h2 { font-size: 1.05rem; margin-top: 1.6rem; }
table.runs th { text-align: left; padding-right: .8rem; } table.runs td { padding-right: .8rem; }
ul { list-style: none; padding-left: 0; } li { margin: .5rem 0; overflow-wrap: anywhere; }
.note { color: #4b5563; margin-left: 1.8rem; } .fix { margin-left: 1.8rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: #6b7280; }
.badge { display: inline-block; min-width: 1.2em; text-align: center; border-radius: 3px; }
.badge.pass { background: rgb(22, 163, 74); color: #fff; } .badge.fail { background: rgb(220, 38, 38); color: #fff; }
.badge.error { background: rgb(245, 158, 11); } .badge.warn { background: rgb(252, 211, 77); }
`;
