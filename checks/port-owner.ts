// port-owner: a swarm port held by something other than docker or the kernel's VXLAN socket is
// reported and left alone; the probe still runs, observed from behind the firewall.
import type { ListenItem } from '../src/agent/protocol.js';
import type { Finding } from '../src/model.js';
import { label } from './swarm-ports.js';

export const id = 'port-owner';
export const title = 'Swarm ports held by other processes';

const SWARM_OWNERS = new Set(['dockerd', 'kernel', 'docker-proxy']);

export function evaluatePortOwners(hostId: string, items: ListenItem[]): Finding[] {
  const findings: Finding[] = [];
  for (const item of items) {
    const owner = item.owner;
    if (!owner || SWARM_OWNERS.has(owner.comm)) continue;
    const who = owner.pid === null ? owner.comm : `${owner.comm} (pid ${owner.pid})`;
    findings.push({
      check: id,
      host: hostId,
      status: 'warn',
      summary: `${label(item.proto, item.port)} on ${hostId} is held by ${who}, not by docker`,
      remediation: `swarm needs ${label(item.proto, item.port)} for itself: stop or move ${owner.comm} before this host joins the swarm (see: ss -lntup | grep ${item.port})`,
      evidence: { protocol: item.proto, port: item.port, owner },
    });
  }
  return findings;
}
