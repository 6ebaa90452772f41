// A matrix of a pair-scoped check's findings (the canary's container pings, path MTU): rows are
// sources, columns destinations, one mark per pair. Pure.
import Table from 'cli-table3';
import type { RunResult } from '../model.js';
import type { Paint } from './color.js';
import { MARKS } from './matrix.js';

export function pairFindingsTable(result: RunResult, check: string, paint: Paint): string | undefined {
  const findings = result.findings.filter((f) => f.check === check && f.from && f.to);
  if (findings.length === 0) return undefined;
  const hosts = result.hosts.map((h) => h.id);
  const table = new Table({
    head: ['from \\ to', ...hosts],
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const from of hosts) {
    table.push([from, ...hosts.map((to) => {
      const f = findings.find((x) => x.from === from && x.to === to);
      return f ? paint(f.status, MARKS[f.status]) : '';
    })]);
  }
  return table.toString();
}
