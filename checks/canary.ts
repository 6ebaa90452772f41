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
    } else if (!p.small) {
      // An echo needs both ways. The counters count requests from every source together, so they
      // only speak when they are zero: nothing got into that container at all.
      const way = p.targetEchoesIn === 0
        ? `no echo request reached ${p.to}'s container: traffic into ${p.to} is lost`
        : p.sourceEchoesIn === 0
          ? `no echo request from any node reached ${p.from}'s container either: traffic back into ${p.from} is lost`
          : 'the lost direction is unknown (the port matrix shows it)';
      findings.push({ ...base, status: 'fail', summary: `container on ${p.from} cannot ping the container on ${p.to} (${p.toIp}) over the overlay; ${way}`, remediation: `check the data-path port (VXLAN, udp) between ${p.from} and ${p.to} in the port matrix (it shows the direction), and 7946/tcp+udp for gossip; an overlay needs both` });
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
