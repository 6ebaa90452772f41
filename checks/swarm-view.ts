// The swarm's view of itself, as evidence for the swarm-members, swarm-address, overlay-peers and
// data-path-port checks: one manager's list of the nodes, and each inventory host's own view (its
// docker info, its interface addresses, the overlays it has attached with their gossip peers).
// Every value here was validated where it entered (ids, names, plain IPs).
import type { SwarmNode } from '../src/facts/swarm-nodes.js';

export type { SwarmNode } from '../src/facts/swarm-nodes.js';

export interface HostOverlay {
  id: string;
  name: string;
  /** Attached on this host: a container, a task or the load-balancer endpoint uses it here. */
  attached: boolean;
  /** The IPs this host gossips with on the network (docker network inspect: Peers). */
  peers: string[];
  /** The data-path address this host announced for its own tasks ("Host IP"). */
  dataPathAddr?: string;
  /** The UDP port of the network's vxlan device in this host's sandbox (needs root to read). */
  vxlanPort?: number;
}

export interface ViewHost {
  /** Inventory id. */
  id: string;
  inventoryAddress: string;
  /** Its facts were read (connected, agent ran). */
  reached: boolean;
  hostname?: string;
  docker?: { running: boolean; swarmState?: string; nodeId?: string; nodeAddr?: string; isManager?: boolean };
  /** The host's own interface addresses; absent when they could not be read. */
  addresses?: string[];
  /** The address its peers probed it at. */
  probeAddress: string;
  /** Overlays as this host's docker lists them; absent when not read. */
  overlays?: HostOverlay[];
}

export interface SwarmView {
  /** One manager's list of the nodes; absent when no manager was reached (no swarm, or before one exists). */
  manager?: { host: string; nodes: SwarmNode[]; dataPathPort?: number };
  hosts: ViewHost[];
}

/**
 * Which node each inventory host is: by the node id its own docker reports; for a host that could not
 * be read, by the address the managers see the node at or its host name.
 */
export function matchNodes(view: SwarmView): { byHost: Map<string, SwarmNode>; unmatched: SwarmNode[] } {
  const nodes = view.manager?.nodes ?? [];
  const byHost = new Map<string, SwarmNode>();
  const used = new Set<string>();
  for (const h of view.hosts) {
    const node = nodes.find((n) => n.id === h.docker?.nodeId);
    if (node) {
      byHost.set(h.id, node);
      used.add(node.id);
    }
  }
  for (const h of view.hosts) {
    if (byHost.has(h.id) || h.docker?.nodeId) continue;
    const node = nodes.find((n) => !used.has(n.id) && (n.addr === h.inventoryAddress || n.hostname === h.hostname || n.hostname === h.id));
    if (node) {
      byHost.set(h.id, node);
      used.add(node.id);
    }
  }
  return { byHost, unmatched: nodes.filter((n) => !used.has(n.id)) };
}

/** Hosts whose own docker says they are in the swarm, with their facts read. */
export function members(view: SwarmView): ViewHost[] {
  return view.hosts.filter((h) => h.reached && h.docker?.running && h.docker.swarmState === 'active');
}
