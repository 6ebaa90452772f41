// sysctl: forwarding settings docker relies on. dockerd sets net.ipv4.ip_forward=1 and
// net.bridge.bridge-nf-call-iptables=1 when it starts, so on a host without a running engine a 0 is
// expected and says nothing; with docker running, a 0 means something reset it (a sysctl reload, a
// network manager) or dockerd runs with --ip-forward=false, and containers' traffic stops.
import type { Finding } from '../src/model.js';
import type { Check, HostContext } from './context.js';

export const id = 'sysctl';
export const title = 'Forwarding sysctls docker needs';

export interface SysctlEvidence { name: string; value: number; dockerRunning: boolean }

function evaluateHost(h: HostContext): Finding[] {
  const files = h.files;
  if (!files || !h.docker?.running) return [];
  const findings: Finding[] = [];
  if (files.ipForward === 0) {
    findings.push({
      check: id, host: h.id, status: 'fail',
      summary: `net.ipv4.ip_forward is 0 on ${h.id} while docker runs: the host does not forward its containers' traffic (overlays, published ports)`,
      remediation: `on ${h.id}: sysctl -w net.ipv4.ip_forward=1, and persist it (echo net.ipv4.ip_forward=1 > /etc/sysctl.d/99-docker.conf); find what reset it (a sysctl.d file setting 0, a network manager) or drop --ip-forward=false from dockerd`,
      evidence: { name: 'net.ipv4.ip_forward', value: 0, dockerRunning: true } satisfies SysctlEvidence,
    });
  }
  if (files.bridgeNfCallIptables === 0) {
    findings.push({
      check: id, host: h.id, status: 'warn',
      summary: `net.bridge.bridge-nf-call-iptables is 0 on ${h.id}: docker's iptables rules do not see traffic between containers on one bridge`,
      remediation: `on ${h.id}: sysctl -w net.bridge.bridge-nf-call-iptables=1, and persist it in /etc/sysctl.d/`,
      evidence: { name: 'net.bridge.bridge-nf-call-iptables', value: 0, dockerRunning: true } satisfies SysctlEvidence,
    });
  }
  return findings;
}

export const check: Check = {
  id, title, scope: 'host', needs: ['files', 'docker'],
  evaluate: (ctx) => ctx.hosts.flatMap(evaluateHost),
};
