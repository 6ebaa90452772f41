// The terminal report: the verdict, then "fix first" (one entry and one fix per cause), then the matrix
// where it fits the screen (rows are sources, columns destinations, one mark per port) or else a
// per-host summary; `matrix: true` forces the full matrix. Pure.
import Table from 'cli-table3';
import type { RunResult, Status } from '../model.js';
import { causeLines } from './cause-lines.js';
import { causesOf } from './causes.js';
import { painter, type Paint } from './color.js';
import { hostSummaryLines } from './host-summary.js';
import { inert } from './inert.js';
import { buildMatrix, MARKS, type Matrix, verdictLine } from './matrix.js';
import { pairFindingsTable } from './pair-findings.js';
import { wrap } from './wrap.js';

export interface TableOptions {
  color: boolean;
  /** The terminal's width; without one (a pipe, a file) reports are kept to DEFAULT_COLUMNS. */
  columns?: number;
  /** Show the full matrix whatever its size. */
  matrix?: boolean;
}

export const DEFAULT_COLUMNS = 120;
/** At most this many causes are listed; the rest are counted. */
const CAUSE_LIMIT = 15;
/** Past this many hosts the matrix is not shown unless asked for, however wide the terminal. */
const MATRIX_HOSTS = 16;
const HEAD = 'from \\ to';

export function renderTable(saved: RunResult, options: TableOptions): string {
  // Every text a host sent, without its escape sequences: the only ones written are our colours.
  const result = inert(saved);
  const paint = painter(options.color);
  const width = Math.max(60, Math.min(options.columns ?? DEFAULT_COLUMNS, 200));
  const causes = causesOf(result);
  const out: string[] = wrap(verdictLine(result), width, '', '  ');
  if (causes.length) {
    out.push('', `Fix first (${causes.length} cause${causes.length > 1 ? 's' : ''}):`);
    out.push(...causeLines(causes, result, paint, width, CAUSE_LIMIT));
  }
  const matrix = buildMatrix(result);
  if (matrix.ports.length > 0) {
    // Measured before it is drawn: a table of 1,000 hosts (a million cells) would take minutes to lay out only to be left out.
    const columns = matrixWidth(matrix, result);
    const fits = result.hosts.length <= MATRIX_HOSTS && columns <= width;
    if (fits || options.matrix) {
      out.push('', `ports in each cell: ${matrix.ports.map((p) => p.label).join(' ')}   (${legend(paint)})`, matrixTable(matrix, result, paint));
      for (const [check, heading] of [['canary', 'containers on a temporary overlay (canary): small and full-size pings'], ['path-mtu', 'path MTU: full overlay frames with don\'t-fragment']] as const) {
        const pairs = pairFindingsTable(result, check, paint);
        if (pairs) out.push('', heading, pairs);
      }
    } else {
      out.push('', ...wrap(`${result.hosts.length} hosts: the matrix is ${columns} columns wide (--matrix shows it; --format html has it as a heat map)`, width, '', '  '));
      out.push(...hostSummaryLines(result, causes).flatMap((l) => wrap(l, width, '', '    ')));
    }
  }
  return `${out.join('\n')}\n`;
}

/** The drawn table's width: a border, then each column's widest text with a space either side and a border. */
export function matrixWidth(matrix: Matrix, result: RunResult): number {
  const names = hostNames(result);
  const cell = matrix.ports.length * 2 - 1;
  const first = Math.max(HEAD.length, ...matrix.hosts.map((id) => names(id).length));
  return 1 + (first + 3) + matrix.hosts.reduce((sum, id) => sum + Math.max(names(id).length, cell) + 3, 0);
}

/** A host that could not be tested is marked in the table's head and first column. */
function hostNames(result: RunResult): (id: string) => string {
  const unreachable = new Set(result.hosts.filter((h) => !h.reachable || h.error).map((h) => h.id));
  return (id) => (unreachable.has(id) ? `${id} (!)` : id);
}

function legend(paint: Paint): string {
  return (['pass', 'fail', 'error', 'skip'] as Status[]).map((s) => `${paint(s, MARKS[s])} ${s}`).join('  ');
}

export function matrixTable(matrix: Matrix, result: RunResult, paint: Paint): string {
  const name = hostNames(result);
  const table = new Table({
    head: [HEAD, ...matrix.hosts.map(name)],
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const from of matrix.hosts) {
    table.push([name(from), ...matrix.hosts.map((to) => (from === to ? '' : matrix.cell(from, to).map((p) => (p ? paint(p.status, MARKS[p.status]) : ' ')).join(' ')))]);
  }
  return table.toString();
}
