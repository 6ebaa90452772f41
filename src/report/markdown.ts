// The ticket report: GitHub/GitLab Markdown to paste into an issue. Verdict, environment, matrix,
// failures with their fixes, findings, then the raw evidence folded away in <details>. Pure.
import type { Finding, HostResult, ProbeResult, RunResult } from '../model.js';
import { buildMatrix, MARKS, type Matrix, portLabel, verdictLine } from './matrix.js';

/** Above this many hosts a mark per port makes rows too wide: one table per port instead. */
export const PER_PORT_ABOVE = 8;
/** Above this many hosts even per-port tables drown a ticket: list only what did not pass. */
export const PROBLEMS_ONLY_ABOVE = 20;

export function renderMarkdown(result: RunResult): string {
  const sections = [
    `**${md(verdictLine(result))}**`,
    environment(result),
    matrixSection(result),
    failures(result),
    findings(result.findings),
    evidence(result),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function environment(result: RunResult): string {
  const rows = result.hosts.map((h) => [md(h.id), md(h.address), md(h.role), md(text(h.facts?.dockerVersion) ?? '?'), md(hostState(h))]);
  const options = Object.entries(result.options ?? {}).map(([k, v]) => `${md(k)}=${md(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))}`);
  const run = [`${md(result.tool.name)} ${md(result.tool.version)}`, `mode ${md(result.mode)}`, `started ${md(result.startedAt)}`];
  return [
    '#### Environment',
    '',
    table(['host', 'address', 'role', 'docker', 'state'], rows),
    '',
    `${run.join(' · ')}${options.length ? `  \noptions: ${options.join(', ')}` : ''}`,
  ].join('\n');
}

function hostState(h: HostResult): string {
  if (h.error) return `${h.reachable ? 'error' : 'unreachable'}: ${h.error}`;
  return h.reachable ? 'ok' : 'unreachable';
}

function matrixSection(result: RunResult): string {
  const matrix = buildMatrix(result);
  if (matrix.ports.length === 0) return '';
  const down = new Set(result.hosts.filter((h) => !h.reachable || h.error).map((h) => h.id));
  const name = (id: string) => md(down.has(id) ? `${id} (!)` : id);
  const gaps = matrix.hosts.some((from) => matrix.hosts.some((to) => from !== to && matrix.cell(from, to).includes(undefined)));
  const legend = legendText(gaps) + (down.size ? '; (!) marks a host that could not be tested' : '');
  if (matrix.hosts.length > PROBLEMS_ONLY_ABOVE) return problemsOnly(result, matrix);
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

/** Too many hosts for any grid: one row per probe that neither passed nor was skipped. */
function problemsOnly(result: RunResult, matrix: Matrix): string {
  const bad = result.probes.filter((p) => p.status === 'fail' || p.status === 'error');
  const head = `${matrix.hosts.length} hosts are too many for a matrix: the probes that failed or could not be tested are listed (${bad.length} of ${result.probes.length}).`;
  if (bad.length === 0) return ['#### Probes', '', `${matrix.hosts.length} hosts: all ${result.probes.length} probes passed or were skipped.`].join('\n');
  const rows = bad.map((p) => [md(p.from), md(p.to), md(portLabel(p.protocol, p.port)), `${MARKS[p.status]} ${p.status}`, md(p.detail)]);
  return ['#### Probes', '', head, '', table(['from', 'to', 'port', 'status', 'detail'], rows)].join('\n');
}

function mark(probe: ProbeResult | undefined): string {
  return probe ? MARKS[probe.status] : '·';
}

function legendText(gaps: boolean): string {
  const parts = (['pass', 'fail', 'error', 'skip'] as const).map((s) => `${MARKS[s]} ${s}`);
  return parts.join(', ') + (gaps ? ', · not probed' : '');
}

function failures(result: RunResult): string {
  const out: string[] = [];
  const failed = result.probes.filter((p) => p.status === 'fail');
  if (failed.length) {
    out.push(`#### Failures (${failed.length})`, '');
    for (const p of failed) {
      out.push(`- ${MARKS.fail} **${md(p.from)} → ${md(p.to)}** ${md(portLabel(p.protocol, p.port))}: ${md(p.detail)}`);
      if (p.remediation) out.push(`  - fix: ${md(p.remediation)}`);
    }
  }
  const errored = result.probes.filter((p) => p.status === 'error');
  if (errored.length) {
    // One unreachable host errors every probe it takes part in: say each reason once, with its count.
    const counts = new Map<string, number>();
    for (const p of errored) counts.set(p.detail, (counts.get(p.detail) ?? 0) + 1);
    if (out.length) out.push('');
    out.push(`#### Not tested (${probeCount(errored.length)})`, '');
    for (const [detail, n] of counts) out.push(`- ${MARKS.error} ${md(detail)}${n > 1 ? ` (${probeCount(n)})` : ''}`);
  }
  return out.join('\n');
}

function probeCount(n: number): string {
  return n === 1 ? '1 probe' : `${n} probes`;
}

function findings(list: Finding[]): string {
  if (list.length === 0) return '';
  const out = [`#### Findings (${list.length})`, ''];
  for (const f of list) {
    const where = f.host ?? (f.from && f.to ? `${f.from} -> ${f.to}` : 'cluster');
    out.push(`- ${MARKS[f.status] ?? '?'} ${md(f.status)} [${md(f.check)}] ${md(where)}: ${md(f.summary)}`);
    if (f.remediation) out.push(`  - fix: ${md(f.remediation)}`);
  }
  return out.join('\n');
}

function evidence(result: RunResult): string {
  const wide = result.hosts.length > PER_PORT_ABOVE;
  // Past the per-port threshold the passing probes only say "connected": keep the ticket short.
  const probes = wide ? result.probes.filter((p) => p.status !== 'pass') : result.probes;
  const probeTitle = wide ? `Probe details (${probes.length} probes that did not pass; the JSON result has all ${result.probes.length})` : `Probe details (${probes.length} probes)`;
  const blocks = [
    details(probeTitle, `[\n${probes.map((p) => safeJson(p)).join(',\n')}\n]`),
    details(`Host facts (${result.hosts.length} hosts)`, safeJson(result.hosts, 2)),
  ];
  const withEvidence = result.findings.filter((f) => f.evidence);
  if (withEvidence.length) {
    const items = withEvidence.map((f) => ({ check: f.check, status: f.status, ...(f.host ? { host: f.host } : {}), ...(f.from ? { from: f.from, to: f.to } : {}), evidence: f.evidence }));
    blocks.push(details(`Finding evidence (${items.length})`, safeJson(items, 2)));
  }
  return ['#### Evidence', '', blocks.join('\n\n')].join('\n');
}

/** A collapsed block holding fenced JSON; the fence outgrows any backtick run inside. */
function details(summary: string, json: string): string {
  const longest = Math.max(0, ...(json.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`<details><summary>${html(summary)}</summary>`, '', `${fence}json`, json, fence, '', '</details>'].join('\n');
}

/** JSON with <, > and & as \u escapes: still the same JSON, and no host value can open a tag. */
function safeJson(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A Markdown table whose raw text is aligned: every row has its pipes at the same offsets. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => `| ${widths.map((w, i) => pad(cells[i] ?? '', w)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Width in code points, the unit a reader's editor counts (the marks are single code points). */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(w - width(s));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Inline Markdown for a value that may come from a host: HTML specials as entities, Markdown
 * punctuation and table pipes backslash-escaped, line breaks as <br> so a table row stays one line.
 */
export function md(value: string): string {
  return html(String(value))
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Text content for inside an HTML tag (Markdown is not parsed there): entities only. Quotes
 * matter only in attributes, which this report never fills from a host, so they stay readable. */
function html(value: string): string {
  return value.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
}
