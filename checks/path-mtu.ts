// path-mtu: can the underlay path between two hosts carry a full overlay frame with don't-fragment set?
// gather: src/run/pmtu-round.ts (sized datagrams confirmed by nonce); evaluate: below, pure.
import type { Finding } from '../src/model.js';
import type { PmtuEvidence } from '../src/run/pmtu-round.js';

export const id = 'path-mtu';
export const title = 'Path MTU for full overlay frames between every pair';

export function evaluatePathMtu(e: PmtuEvidence, dataPathPort: number): Finding {
  const evidence = { full: e.full, control: e.control, largestSeen: e.largestSeen ?? null, smallestLost: e.smallestLost ?? null, port: dataPathPort, tries: [...e.tries].sort((a, b) => a.size - b.size) };
  // A literal for each finding, not a spread of a shared base: there is one a pair (39,800 at 200
  // hosts), and V8 gave every spread copy a hidden class of its own (about 20 MB at 200 hosts).
  const finding = (status: Finding['status'], summary: string, remediation?: string): Finding => (remediation === undefined
    ? { check: id, from: e.from, to: e.to, status, summary, evidence }
    : { check: id, from: e.from, to: e.to, status, summary, remediation, evidence });
  if (e.portBlocked) {
    return finding('error', `path MTU ${e.from} -> ${e.to} not measurable: the probe of ${dataPathPort}/udp itself did not get through (see swarm-ports)`, `open ${dataPathPort}/udp from ${e.from} to ${e.to} first`);
  }
  const full = e.tries.find((t) => t.size === e.full);
  if (full?.seen) {
    return finding('pass', `${e.full}-byte don't-fragment frames reach ${e.to} from ${e.from}`);
  }
  // A lost full frame says nothing without the control beside it: the port may have closed meanwhile.
  const control = e.tries.find((t) => t.size === e.control);
  if (!control || !full) {
    return finding('error', `path MTU ${e.from} -> ${e.to} not measured: the probes were not sent`);
  }
  if (!control.seen) {
    return finding('error', `path MTU ${e.from} -> ${e.to} not measurable: even ${e.control}-byte datagrams to ${dataPathPort}/udp were lost (see swarm-ports)`, `open ${dataPathPort}/udp from ${e.from} to ${e.to} first`);
  }
  const local = e.tries.find((t) => t.error === 'EMSGSIZE');
  const largest = e.largestSeen ?? e.control;
  const why = local
    ? `${e.from}'s own interface cannot send ${local.size}-byte frames (EMSGSIZE): its MTU is below ${e.full}`
    : `${e.full}-byte don't-fragment frames from ${e.from} never reach ${e.to}; the largest that did is ${largest} bytes`;
  return finding('fail', `${why}. Overlay traffic between them black-holes large packets (small pings work, big transfers hang)`, `raise the MTU of the path between ${e.from} and ${e.to} to at least ${e.full} (a router, VPN or tunnel on the way that drops instead of sending "fragmentation needed"), or re-create the overlay networks with --opt com.docker.network.driver.mtu=${largest} so their frames fit (ingress: docker network rm ingress && docker network create --driver overlay --ingress --opt com.docker.network.driver.mtu=${largest} ingress)`);
}
