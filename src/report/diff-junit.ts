// The diff for CI: JUnit XML with one testcase per cause, in one suite per list. Fixed causes pass,
// newly and still broken ones fail (an error when what they explain could not be tested), and
// those no longer tested are skipped: nobody saw them pass. Pure.
import type { CauseDiff } from './diff.js';
import { type DiffLine, diffSections, type SectionKey } from './diff-lines.js';
import { xmlAttr, xmlText } from './junit.js';

export function renderDiffJunit(diff: CauseDiff): string {
  const sections = diffSections(diff);
  const all = sections.flatMap((s) => s.lines.map((l) => outcome(s.key, l)));
  const count = (o: string) => all.filter((x) => x === o).length;
  const suites = sections.map((s) => {
    const outcomes = s.lines.map((l) => outcome(s.key, l));
    const attrs = { name: `diff.${s.key}`, tests: s.lines.length, failures: outcomes.filter((o) => o === 'failure').length, errors: outcomes.filter((o) => o === 'error').length, skipped: outcomes.filter((o) => o === 'skipped').length, time: '0.000' };
    return [`  <testsuite${attributes(attrs)}>`, ...s.lines.map((l) => testcase(s.key, l)), '  </testsuite>'].join('\n');
  });
  const attrs = { name: 'swarm-preflight diff', tests: all.length, failures: count('failure'), errors: count('error'), time: '0.000' };
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes(attrs)}>`, ...suites, '</testsuites>', ''].join('\n');
}

type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

function outcome(key: SectionKey, line: DiffLine): Outcome {
  if (key === 'fixed') return 'pass';
  if (key === 'untested') return 'skipped';
  return line.status === 'error' ? 'error' : 'failure';
}

function testcase(key: SectionKey, line: DiffLine): string {
  const open = `    <testcase${attributes({ name: `${line.id}: ${line.summary}`, classname: `diff.${key}`, time: '0.000' })}`;
  const notes = line.notes.join('\n');
  switch (outcome(key, line)) {
    case 'pass': return `${open}>\n      <system-out>${xmlText(`fixed: ${notes}`)}</system-out>\n    </testcase>`;
    case 'skipped': return `${open}>\n      <skipped${attributes({ message: notes })}/>\n    </testcase>`;
    case 'failure':
    case 'error': {
      const tag = outcome(key, line);
      const body = [notes, line.fix ? `fix: ${line.fix}` : ''].filter(Boolean).join('\n');
      return `${open}>\n      <${tag}${attributes({ message: line.summary, type: key === 'broken' ? 'newly-broken' : 'still-broken' })}>${xmlText(body)}</${tag}>\n    </testcase>`;
    }
  }
}

function attributes(attrs: Record<string, string | number>): string {
  return Object.entries(attrs).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');
}
