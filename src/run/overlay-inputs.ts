// Turns gathered facts into the inputs of the overlay checks. Pure: facts in, check inputs out.
import type { OverlayMtuInput } from '../../checks/overlay-mtu.js';
import type { OverlaySubnetInput, SubnetNetwork } from '../../checks/overlay-subnet.js';
import type { OverlayNetwork } from '../facts/overlays.js';
import type { NetFacts } from './net-facts.js';

const MTU_OPTION = 'com.docker.network.driver.mtu';
/** Docker's default address pool, assumed before a swarm exists (what `swarm init` would use). */
export const DOCKER_DEFAULT_POOL = ['10.0.0.0/8'];

export interface HostNet { id: string; address: string; net?: NetFacts }

/** Overlays as a manager lists them; before deployment, the default overlay every swarm gets. */
export function clusterOverlays(fromManager: OverlayNetwork[] | undefined): OverlayMtuInput['overlays'] {
  if (!fromManager) return [{ name: 'default overlay (none created yet)', ingress: false, encrypted: false }];
  return fromManager.map((n) => {
    const option = Number(n.options[MTU_OPTION]);
    return { name: n.name, ingress: n.ingress, encrypted: n.encrypted, ...(option > 0 ? { mtuOption: option } : {}) };
  });
}

export function mtuInput(host: HostNet, peers: HostNet[], overlays: OverlayMtuInput['overlays']): OverlayMtuInput {
  const underlay: OverlayMtuInput['underlay'] = [];
  for (const peer of peers) {
    if (peer.id === host.id) continue;
    const way = host.net?.towards.get(peer.address);
    if (way?.mtu) underlay.push({ peer: peer.id, dev: way.dev, mtu: way.mtu });
  }
  // The vxlan device MTU seen in this host's sandbox beats what the option implies.
  const local = new Map((host.net?.localOverlays ?? []).map((n) => [n.name, n.deviceMtu]));
  return {
    host: host.id,
    underlay,
    ...(host.net?.unreadable ? { unreadable: host.net.unreadable } : {}),
    overlays: overlays.map((o) => {
      const deviceMtu = local.get(o.name);
      return deviceMtu === undefined ? o : { ...o, deviceMtu };
    }),
  };
}

export function subnetInput(hosts: HostNet[], fromManager: OverlayNetwork[] | undefined, pool: string[] | undefined, subnetSize: number | undefined, reserved: string[], vips: Map<string, number> = new Map()): OverlaySubnetInput {
  const networks: SubnetNetwork[] = (fromManager ?? []).map((n) => {
    const seenOn: SubnetNetwork['seenOn'] = [];
    let endpoints = 0;
    for (const h of hosts) {
      const local = h.net?.localOverlays?.find((l) => l.id === n.id || l.name === n.name);
      if (!local) continue;
      seenOn.push({ host: h.id, subnets: local.subnets.map((s) => s.subnet) });
      endpoints += local.containers;
    }
    // Each attached node lists its own load-balancer endpoint among the containers; counted apart.
    const nodesAttached = seenOn.length;
    return { name: n.name, ingress: n.ingress, subnets: n.subnets, seenOn, containers: Math.max(0, endpoints - nodesAttached), vips: vips.get(n.id) ?? 0, nodesAttached };
  });
  return {
    networks,
    defaultAddrPool: pool ?? DOCKER_DEFAULT_POOL,
    ...(subnetSize ? { subnetSize } : {}),
    // A host whose network could not be read has nothing to compare; its overlay-mtu finding says why.
    hosts: hosts.filter((h) => h.net && !h.net.unreadable).map((h) => ({
      id: h.id,
      inventoryAddress: h.address,
      addresses: (h.net as NetFacts).interfaces.flatMap((i) => i.addresses.filter((a) => a.family === 'inet' && a.scope !== 'host').map((a) => ({ cidr: a.cidr, dev: i.name }))),
      routes: (h.net as NetFacts).routes.filter((r) => r.dst !== 'default' && (r.type ?? 'unicast') === 'unicast').map((r) => r.dst),
      // IPv4 only: the overlap checks compare IPv4 ranges (overlay subnets are IPv4).
      nameservers: (h.net as NetFacts).nameservers.filter((n) => !n.includes(':')),
    })),
    reserved,
  };
}
