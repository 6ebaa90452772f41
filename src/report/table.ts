// The terminal report: the pass/fail matrix (rows are sources, columns destinations, one mark per
// port), then every failure and error once with its fix, then the verdict line. Pure.
import Table from 'cli-table3';
import type { Finding, ProbeResult, RunResult, Status } from '../model.js';
import { painter, type Paint } from './color.js';
import { buildMatrix, MARKS, type Matrix, verdictLine } from './matrix.js';
import { pairFindingsTable } from './pair-findings.js';

export interface TableOptions { color: boolean }

export function renderTable(result: RunResult, options: TableOptions): string {
  const paint = painter(options.color);
  const matrix = buildMatrix(result);
  const out: string[] = [];
  if (matrix.ports.length > 0) {
    out.push(`ports in each cell: ${matrix.ports.map((p) => p.label).join(' ')}   (${legend(paint)})`);
    out.push(matrixTable(matrix, result, paint));
  }
  for (const [check, heading] of [['canary', 'containers on a temporary overlay (canary): small and full-size pings'], ['path-mtu', 'path MTU: full overlay frames with don\'t-fragment']] as const) {
    const grid = pairFindingsTable(result, check, paint);
    if (grid) out.push('', `${heading}`, grid);
  }
  const problems = problemLines(result, paint);
  if (problems.length) out.push('', ...problems);
  out.push('', verdictLine(result));
  return `${out.join('\n')}\n`;
}

function legend(paint: Paint): string {
  return (['pass', 'fail', 'error', 'skip'] as Status[]).map((s) => `${paint(s, MARKS[s])} ${s}`).join('  ');
}

function matrixTable(matrix: Matrix, result: RunResult, paint: Paint): string {
  const unreachable = new Set(result.hosts.filter((h) => !h.reachable || h.error).map((h) => h.id));
  const name = (id: string) => (unreachable.has(id) ? `${id} (!)` : id);
  const table = new Table({
    head: ['from \\ to', ...matrix.hosts.map(name)],
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const from of matrix.hosts) {
    table.push([name(from), ...matrix.hosts.map((to) => (from === to ? '' : matrix.cell(from, to).map((p) => (p ? paint(p.status, MARKS[p.status]) : ' ')).join(' ')))]);
  }
  return table.toString();
}

/** Each failing or unknown item once: probes first, grouped by destination, then findings. */
function problemLines(result: RunResult, paint: Paint): string[] {
  const lines: string[] = [];
  const failed = result.probes.filter((p) => p.status === 'fail');
  const errored = result.probes.filter((p) => p.status === 'error');
  const findings = result.findings.filter((f) => f.status !== 'pass');
  if (failed.length) {
    lines.push(`Failures (${failed.length}):`);
    for (const p of failed) lines.push(...probeLines(p, paint));
  }
  if (findings.length) {
    if (lines.length) lines.push('');
    lines.push('Findings:');
    for (const f of findings) lines.push(...findingLines(f, paint));
  }
  if (errored.length) {
    if (lines.length) lines.push('');
    lines.push(`Not tested (${errored.length} probes):`);
    lines.push(...summarizeErrors(errored).map((l) => `  ${paint('error', MARKS.error)} ${l}`));
  }
  return lines;
}

function probeLines(p: ProbeResult, paint: Paint): string[] {
  const port = p.protocol === 'esp' ? 'esp' : `${p.port}/${p.protocol}`;
  const lines = [`  ${paint('fail', MARKS.fail)} ${p.from} -> ${p.to}  ${port}  ${p.detail}`];
  if (p.remediation) lines.push(`      fix: ${p.remediation}`);
  return lines;
}

function findingLines(f: Finding, paint: Paint): string[] {
  const where = f.host ?? (f.from && f.to ? `${f.from} -> ${f.to}` : 'cluster');
  const lines = [`  ${paint(f.status, MARKS[f.status])} [${f.check}] ${where}: ${f.summary}`];
  if (f.remediation) lines.push(`      fix: ${f.remediation}`);
  return lines;
}

/** Errors repeat per pair when one host is down; say each distinct reason once with its count. */
function summarizeErrors(probes: ProbeResult[]): string[] {
  const counts = new Map<string, number>();
  for (const p of probes) counts.set(p.detail, (counts.get(p.detail) ?? 0) + 1);
  return [...counts].map(([detail, n]) => (n > 1 ? `${detail} (${n} probes)` : detail));
}
