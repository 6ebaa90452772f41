// Network facts of one host for the overlay checks: interfaces and MTUs, routes, nameservers, the
// interface towards each peer, and (docker hosts) the overlays it has attached with their vxlan MTU.
import type { NetInfoEvent, RemoteAgent } from '../agent/remote-agent.js';
import { type Interface, interfacesFrom, type Link, parseLinks, parseResolvConf, type Route, routesFrom } from '../facts/ip.js';
import type { OverlayNetwork } from '../facts/overlays.js';
import { isInvalidData } from '../agent/invalid-data.js';
import { refusing } from './facts.js';

export interface NetFacts {
  interfaces: Interface[];
  routes: Route[];
  nameservers: string[];
  /** Peer address -> the interface and source address the host uses to reach it. */
  towards: Map<string, { dev: string; src: string; mtu?: number }>;
  /** Overlays attached on this host (docker hosts), with the vxlan device's MTU and UDP port read in their sandbox. */
  localOverlays?: (OverlayNetwork & { deviceMtu?: number; vxlanPort?: number })[];
  errors: string[];
  /** Why the interfaces and routes could not be read at all; the overlay checks then say so. */
  unreadable?: string;
}

/** The facts of a host whose network could not be read, with the reason. */
export function unreadableNet(reason: string): NetFacts {
  return { interfaces: [], routes: [], nameservers: [], towards: new Map(), errors: [reason], unreadable: reason };
}

/**
 * `overlays` lists the overlays this host sees (a manager's list is already at hand); none without
 * docker. `netInfo` is the interfaces-and-routes answer when it was asked for earlier.
 */
export function gatherNetFacts(agent: RemoteAgent, peers: string[], overlays: (() => Promise<OverlayNetwork[]>) | undefined, timeoutMs: number,
  netInfo?: Promise<NetInfoEvent>): Promise<NetFacts> {
  return refusing(agent, () => readNetFacts(agent, peers, overlays, timeoutMs, netInfo));
}

async function readNetFacts(agent: RemoteAgent, peers: string[], overlays: (() => Promise<OverlayNetwork[]>) | undefined, timeoutMs: number,
  netInfo?: Promise<NetInfoEvent>): Promise<NetFacts> {
  const errors: string[] = [];
  const [info, toward] = await Promise.all([netInfo ?? agent.netInfo(timeoutMs), agent.routes(peers, timeoutMs)]);
  if (info.error) errors.push(info.error);
  const interfaces = interfacesFrom(info.links ?? []);
  const routes = routesFrom(info.routes ?? []);
  const nameservers = info.resolv === null ? [] : parseResolvConf(info.resolv);
  const bySrc = new Map(interfaces.flatMap((i) => i.addresses.map((a) => [a.address, i] as const)));
  const towards = new Map<string, { dev: string; src: string; mtu?: number }>();
  for (const r of toward) {
    const iface = r.src ? bySrc.get(r.src) : undefined;
    if (r.src && iface) towards.set(r.peer, { dev: iface.name, src: r.src, ...(iface.mtu ? { mtu: iface.mtu } : {}) });
    else if (r.error) errors.push(`no route to ${r.peer}: ${r.error}`);
  }
  const facts: NetFacts = { interfaces, routes, nameservers, towards, errors };
  if (info.error && interfaces.length === 0) facts.unreadable = info.error;
  if (overlays) facts.localOverlays = await withVxlanMtu(agent, overlays, timeoutMs, errors);
  return facts;
}

async function withVxlanMtu(agent: RemoteAgent, overlays: () => Promise<OverlayNetwork[]>, timeoutMs: number, errors: string[]): Promise<(OverlayNetwork & { deviceMtu?: number; vxlanPort?: number })[]> {
  let nets: OverlayNetwork[];
  try {
    nets = await overlays();
  } catch (error) {
    if (isInvalidData(error)) throw error;
    errors.push((error as Error).message);
    return [];
  }
  return Promise.all(nets.map(async (n) => ({ ...n, ...(await vxlanMtu(agent, n.id, timeoutMs)) })));
}

/** The vxlan device inside the overlay's sandbox namespace (`/run/docker/netns/1-<id>`); root only. */
async function vxlanMtu(agent: RemoteAgent, networkId: string, timeoutMs: number): Promise<{ deviceMtu?: number; vxlanPort?: number }> {
  if (!/^[0-9a-z]{10,64}$/.test(networkId)) return {};
  const out = await agent.exec(['nsenter', `--net=/run/docker/netns/1-${networkId.slice(0, 10)}`, 'ip', '-j', '-d', 'link'], timeoutMs);
  if (out.code !== 0) return {};
  let links: Link[];
  try {
    links = parseLinks(out.stdout);
  } catch (error) {
    if (isInvalidData(error)) throw error;
    return {};
  }
  const vxlan = links.find((l) => l.kind === 'vxlan');
  const port = vxlan?.vxlan?.port;
  const validPort = port !== undefined && Number.isInteger(port) && port > 0 && port < 65536;
  return { ...(vxlan?.mtu ? { deviceMtu: vxlan.mtu } : {}), ...(validPort ? { vxlanPort: port } : {}) };
}
