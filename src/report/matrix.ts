// The matrix model shared by the renderers: hosts in inventory order, the probed ports, and for each
// ordered pair the probe of every port. Pure.
import type { ProbeResult, Protocol, RunResult, Status } from '../model.js';

export interface PortColumn { protocol: Protocol; port: number; key: string; label: string }

export interface Matrix {
  hosts: string[];
  ports: PortColumn[];
  cell(from: string, to: string): (ProbeResult | undefined)[];
}

export function portLabel(protocol: Protocol, port: number): string {
  return protocol === 'esp' ? 'esp' : `${port}/${protocol}`;
}

export function buildMatrix(result: RunResult): Matrix {
  const hosts = result.hosts.map((h) => h.id);
  const ports: PortColumn[] = [];
  const byKey = new Map<string, ProbeResult>();
  for (const probe of result.probes) {
    const key = `${probe.protocol}:${probe.port}`;
    if (!ports.some((p) => p.key === key)) ports.push({ protocol: probe.protocol, port: probe.port, key, label: portLabel(probe.protocol, probe.port) });
    byKey.set(`${probe.from}>${probe.to}>${key}`, probe);
  }
  return {
    hosts,
    ports,
    cell: (from, to) => ports.map((p) => byKey.get(`${from}>${to}>${p.key}`)),
  };
}

export const MARKS: Record<Status, string> = { pass: '✓', fail: '✗', error: '!', skip: '-', warn: '~' };

export function verdictLine(result: RunResult): string {
  const s = result.summary;
  const word = s.fail > 0 ? 'FAIL' : s.error > 0 ? 'INCOMPLETE' : 'PASS';
  const parts = [`${s.pass} pass`, `${s.fail} fail`, `${s.warn} warn`, `${s.error} error`, `${s.skip} skip`];
  const secs = (result.durationMs / 1000).toFixed(1);
  const extra = result.interrupted ? ' (interrupted)' : result.deadlinePassed ? ' (deadline passed)' : '';
  return `${word}: ${parts.join(', ')} · ${result.hosts.length} hosts · mode ${result.mode} · ${secs} s${extra}`;
}
