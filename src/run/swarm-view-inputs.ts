// Turns gathered facts into the swarm view the swarm checks read: the first reachable manager's node
// list, and each inventory host's own docker info, interface addresses and attached overlays. Pure.
import type { SwarmView, ViewHost } from '../../checks/swarm-view.js';
import { localDataPathAddress } from '../facts/overlays.js';
import type { HostSpec } from '../model.js';
import type { GatheredFacts } from './facts.js';
import type { NetFacts } from './net-facts.js';

export function swarmView(hosts: HostSpec[], facts: Map<string, GatheredFacts>, net: Map<string, NetFacts>,
  addresses: Map<string, string>, hostnames: Map<string, string | undefined>): SwarmView {
  const managerId = hosts.find((h) => facts.get(h.id)?.docker.isManager && facts.get(h.id)?.nodes)?.id;
  const managerFacts = managerId ? facts.get(managerId) : undefined;
  return {
    ...(managerId && managerFacts?.nodes ? {
      manager: { host: managerId, nodes: managerFacts.nodes, ...(managerFacts.docker.dataPathPort ? { dataPathPort: managerFacts.docker.dataPathPort } : {}) },
    } : {}),
    hosts: hosts.map((h) => viewHost(h, facts.get(h.id), net.get(h.id), addresses.get(h.id) ?? h.address, hostnames.get(h.id))),
  };
}

function viewHost(spec: HostSpec, f: GatheredFacts | undefined, n: NetFacts | undefined, probeAddress: string, hostname: string | undefined): ViewHost {
  const host: ViewHost = { id: spec.id, inventoryAddress: spec.address, reached: f !== undefined, probeAddress };
  if (hostname) host.hostname = hostname;
  if (f) {
    const d = f.docker;
    host.docker = {
      running: d.running,
      ...(d.swarmState ? { swarmState: d.swarmState } : {}),
      ...(d.nodeId ? { nodeId: d.nodeId } : {}),
      ...(d.nodeAddr ? { nodeAddr: d.nodeAddr } : {}),
      ...(d.isManager !== undefined ? { isManager: d.isManager } : {}),
    };
  }
  if (n && !n.unreadable) host.addresses = n.interfaces.flatMap((i) => i.addresses.map((a) => a.address));
  if (n?.localOverlays) {
    host.overlays = n.localOverlays.map((o) => {
      const dataPathAddr = localDataPathAddress(o);
      return {
        id: o.id, name: o.name, attached: o.containers > 0, peers: o.peers.map((p) => p.ip),
        ...(dataPathAddr ? { dataPathAddr } : {}), ...(o.vxlanPort ? { vxlanPort: o.vxlanPort } : {}),
      };
    });
  }
  return host;
}
