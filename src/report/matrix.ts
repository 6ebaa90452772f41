// The matrix model shared by the renderers: hosts in inventory order, the probed ports, and for each
// ordered pair the probe of every port. Pure.
import { groupCauses } from '../causes/group.js';
import { sortPorts } from '../causes/words.js';
import { entriesOf, unsentCounts, untestedView } from '../untested-hosts.js';
import { portLabel, type ProbeResult, type Protocol, type RunResult, type Status } from '../model.js';

export interface PortColumn { protocol: Protocol; port: number; key: string; label: string }

export interface Matrix {
  hosts: string[];
  ports: PortColumn[];
  cell(from: string, to: string): (ProbeResult | undefined)[];
}

export { portLabel };

export function buildMatrix(result: RunResult): Matrix {
  const hosts = result.hosts.map((h) => h.id);
  const ports: PortColumn[] = [];
  const byKey = new Map<string, ProbeResult>();
  for (const probe of result.probes) {
    const key = `${probe.protocol}:${probe.port}`;
    if (!ports.some((p) => p.key === key)) ports.push({ protocol: probe.protocol, port: probe.port, key, label: portLabel(probe.protocol, probe.port) });
    byKey.set(`${probe.from}>${probe.to}>${key}`, probe);
  }
  // A host out of the run lists no probes: its pairs' cells are made when asked for, one pair at a time.
  const unsent = untestedView(result);
  for (const { protocol, port } of unsent.size ? unsent.ports : []) {
    const key = `${protocol}:${port}`;
    if (!ports.some((p) => p.key === key)) ports.push({ protocol, port, key, label: portLabel(protocol, port) });
  }
  if (unsent.size) {
    const order = sortPorts(ports.map((p) => p.label));
    ports.sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
  }
  return {
    hosts,
    ports,
    cell: (from, to) => {
      const made = unsent.size ? unsent.pair(from, to) : [];
      return ports.map((p) => byKey.get(`${from}>${to}>${p.key}`) ?? made.find((m) => m.protocol === p.protocol && m.port === p.port));
    },
  };
}

export const MARKS: Record<Status, string> = { pass: '✓', fail: '✗', error: '!', skip: '-', warn: '~' };

/**
 * The one line every format leads with. It says what its numbers count: causes (what to fix),
 * probes (pass, fail, untested = could not be concluded, n/a = not applicable, such as 2377/tcp
 * towards a worker) and findings, which are a different thing from probes.
 */
export function verdictLine(result: RunResult): string {
  const s = result.summary;
  const word = s.fail > 0 ? 'FAIL' : s.error > 0 ? 'INCOMPLETE' : 'PASS';
  const probes = tally(result.probes);
  const unsent = unsentCounts(entriesOf(result));
  probes.error += unsent.error;
  probes.skip += unsent.skip;
  const findings = tally(result.findings);
  const parts: string[] = [];
  // A result saved before causes existed gets them grouped now, as the terminal and the other formats do.
  const causes = result.causes ?? groupCauses(result);
  if (causes.length > 0 || word !== 'PASS') {
    const warnOnly = causes.length > 0 && causes.every((c) => c.status === 'warn');
    parts.push(`${causes.length} ${warnOnly ? 'warning ' : ''}${causes.length === 1 ? 'cause' : 'causes'}`);
  }
  parts.push(`probes ${probes.pass} pass, ${probes.fail} fail, ${probes.error} untested, ${probes.skip} n/a`);
  parts.push(`findings ${[`${findings.fail} fail`, ...(findings.error ? [`${findings.error} untested`] : []), `${findings.warn} warn`].join(', ')}`);
  const secs = (result.durationMs / 1000).toFixed(1);
  const extra = result.interrupted ? ' (interrupted)' : result.deadlinePassed ? ' (deadline passed)' : '';
  parts.push(`${result.hosts.length} hosts`, `mode ${result.mode}`, `${secs} s${extra}`);
  return `${word}: ${parts.join(' · ')}`;
}

function tally(items: { status: Status }[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const item of items) if (item.status in counts) counts[item.status] += 1;
  return counts;
}
