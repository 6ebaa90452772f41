// The diff for a ticket or a pull request: the headline in bold, both verdicts, then each list.
// Lists are cut, with a count of what was left out, so the whole stays under MARKDOWN_LIMIT
// characters even for hundreds of hosts (GitHub refuses a comment over 65,536). Pure.
import type { CauseDiff } from './diff.js';
import { diffHeadline, hostsLine } from './diff.js';
import { type DiffLine, diffSections } from './diff-lines.js';
import { inert } from './inert.js';
import { MARKS } from './matrix.js';

export const MARKDOWN_LIMIT = 60_000;

export function renderDiffMarkdown(saved: CauseDiff): string {
  const diff = inert(saved);
  const hosts = hostsLine(diff);
  const head = [
    `**${md(diffHeadline(diff))}**`,
    '',
    `before: ${md(diff.old.verdict)} · started ${md(diff.old.startedAt)}  `,
    `after: ${md(diff.new.verdict)} · started ${md(diff.new.startedAt)}${hosts ? '  ' : ''}`,
    ...(hosts ? [md(hosts)] : []),
  ].join('\n');
  const sections = diffSections(diff);
  // Room for the headings and the "left out" lines, then a fair share of the rest for each list.
  let budget = MARKDOWN_LIMIT - head.length - sections.length * 200 - 100;
  const parts = [head];
  sections.forEach((section, s) => {
    // Lists still to come that have something to show share what is left; empty ones need none.
    const share = Math.floor(budget / Math.max(1, sections.slice(s).filter((x) => x.lines.length).length));
    const items: string[] = [];
    let used = 0;
    for (const line of section.lines) {
      const item = entry(line);
      if (used + item.length + 1 > share) break;
      items.push(item);
      used += item.length + 1;
    }
    budget -= used;
    const left = section.lines.length - items.length;
    const body = section.lines.length === 0 ? ['none'] : [...items, ...(left ? [`- … and ${left} more (the JSON diff, --format json, lists them all)`] : [])];
    parts.push([`#### ${section.title} (${section.lines.length})`, '', ...body].join('\n'));
  });
  return `${parts.join('\n\n')}\n`;
}

function entry(line: DiffLine): string {
  const rows = [`- ${MARKS[line.status]} ${md(line.summary)} \`${code(line.id)}\``];
  for (const note of line.notes) rows.push(`  ${md(note)}`);
  if (line.fix) rows.push(`  fix: ${md(line.fix)}`);
  // Two trailing spaces break the line inside one list item.
  return rows.join('  \n');
}

/** Inline Markdown for text that may come from a host: HTML specials as entities, Markdown punctuation escaped, one line. */
export function md(value: string): string {
  return value.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string)
    .replace(/[\\`*_[\]|#]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, ' ');
}

/** Inside a code span nothing is escaped: a backtick would end it, so none is let in. */
function code(value: string): string {
  return value.replace(/`/g, "'").replace(/\r\n|\r|\n/g, ' ');
}
