// canary: containers on every pair of nodes ping each other over a temporary overlay, small and full
// size. gather: src/run/canary.ts; evaluate: below, pure.
import type { Finding } from '../src/model.js';
import type { CanaryEvidence } from '../src/run/canary.js';

export const id = 'canary';
export const title = 'Container to container over a temporary overlay';

export function evaluateCanary(e: CanaryEvidence): Finding[] {
  const findings: Finding[] = [];
  if (e.error) {
    findings.push({ check: id, status: 'error', summary: `canary not run: ${e.error}`, remediation: 'make sure a manager is reachable and the --canary-image is present on every node (docker load / docker pull)', evidence: { network: e.network } });
  }
  for (const c of e.containers) {
    if (c.error) {
      findings.push({ check: id, host: c.host, status: 'error', summary: `canary container on ${c.host} did not start: ${c.error}`, remediation: 'check that the --canary-image exists on that node (docker image ls) and that the node can attach to overlays', evidence: { ...c } });
    }
  }
  for (const p of e.pings) {
    const base = { check: id, from: p.from, to: p.to, evidence: { ...p, network: e.network, timings: e.timings } };
    if (p.small === null || p.full === null) {
      findings.push({ ...base, status: 'error', summary: `canary ${p.from} -> ${p.to}: the ping did not report (exec failed or timed out)` });
    } else if (!p.small && p.requestsIn !== null && p.requestsIn > 0) {
      // The echo needs both ways; the target's counter proves this way works. The way back fails,
      // and the reverse pair's cell says so.
      findings.push({ ...base, status: 'pass', summary: `echo requests from ${p.from}'s container reach ${p.to}'s (${p.requestsIn} counted there); only the replies back into ${p.from} are lost (see ${p.to} -> ${p.from})` });
    } else if (!p.small) {
      const way = p.requestsIn === 0
        ? `no echo request from ${p.from} reached ${p.to}'s container: traffic from ${p.from} into ${p.to} is lost`
        : 'the lost direction is unknown (the port matrix shows it)';
      findings.push({ ...base, status: 'fail', summary: `container on ${p.from} cannot ping the container on ${p.to} (${p.toIp}) over the overlay; ${way}`, remediation: `check the data-path port (VXLAN, udp) from ${p.from} to ${p.to} in the port matrix, and 7946/tcp+udp for gossip; an overlay needs both` });
    } else if (!p.full) {
      findings.push({ ...base, status: 'fail', summary: `small pings from ${p.from} reach ${p.to}, full-size ones (${p.size ?? '?'} bytes) do not: an MTU black hole on the path`, remediation: 'see path-mtu for the largest size that passes, then set com.docker.network.driver.mtu on the overlays to it' });
    } else {
      findings.push({ ...base, status: 'pass', summary: `container on ${p.from} pings the one on ${p.to} with small and full-size (${p.size ?? '?'} bytes) packets` });
    }
  }
  if (e.cleanup.failed.length) {
    findings.push({ check: id, status: 'warn', summary: `canary cleanup left: ${e.cleanup.failed.join(', ')}`, remediation: `remove them by hand: docker rm -f <container>; docker network rm ${e.network} (they carry the label swarm-preflight.canary)`, evidence: { ...e.cleanup } });
  }
  return findings;
}
