// Fixed results for the renderer tests, built the way the runner builds them.
import type { ProbeResult, RunResult } from '../../src/model.js';

const PORTS: [ProbeResult['protocol'], number][] = [['tcp', 2377], ['tcp', 7946], ['udp', 7946], ['udp', 4789]];

export function makeResult(hostCount: number, status: (from: string, to: string, protocol: string, port: number) => ProbeResult['status'] = () => 'pass'): RunResult {
  const ids = Array.from({ length: hostCount }, (_, i) => `n${i + 1}`);
  const probes: ProbeResult[] = [];
  for (const from of ids) {
    for (const to of ids) {
      if (from === to) continue;
      for (const [protocol, port] of PORTS) {
        const s = port === 2377 && to !== 'n1' ? 'skip' : status(from, to, protocol, port);
        probes.push({ from, to, protocol, port, status: s, detail: s === 'fail' ? 'not received: sent 3 times within 1000 ms, never seen (dropped)' : s, ms: 1, ...(s === 'fail' ? { remediation: `on ${to}: iptables -I INPUT -p ${protocol} --dport ${port} -j ACCEPT` } : {}) });
      }
    }
  }
  const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const p of probes) summary[p.status] += 1;
  return {
    schemaVersion: 1,
    tool: { name: 'swarm-preflight', version: '0.1.0' },
    startedAt: '2026-11-26T00:00:00.000Z',
    durationMs: 1234,
    mode: 'pre',
    options: {},
    hosts: ids.map((id, i) => ({ id, address: `198.18.0.${11 + i}`, role: i === 0 ? 'manager' : 'worker', reachable: true, error: null })),
    probes,
    findings: [],
    summary,
  };
}
