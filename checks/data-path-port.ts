// data-path-port: the UDP port of the vxlan devices in each node's overlay sandboxes against the
// swarm's data-path port (a manager's docker info). A node whose VXLAN uses another port (a daemon
// that kept an old swarm's port) sends and expects overlay traffic where no peer does. Pure.
import type { Finding } from '../src/model.js';
import { members, type SwarmView } from './swarm-view.js';

export const id = 'data-path-port';
export const title = 'The same data-path port on every node';

/** Docker's data-path port when the swarm was created without --data-path-port. */
const DEFAULT_PORT = 4789;

export function evaluateDataPathPort(view: SwarmView): Finding[] {
  if (!view.manager) return [];
  const swarmPort = view.manager.dataPathPort ?? DEFAULT_PORT;
  const seen = members(view).map((h) => ({ host: h.id, ports: [...new Set((h.overlays ?? []).map((o) => o.vxlanPort).filter((p): p is number => p !== undefined))] }))
    .filter((s) => s.ports.length > 0);
  if (!seen.length) return [];
  const findings: Finding[] = [];
  for (const s of seen) {
    const other = s.ports.filter((p) => p !== swarmPort);
    if (!other.length) continue;
    findings.push({
      check: id, host: s.host, status: 'fail',
      summary: `${s.host}'s overlay VXLAN devices use ${other.map((p) => `${p}/udp`).join(', ')}, the swarm's data-path port is ${swarmPort}/udp: its overlay traffic goes where no peer listens`,
      remediation: `on ${s.host}: docker swarm leave, restart docker, then join again (the data-path port is set by the swarm at docker swarm init --data-path-port)`,
      evidence: { swarmPort, vxlanPorts: s.ports },
    });
  }
  if (!findings.length) {
    findings.push({ check: id, status: 'pass', summary: `every node read (${seen.map((s) => s.host).join(', ')}) uses the swarm's data-path port ${swarmPort}/udp`, evidence: { swarmPort, nodes: seen.map((s) => s.host) } });
  }
  return findings;
}
