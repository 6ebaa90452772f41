// The terminal diff: the headline, then each list with every cause's summary, what changed and, for
// what is broken, its fix; the two verdict lines last. Pure.
import type { CauseDiff } from './diff.js';
import { diffHeadline, hostsLine } from './diff.js';
import { diffSections } from './diff-lines.js';
import { painter } from './color.js';
import { inert } from './inert.js';
import { MARKS } from './matrix.js';

export function renderDiffTable(saved: CauseDiff, options: { color: boolean }): string {
  const diff = inert(saved);
  const paint = painter(options.color);
  const out = [diffHeadline(diff)];
  const hosts = hostsLine(diff);
  if (hosts) out.push(hosts);
  for (const section of diffSections(diff)) {
    out.push('', `${section.title} (${section.lines.length}):`);
    if (!section.lines.length) out.push('  none');
    for (const line of section.lines) {
      out.push(`  ${paint(line.status, MARKS[line.status])} ${line.summary}  [${line.id}]`);
      for (const note of line.notes) out.push(`      ${note}`);
      if (line.fix) out.push(`      fix: ${line.fix}`);
    }
  }
  out.push('', `before: ${diff.old.verdict} · started ${diff.old.startedAt}`, `after:  ${diff.new.verdict} · started ${diff.new.startedAt}`);
  return `${out.join('\n')}\n`;
}
