// The ticket report's per-probe evidence: the probes and findings that did not pass, under the cause
// that explains them, as many as the character budget leaves room for. Pure.
import type { Cause, Finding, ProbeResult, RunResult } from '../model.js';
import { causeIndex, count } from './causes.js';
import { md } from './markdown-text.js';
import { MARKS, portLabel } from './matrix.js';
import { findingWhere } from './finding-where.js';

export interface Evidence { text: string; probes: number; findings: number; totalProbes: number; totalFindings: number }

interface Group { title: string; probes: ProbeResult[]; findings: Finding[]; withFix: boolean }

/**
 * Evidence grouped by cause. `perGroup` caps the items of each group (so the biggest cause does not
 * crowd out the others); `budget` caps the whole section in characters.
 */
export function evidenceSection(result: RunResult, causes: Cause[], perGroup: number, budget: number): Evidence {
  const groups = groupsOf(result, causes);
  const totalProbes = groups.reduce((n, g) => n + g.probes.length, 0);
  const totalFindings = groups.reduce((n, g) => n + g.findings.length, 0);
  const empty = { text: '', probes: 0, findings: 0, totalProbes, totalFindings };
  if (totalProbes + totalFindings === 0) return empty;
  const head = '#### Evidence';
  const out: string[] = [head];
  let used = head.length;
  let probes = 0;
  let findings = 0;
  for (const g of groups) {
    const total = g.probes.length + g.findings.length;
    if (total === 0) continue;
    const title = `\n**${g.title}**: ${[count(g.probes.length, 'probe'), count(g.findings.length, 'finding')].filter((s) => !s.startsWith('0 ')).join(', ')}\n`;
    if (used + title.length > budget) break;
    out.push(title);
    used += title.length + 1;
    let shown = 0;
    for (const item of [...g.probes.map((p) => ({ p })), ...g.findings.map((f) => ({ f }))]) {
      if (shown >= perGroup) break;
      const line = 'p' in item ? probeLine(item.p, g.withFix) : findingLine(item.f, g.withFix);
      if (used + line.length + 1 > budget) break;
      out.push(line);
      used += line.length + 1;
      shown += 1;
      if ('p' in item) probes += 1; else findings += 1;
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
  const groups: Group[] = causes.map((c, i) => ({ title: `${i + 1}. ${md(c.summary)}`, probes: [], findings: [], withFix: false }));
  // What no cause explains keeps its own fix, since no cause line above gives one.
  const other: Group = { title: 'Not grouped into a cause', probes: [], findings: [], withFix: true };
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

function probeLine(p: ProbeResult, withFix: boolean): string {
  const line = `- ${MARKS[p.status] ?? '?'} ${md(p.from)} → ${md(p.to)} ${md(portLabel(p.protocol, p.port))}: ${md(p.detail)}`;
  return withFix && p.remediation ? `${line}\n  - fix: ${md(p.remediation)}` : line;
}

function findingLine(f: Finding, withFix: boolean): string {
  const where = findingWhere(f, '→');
  const line = `- ${MARKS[f.status] ?? '?'} ${md(f.status)} [${md(f.check)}] ${md(where)}: ${md(f.summary)}`;
  return withFix && f.remediation ? `${line}\n  - fix: ${md(f.remediation)}` : line;
}
