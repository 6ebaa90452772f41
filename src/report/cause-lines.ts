// "Fix first": one entry per cause, the one that explains most first: its summary, its one fix and one
// line of the evidence behind it. Pure; shared by the terminal report and the diff.
import type { Cause, RunResult } from '../model.js';
import { explains, probeCount } from './causes.js';
import { entriesOf } from '../untested-hosts.js';
import type { Paint } from './color.js';
import { MARKS, portLabel } from './matrix.js';
import { wrap } from './wrap.js';
import { findingWhere } from './finding-where.js';

/** One probe or finding of the cause, in a line, with how many more there are. */
export function evidenceOf(cause: Cause, result: RunResult): string {
  const probe = cause.probes.length ? result.probes[cause.probes[0]] : undefined;
  const more = probeCount(cause) + cause.findings.length - 1;
  const tail = more > 0 ? ` (+${more} more)` : '';
  if (probe) return `${probe.from} -> ${probe.to} ${portLabel(probe.protocol, probe.port)}: ${probe.detail}${tail}`;
  // A host out of the run lists no probes: one of those it left unsent stands for them.
  const unsent = cause.untested ? entriesOf(result).find((u) => u.host === cause.hosts[0]) : undefined;
  if (unsent) {
    const rest = probeCount(cause) - unsent.probes + cause.findings.length;
    return `${unsent.host} -> its peers (${unsent.probes} probes): ${unsent.fromDetail}${rest > 0 ? ` (+${rest} more)` : ''}`;
  }
  const f = cause.findings.length ? result.findings[cause.findings[0]] : undefined;
  if (!f) return '';
  const where = findingWhere(f, '->');
  return `[${f.check}] ${where}: ${f.summary}${tail}`;
}

export function causeLines(causes: Cause[], result: RunResult, paint: Paint, width: number, limit: number): string[] {
  const lines: string[] = [];
  causes.slice(0, limit).forEach((c, i) => {
    const n = `${i + 1}.`.padEnd(3);
    const head = wrap(`${c.summary} [${explains(c)}]`, width, `  ${n} ${MARKS[c.status]} `, '        ');
    head[0] = head[0].replace(` ${MARKS[c.status]} `, ` ${paint(c.status, MARKS[c.status])} `);
    lines.push(...head);
    lines.push(...wrap(c.remediation, width, '       fix: ', '            '));
    const ev = evidenceOf(c, result);
    if (ev) lines.push(...wrap(ev, width, '       seen: ', '             ').slice(0, 2));
  });
  if (causes.length > limit) {
    const rest = causes.slice(limit);
    lines.push(`  ... and ${rest.length} more causes explaining ${rest.reduce((n, c) => n + probeCount(c) + c.findings.length, 0)} probes and findings: see --format json or html`);
  }
  return lines;
}
