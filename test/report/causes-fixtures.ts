// Hand-made causes for the small fixtures of results.ts, worded as a grouper would word them, so the
// renderer tests can check where each cause and its evidence appear.
import type { Cause, RunResult } from '../../src/model.js';

function indexes<T>(items: T[], keep: (item: T) => boolean): number[] {
  return items.flatMap((item, i) => (keep(item) ? [i] : []));
}

/** The causes of mixedResult(): n3 drops 4789/udp, n1's swarm role, one untested pair, a warning. */
export function mixedCauses(result: RunResult): RunResult {
  const causes: Cause[] = [
    { id: 'inbound-blocked:n3:4789/udp', kind: 'inbound-blocked', status: 'fail', summary: 'n3 drops 4789/udp from all its peers', remediation: 'on n3: iptables -I INPUT -p udp --dport 4789 -j ACCEPT', hosts: ['n3'], ports: ['4789/udp'], probes: indexes(result.probes, (p) => p.status === 'fail'), findings: [] },
    { id: 'finding:swarm-role:n1', kind: 'finding', status: 'fail', summary: 'swarm state on n1 is error: rpc error', remediation: 'read the docker log on n1, then docker swarm leave && docker swarm join', hosts: ['n1'], ports: [], probes: [], findings: indexes(result.findings, (f) => f.check === 'swarm-role') },
    { id: 'untested:n4>n2:send-failed', kind: 'untested', status: 'error', summary: 'n4 could not send 7946/tcp to n2', remediation: 'check the route from n4 to n2 (EHOSTUNREACH), then run again', hosts: ['n4', 'n2'], ports: ['7946/tcp'], probes: indexes(result.probes, (p) => p.status === 'error'), findings: [] },
    { id: 'finding:port-owner:n2', kind: 'finding', status: 'warn', summary: '7946/tcp on n2 is held by consul (pid 812), not by docker', remediation: 'stop or move consul before this host joins the swarm', hosts: ['n2'], ports: ['7946/tcp'], probes: [], findings: indexes(result.findings, (f) => f.check === 'port-owner') },
  ];
  return { ...result, causes };
}

/** The one cause of unreachableResult(n): its last host could not be reached. */
export function unreachableCauses(result: RunResult): RunResult {
  const down = result.hosts.find((h) => !h.reachable) ?? result.hosts[result.hosts.length - 1];
  const probes = indexes(result.probes, (p) => p.status === 'error');
  const ports = [...new Set(probes.map((i) => `${result.probes[i].port}/${result.probes[i].protocol}`))];
  const cause: Cause = { id: `host-untested:${down.id}`, kind: 'host-untested', status: 'error', summary: `${down.id} could not be reached: ${down.error ?? 'unreachable'}`, remediation: 'check the address and any firewall between here and its sshd, then run again', hosts: [down.id], ports, probes, findings: indexes(result.findings, (f) => f.host === down.id) };
  return { ...result, causes: [cause] };
}
