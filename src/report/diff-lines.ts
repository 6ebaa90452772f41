// The words every diff renderer shows for one cause: a mark, its summary, its id, what changed and,
// for what is still broken, its fix. The renderers only lay these out. Pure.
import type { Status } from '../model.js';
import type { BrokenCause, CauseDiff, StillCause, UntestedCause } from './diff.js';

export interface DiffLine { status: Status; summary: string; id: string; notes: string[]; fix?: string }

export type SectionKey = 'fixed' | 'broken' | 'still' | 'untested';

export interface DiffSection { key: SectionKey; title: string; lines: DiffLine[] }

export const TITLES: Record<SectionKey, string> = { fixed: 'Fixed', broken: 'Newly broken', still: 'Still broken', untested: 'No longer tested' };

/** The lists in the order of the headline; "no longer tested" only when there is any. */
export function diffSections(diff: CauseDiff): DiffSection[] {
  const sections: DiffSection[] = [
    { key: 'fixed', title: TITLES.fixed, lines: diff.fixed.map((c) => ({ status: 'pass', summary: c.summary, id: c.id, notes: [`${c.probes + c.findings === 1 ? 'the' : 'all'} ${things(c.probes, c.findings)} it explained ${c.probes + c.findings === 1 ? 'passes' : 'pass'} now`] })) },
    { key: 'broken', title: TITLES.broken, lines: diff.broken.map(brokenLine) },
    { key: 'still', title: TITLES.still, lines: diff.still.map(stillLine) },
  ];
  if (diff.untested.length) sections.push({ key: 'untested', title: TITLES.untested, lines: diff.untested.map(untestedLine) });
  return sections;
}

function brokenLine(c: BrokenCause): DiffLine {
  const { pass, failing, untested, absent } = c.before;
  const before = failing === 0 && untested === 0 && absent === 0
    ? 'passed in the old run'
    : [
      pass ? `${pass} passed in the old run` : '',
      failing ? `${failing} failed in the old run` : '',
      untested ? `${untested} could not be tested in the old run` : '',
      absent ? `${absent} not in the old run (a new host, port or check)` : '',
    ].filter(Boolean).join(', ');
  return { status: c.status, summary: c.summary, id: c.id, notes: [before], fix: c.remediation };
}

function stillLine(c: StillCause): DiffLine {
  const notes = [c.change];
  const was = c.was.length === 1 && c.was[0].summary !== c.summary ? `was: ${c.was[0].summary}` : '';
  if (was) notes.push(was);
  return { status: c.status, summary: c.summary, id: c.id, notes, fix: c.remediation };
}

function untestedLine(c: UntestedCause): DiffLine {
  const parts = [
    c.untested ? `${c.untested} of ${c.explained} could not be tested in the new run` : '',
    c.gone ? `${c.gone} of ${c.explained} not probed in the new run (a removed host, port or check)` : '',
    c.nowPass ? `${c.nowPass} pass now` : '',
  ].filter(Boolean);
  if (c.heldBy.length) parts.push(`see ${c.heldBy.join(', ')}`);
  return { status: 'error', summary: c.summary, id: c.id, notes: [`not known to be fixed: ${parts.join('; ')}`] };
}

/** "3 probes", "1 finding", "3 probes and 1 finding". */
function things(probes: number, findings: number): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return [probes ? n(probes, 'probe') : '', findings ? n(findings, 'finding') : ''].filter(Boolean).join(' and ');
}
