// `check --fix-out`: from a result's causes, per host only what would open its failing cells: the
// receiver's input from the senders that failed (inbound, pair and mesh causes), the sender's output
// to the receivers it could not send to (outbound causes). Pure.
import type { RunResult } from '../model.js';
import { mergeOpenings, type HostNeeds, type Opening, plainIpv4 } from './needs.js';

const PORT_CAUSES = new Set(['inbound-blocked', 'pair-blocked', 'mesh-blocked', 'outbound-blocked']);

export interface FixNeeds {
  hosts: HostNeeds[];
  /** Hosts a fix belongs on that cannot get a file, with why. */
  skipped: { id: string; why: string }[];
}

export function fixNeeds(result: RunResult): FixNeeds {
  const byId = new Map(result.hosts.map((h) => [h.id, h]));
  const address = (id: string) => {
    const h = byId.get(id);
    const probe = h?.facts?.probeAddress;
    return plainIpv4(typeof probe === 'string' && probe ? probe : h?.address ?? '');
  };
  const openings = new Map<string, Opening[]>();
  const skipped = new Map<string, string>();
  for (const cause of result.causes ?? []) {
    if (!PORT_CAUSES.has(cause.kind)) continue;
    for (const i of cause.probes) {
      const p = result.probes[i];
      if (!p || p.status !== 'fail' || p.reason === 'wrong-peer') continue;
      const out = cause.kind === 'outbound-blocked' || p.reason === 'blocked-outbound';
      const [host, peer] = out ? [p.from, p.to] : [p.to, p.from];
      const peerAddress = address(peer);
      if (!peerAddress) {
        skipped.set(host, `${peer}'s address is not plain IPv4, so no rule can name it`);
        continue;
      }
      openings.set(host, [...(openings.get(host) ?? []), { direction: out ? 'out' : 'in', protocol: p.protocol, port: p.port, peer: peerAddress }]);
    }
  }
  const hosts: HostNeeds[] = [];
  for (const h of result.hosts) {
    const mine = openings.get(h.id);
    if (!mine) continue;
    const own = address(h.id);
    if (!own) {
      skipped.set(h.id, 'its address is not plain IPv4');
      continue;
    }
    hosts.push({ id: h.id, address: own, role: h.role, allows: mergeOpenings(mine) });
  }
  return { hosts, skipped: [...skipped].map(([id, why]) => ({ id, why })) };
}
