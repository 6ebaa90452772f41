// port-owner: a swarm port held by something other than docker or the kernel's VXLAN socket is
// reported and left alone; the probe still runs, observed from behind the firewall.
import type { ListenItem } from '../src/agent/protocol.js';
import type { Finding } from '../src/model.js';
import type { Check, CheckContext } from './context.js';
import { label } from './swarm-ports.js';

export const id = 'port-owner';
export const title = 'Swarm ports held by other processes';

const SWARM_OWNERS = new Set(['dockerd', 'kernel', 'docker-proxy']);

/** `ownAgents`: pids of this run's agents on the same machine (an entry listed twice): their listeners are ours. */
export function evaluatePortOwners(hostId: string, items: ListenItem[], ownAgents: ReadonlySet<number> = new Set()): Finding[] {
  const findings: Finding[] = [];
  for (const item of items) {
    const owner = item.owner;
    if (!owner || SWARM_OWNERS.has(owner.comm) || (owner.pid !== null && ownAgents.has(owner.pid))) continue;
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

/** The agent pids of the other entries that are the same machine as `hostId`. */
function twinAgents(ctx: CheckContext, hostId: string): Set<number> {
  const twins = ctx.sameMachine.flatMap(([a, b]) => (a === hostId ? [b] : b === hostId ? [a] : []));
  return new Set(ctx.hosts.filter((h) => twins.includes(h.id)).map((h) => h.files?.agentPid).filter((p): p is number => p !== undefined));
}

export const check: Check = {
  id, title, scope: 'host', needs: ['listening', 'files'],
  evaluate: (ctx) => ctx.hosts.flatMap((h) => evaluatePortOwners(h.id, h.listening, twinAgents(ctx, h.id))),
};
