// The HTML report's first screen, left: "Fix first", every cause as a button that highlights its
// cells in the heat map, with its fix and what it explains. Pure.
import type { Cause, RunResult } from '../model.js';
import { causesOf, explains, nameList } from './causes.js';
import { cls, esc } from './html-text.js';
import { MARKS } from './matrix.js';

export function causesSection(result: RunResult): string {
  const causes = causesOf(result);
  if (causes.length === 0) return '<section id="causes"><h2>Fix first</h2><p>Nothing to fix: every probe passed or was not applicable, and no check found a problem.</p></section>';
  const items = causes.map((c, i) => causeItem(c, i));
  return `<section id="causes">
<h2>Fix first <span class="muted">${causes.length === 1 ? '1 cause' : `${causes.length} causes, the biggest first`} · click one to light its cells</span></h2>
<ol class="causes">${items.join('\n')}</ol>
</section>`;
}

function causeItem(c: Cause, i: number): string {
  // What it explains first: the line is cut at the column's width.
  const scope = [
    `explains ${esc(explains(c))}`,
    c.hosts.length ? `hosts: ${esc(nameList(c.hosts, 6))}` : '',
    c.ports.length ? `ports: ${esc(c.ports.join(', '))}` : '',
  ].filter(Boolean).join(' · ');
  return `<li class="cause ${cls(c.status)}" data-cause="${i}"><button type="button" class="cause-button" data-cause="${i}" aria-pressed="false"><span class="badge ${cls(c.status)}">${esc(MARKS[c.status] ?? '?')}</span> <span class="num">${i + 1}.</span> <span class="summary">${esc(c.summary)}</span></button>
<div class="fix"><span class="muted">fix:</span> <code>${esc(c.remediation)}</code></div>
<div class="scope muted">${scope}</div></li>`;
}
