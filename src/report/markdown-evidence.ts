// The ticket report's per-probe evidence: the probes and findings that did not pass, under the cause
// that explains them, as many as the character budget leaves room for. Pure.
import type { Cause, Finding, ProbeResult, RunResult, UntestedHost } from '../model.js';
import { causeIndex, count, untestedCauses } from './causes.js';
import { md } from './markdown-text.js';
import { MARKS, portLabel } from './matrix.js';
import { findingWhere } from './finding-where.js';
import { entriesOf } from '../untested-hosts.js';

export interface Evidence { text: string; probes: number; findings: number; totalProbes: number; totalFindings: number }

interface Group { title: string; probes: ProbeResult[]; findings: Finding[]; withFix: boolean; unsent: UntestedHost[] }

/** Probes of a group: those listed, and those its hosts out of the run left unsent. */
const probeTotal = (g: Group) => g.probes.length + g.unsent.reduce((n, u) => n + u.probes, 0);

/**
 * Evidence grouped by cause. `perGroup` caps the items of each group (so the biggest cause does not
 * crowd out the others); `budget` caps the whole section in characters.
 */
export function evidenceSection(result: RunResult, causes: Cause[], perGroup: number, budget: number): Evidence {
  const groups = groupsOf(result, causes);
  const totalProbes = groups.reduce((n, g) => n + probeTotal(g), 0);
  const totalFindings = groups.reduce((n, g) => n + g.findings.length, 0);
  const empty = { text: '', probes: 0, findings: 0, totalProbes, totalFindings };
  if (totalProbes + totalFindings === 0) return empty;
  const head = '#### Evidence';
  const out: string[] = [head];
  let used = head.length;
  let probes = 0;
  let findings = 0;
  for (const g of groups) {
    const total = probeTotal(g) + g.findings.length;
    if (total === 0) continue;
    const title = `\n**${g.title}**: ${[count(probeTotal(g), 'probe'), count(g.findings.length, 'finding')].filter((s) => !s.startsWith('0 ')).join(', ')}\n`;
    if (used + title.length > budget) break;
    out.push(title);
    used += title.length + 1;
    let shown = 0;
    for (const item of [...g.unsent.map((u) => ({ u })), ...g.probes.map((p) => ({ p })), ...g.findings.map((f) => ({ f }))]) {
      if (shown >= perGroup) break;
      const line = 'u' in item ? unsentLine(item.u) : 'p' in item ? probeLine(item.p, g.withFix) : findingLine(item.f, g.withFix);
      if (used + line.length + 1 > budget) break;
      out.push(line);
      used += line.length + 1;
      // One line stands for all the probes a host out of the run left unsent.
      const n = 'u' in item ? item.u.probes : 1;
      shown += n;
      if ('f' in item) findings += 1; else probes += n;
    }
    if (shown < total) {
      const line = `- … and ${total - shown} more`;
      out.push(line);
      used += line.length + 1;
    }
  }
  return { text: out.join('\n'), probes, findings, totalProbes, totalFindings };
}

function groupsOf(result: RunResult, causes: Cause[]): Group[] {
  const index = causeIndex(result, causes);
  const groups: Group[] = causes.map((c, i) => ({ title: `${i + 1}. ${md(c.summary)}`, probes: [], findings: [], withFix: false, unsent: [] }));
  // What no cause explains keeps its own fix, since no cause line above gives one.
  const other: Group = { title: 'Not grouped into a cause', probes: [], findings: [], withFix: true, unsent: [] };
  const causeOf = untestedCauses(causes);
  for (const u of entriesOf(result)) {
    const ci = causeOf.get(u.host);
    if (u.probes > 0) (ci !== undefined ? groups[ci] : other).unsent.push(u);
  }
  result.probes.forEach((p, i) => {
    if (p.status === 'pass' || p.status === 'skip') return;
    (index.probes[i] >= 0 ? groups[index.probes[i]] : other).probes.push(p);
  });
  result.findings.forEach((f, i) => {
    if (f.status === 'pass' || f.status === 'skip') return;
    (index.findings[i] >= 0 ? groups[index.findings[i]] : other).findings.push(f);
  });
  return [...groups, other];
}

function unsentLine(u: UntestedHost): string {
  return `- ${MARKS.error} ${md(u.host)} ⇄ its peers, ${count(u.probes, 'probe')} of ${md(u.ports.join(', '))}: ${md(u.fromDetail)}`;
}

function probeLine(p: ProbeResult, withFix: boolean): string {
  const line = `- ${MARKS[p.status] ?? '?'} ${md(p.from)} → ${md(p.to)} ${md(portLabel(p.protocol, p.port))}: ${md(p.detail)}`;
  return withFix && p.remediation ? `${line}\n  - fix: ${md(p.remediation)}` : line;
}

function findingLine(f: Finding, withFix: boolean): string {
  const where = findingWhere(f, '→');
  const line = `- ${MARKS[f.status] ?? '?'} ${md(f.status)} [${md(f.check)}] ${md(where)}: ${md(f.summary)}`;
  return withFix && f.remediation ? `${line}\n  - fix: ${md(f.remediation)}` : line;
}
