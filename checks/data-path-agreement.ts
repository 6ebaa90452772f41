// data-path-agreement: which UDP port carries the overlays' VXLAN traffic. Only managers see the cluster
// object that holds it; one host alone must not decide what is probed on all the others, so the
// port is taken only when every manager that reports one reports the same. Pure.
import type { Finding } from '../src/model.js';

export const id = 'data-path-agreement';
export const title = 'Data-path port the managers agree on';

export interface ManagerPort { host: string; port: number }

/** The agreed port (undefined: none reported, or a disagreement), and a finding when they disagree. */
export function agreedDataPathPort(reports: ManagerPort[], fallback: number): { port?: number; findings: Finding[] } {
  const ports = [...new Set(reports.map((r) => r.port))];
  if (ports.length <= 1) return { ...(ports.length ? { port: ports[0] } : {}), findings: [] };
  const said = ports.map((p) => `${reports.filter((r) => r.port === p).map((r) => r.host).join(', ')} ${reports.filter((r) => r.port === p).length > 1 ? 'say' : 'says'} ${p}`);
  return {
    findings: [{
      check: id,
      status: 'fail',
      summary: `the managers disagree on the data-path port: ${said.join('; ')}; ${fallback}/udp was probed`,
      remediation: 'the managers of one swarm all report its one data-path port (docker info: Swarm.Cluster.DataPathPort): check that the inventory holds a single swarm, then run again with --data-path-port set to its port',
      evidence: { ports: Object.fromEntries(reports.map((r) => [r.host, r.port])) },
    }],
  };
}
