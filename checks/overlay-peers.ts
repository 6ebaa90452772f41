// overlay-peers: on each overlay network, every node that has it attached must list every other such
// node among its gossip peers (docker network inspect: Peers). A node missing from another's list
// means the two do not gossip on that network: their containers cannot find each other. One finding
// per pair of nodes, naming the networks and which side lacks which. Pure.
import type { Finding } from '../src/model.js';
import { members, type SwarmView, type ViewHost } from './swarm-view.js';

export const id = 'overlay-peers';
export const title = 'Gossip peers on each overlay network';

interface Gap { network: string; host: string; lacks: string; address: string }

export function evaluateOverlayPeers(view: SwarmView): Finding[] {
  const hosts = members(view).filter((h) => h.overlays && h.docker?.nodeAddr);
  const rank = new Map(view.hosts.map((h, i) => [h.id, i]));
  const networks = new Map<string, { name: string; on: ViewHost[] }>();
  for (const h of hosts) {
    for (const o of h.overlays ?? []) {
      if (!o.attached) continue;
      const entry = networks.get(o.id) ?? { name: o.name, on: [] };
      entry.on.push(h);
      networks.set(o.id, entry);
    }
  }
  const gaps = new Map<string, Gap[]>();
  const findings: Finding[] = [];
  for (const [netId, { name, on }] of networks) {
    if (on.length < 2) continue;
    let complete = true;
    for (const x of on) {
      const peers = new Set(x.overlays?.find((o) => o.id === netId)?.peers ?? []);
      for (const y of on) {
        if (y === x || peers.has(y.docker?.nodeAddr as string)) continue;
        complete = false;
        const [a, b] = [x.id, y.id].sort((p, q) => (rank.get(p) ?? 0) - (rank.get(q) ?? 0));
        const key = `${a}\u0000${b}`;
        gaps.set(key, [...(gaps.get(key) ?? []), { network: name, host: x.id, lacks: y.id, address: y.docker?.nodeAddr as string }]);
      }
    }
    if (complete) {
      findings.push({ check: id, status: 'pass', summary: `every node with ${name} attached (${on.map((h) => h.id).join(', ')}) lists the others among its peers`, evidence: { network: name, nodes: on.map((h) => h.id) } });
    }
  }
  for (const [key, list] of gaps) {
    const [a, b] = key.split('\u0000');
    const nets = [...new Set(list.map((g) => g.network))];
    const sides = [a, b].map((h) => list.filter((g) => g.host === h)).filter((l) => l.length)
      .map((l) => `${l[0].host}'s peers lack ${l[0].lacks} (${l[0].address})`);
    findings.push({
      check: id, from: a, to: b, status: 'fail',
      summary: `gossip between ${a} and ${b} is broken on ${nets.join(', ')}: ${sides.join(', ')}`,
      remediation: `allow 7946/tcp and 7946/udp both ways between ${a} and ${b} at the addresses they advertise (see the probes); if the ports pass, check each node's advertise address (docker info: NodeAddr)`,
      evidence: { networks: nets, gaps: list },
    });
  }
  return findings;
}
