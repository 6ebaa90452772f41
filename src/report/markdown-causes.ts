// "Fix first": the causes of a run in the ticket report, the one that explains most first, each with
// its fix, the hosts and ports it names and how much of the evidence it explains. Pure.
import type { Cause } from '../model.js';
import { explains, nameList, probeCount } from './causes.js';
import { md } from './markdown-text.js';
import { MARKS } from './matrix.js';

/** One cause as a numbered item with its fix and scope as sub-items: plain text reads the same. */
export function causeItem(cause: Cause, n: number): string {
  const scope = [
    cause.hosts.length ? `hosts: ${md(nameList(cause.hosts))}` : '',
    cause.ports.length ? `ports: ${md(cause.ports.join(', '))}` : '',
    `explains ${explains(cause)}`,
  ].filter(Boolean).join(' · ');
  return [
    `${n}. ${MARKS[cause.status] ?? '?'} **${md(cause.summary)}**`,
    `   - fix: ${md(cause.remediation)}`,
    `   - ${scope}`,
  ].join('\n');
}

/**
 * The section, as many causes as fit in `budget` characters; the rest are counted in one line, so
 * a run with hundreds of faults still leaves room for the hosts and the evidence.
 */
export function fixFirst(causes: Cause[], budget: number): { text: string; shown: number } {
  if (causes.length === 0) return { text: '', shown: 0 };
  const head = `#### Fix first (${causes.length === 1 ? '1 cause' : `${causes.length} causes`}, the one that explains most first)`;
  const items: string[] = [];
  let used = head.length + 2;
  for (const [i, cause] of causes.entries()) {
    const item = causeItem(cause, i + 1);
    // Room for the line that counts what was left out.
    if (i > 0 && used + item.length + 1 + 200 > budget) break;
    items.push(item);
    used += item.length + 1;
  }
  const rest = causes.slice(items.length);
  const more = rest.length
    ? `\n\n${rest.length} more causes, explaining ${rest.reduce((n, c) => n + probeCount(c), 0)} probes and ${rest.reduce((n, c) => n + c.findings.length, 0)} findings, are in the JSON and HTML reports.`
    : '';
  return { text: `${head}\n\n${items.join('\n')}${more}`, shown: items.length };
}
