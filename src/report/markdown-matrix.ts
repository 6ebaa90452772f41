// The ticket report's view of the mesh: a per-host summary (every size), and the matrix itself when
// the run is small enough for one to read in a comment. Pure.
import type { ProbeResult, RunResult } from '../model.js';
import { causesOf, hostCounts } from './causes.js';
import { md, table, text } from './markdown-text.js';
import { buildMatrix, MARKS } from './matrix.js';

/** Above this many hosts a mark per port makes rows too wide: one table per port instead. */
export const PER_PORT_ABOVE = 8;
/** Above this many hosts no matrix fits a ticket; the per-host summary stands in for it. */
export const MATRIX_UP_TO = 12;

/**
 * One row per host: where it is, its state, and how its probes fared as a receiver and a sender.
 * `onlyTroubled` keeps the rows of hosts with something wrong and counts the others in one line.
 */
export function hostSummary(result: RunResult, onlyTroubled: boolean): string {
  const counts = hostCounts(result);
  // The hosts a cause puts its fix on: their peers' failed probes are explained by those causes.
  const toFix = new Set(causesOf(result).flatMap((c) => c.hosts.slice(0, 1)));
  const hosts = onlyTroubled ? result.hosts.filter((h) => toFix.has(h.id) || !h.reachable || h.error) : result.hosts;
  const rows = hosts.map((h) => {
    const c = counts.get(h.id) ?? { inFail: 0, outFail: 0, untested: 0, findings: 0 };
    return [md(h.id), md(h.address), md(h.role), md(text(h.facts?.dockerVersion) ?? '?'), md(shortState(h)), String(c.inFail), String(c.outFail), String(c.untested), String(c.findings)];
  });
  const others = result.hosts.length - hosts.length;
  const intro = onlyTroubled
    ? `The ${hosts.length} hosts a cause puts its fix on (the failed probes of the other ${others} are explained by those causes):`
    : 'Per host: probes into it that failed (in ✗), from it that failed (out ✗), that could not be tested, and findings that did not pass.';
  return ['#### Hosts', '', intro, '', table(['host', 'address', 'role', 'docker', 'state', 'in ✗', 'out ✗', 'untested', 'findings'], rows)].join('\n');
}

/** A host's state in a word or two; why it could not be tested is in its cause. */
function shortState(h: RunResult['hosts'][number]): string {
  if (h.reachable && !h.error) return 'ok';
  const word = h.reachable ? 'error' : 'unreachable';
  return h.errorKind ? `${word} (${h.errorKind})` : word;
}

export function runLine(result: RunResult): string {
  const options = Object.entries(result.options ?? {}).map(([k, v]) => `${md(k)}=${md(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}`);
  const run = [`${md(result.tool.name)} ${md(result.tool.version)}`, `mode ${md(result.mode)}`, `started ${md(result.startedAt)}`];
  return `${run.join(' · ')}${options.length ? `  \noptions: ${options.join(', ')}` : ''}`;
}

/** The matrix: one table with a mark per port up to 8 hosts, one table per port above. */
export function matrixSection(result: RunResult): string {
  const matrix = buildMatrix(result);
  if (matrix.ports.length === 0) return '';
  const down = new Set(result.hosts.filter((h) => !h.reachable || h.error).map((h) => h.id));
  const name = (id: string) => md(down.has(id) ? `${id} (!)` : id);
  const gaps = matrix.hosts.some((from) => matrix.hosts.some((to) => from !== to && matrix.cell(from, to).includes(undefined)));
  const legend = legendText(gaps) + (down.size ? '; (!) marks a host that could not be tested' : '');
  if (matrix.hosts.length > PER_PORT_ABOVE) {
    // One mark per cell keeps each table as wide as the host list, not four times that.
    const tables = matrix.ports.map((port, i) => [`**${md(port.label)}**`, '', table(
      ['from \\ to', ...matrix.hosts.map(name)],
      matrix.hosts.map((from) => [name(from), ...matrix.hosts.map((to) => (from === to ? '' : mark(matrix.cell(from, to)[i])))]),
    )].join('\n'));
    return ['#### Matrix', '', `One table per port; rows are sources, columns destinations (${legend}).`, '', tables.join('\n\n')].join('\n');
  }
  const rows = matrix.hosts.map((from) => [name(from), ...matrix.hosts.map((to) => (from === to ? '' : matrix.cell(from, to).map(mark).join(' ')))]);
  return [
    '#### Matrix',
    '',
    `Rows are sources, columns destinations; each cell has one mark per port: ${matrix.ports.map((p) => md(p.label)).join(' ')} (${legend}).`,
    '',
    table(['from \\ to', ...matrix.hosts.map(name)], rows),
  ].join('\n');
}

function mark(probe: ProbeResult | undefined): string {
  return probe ? MARKS[probe.status] : '·';
}

function legendText(gaps: boolean): string {
  const words: Record<string, string> = { pass: 'pass', fail: 'fail', error: 'untested', skip: 'n/a' };
  const parts = (['pass', 'fail', 'error', 'skip'] as const).map((s) => `${MARKS[s]} ${words[s]}`);
  return parts.join(', ') + (gaps ? ', · not probed' : '');
}
