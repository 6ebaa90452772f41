// overlay-subnet: an overlay's subnet must not hide anything containers need to reach (a host's address,
// route or nameserver, the inventory address, a --reserved range), must not overlap another overlay,
// must be the same on every node, and must have addresses left for new tasks.
// evaluate: `evaluateOverlaySubnets` (ranges and counts in, verdicts out). Pure. IPv4 only: IPv6
// subnets are left out of the overlap and capacity arithmetic (see src/facts/cidr.ts).
import type { Finding } from '../src/model.js';
import { firstFree, isIpv6, networkOf, overlaps, parseCidr, size, type Ipv4Cidr } from '../src/facts/cidr.js';

export const id = 'overlay-subnet';
export const title = 'Overlay subnets clash with nothing and have room';
export const scope = ['cluster', 'host'] as const;

/** Share of a subnet's usable addresses in use from which a warning is given. */
export const CAPACITY_WARN_RATIO = 0.8;
/** Where a free range is looked for when the swarm's default address pool is unknown. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

export interface SubnetNetwork {
  name: string;
  ingress: boolean;
  subnets: { subnet: string; gateway?: string }[];
  /** The subnets each node reports for this network. */
  seenOn: { host: string; subnets: string[] }[];
  /** Task and container endpoints summed over nodes, NOT counting the per-node load-balancer
   *  endpoints (`lb-<network>`, `ingress-sbox`): `nodesAttached` counts those. */
  containers: number;
  /** Service virtual IPs on this network. */
  vips: number;
  /** Nodes the network is attached to; each takes one address for its load-balancer endpoint. */
  nodesAttached: number;
}

export interface SubnetHost {
  id: string;
  /** The address the inventory gives (IP or DNS name; names are not compared). */
  inventoryAddress: string;
  /** The host's addresses in CIDR form (`ip addr`), optionally with the device that holds them. */
  addresses: (string | { cidr: string; dev?: string })[];
  /** Route destinations in CIDR form, `default` excluded (it is skipped if present). */
  routes: string[];
  nameservers: string[];
}

export interface OverlaySubnetInput {
  networks: SubnetNetwork[];
  /** The swarm's `--default-addr-pool` (docker info: Swarm.Cluster.DefaultAddrPool). */
  defaultAddrPool?: string[];
  /** The size new overlays get from the pool (Swarm.Cluster.SubnetSize). */
  subnetSize?: number;
  hosts: SubnetHost[];
  /** Ranges the user must keep reachable (--reserved). */
  reserved: string[];
  /** Routes docker itself created (docker0, docker_gwbridge, bridge networks): not counted as clashes. */
  dockerOwnedRoutes?: string[];
}

interface HostRange { kind: 'address' | 'route' | 'nameserver' | 'inventory address'; text: string; dev?: string; range: Ipv4Cidr }
interface NetSubnet { text: string; range: Ipv4Cidr }

function describe(host: string, r: HostRange): string {
  return `${host}'s ${r.kind} ${r.text}${r.dev ? ` (${r.dev})` : ''}`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function evaluateOverlaySubnets(input: OverlaySubnetInput): Finding[] {
  const findings: Finding[] = [];
  const troubled = new Set<string>();
  const check = id;

  // Values that cannot be read become one error finding each; IPv6 values are skipped, not errors.
  const readErrors: Finding[] = [];
  const read = (value: string, what: string, host?: string): Ipv4Cidr | undefined => {
    if (isIpv6(value)) return undefined;
    try {
      return parseCidr(value);
    } catch (err) {
      readErrors.push({ check, status: 'error', ...(host ? { host } : {}), summary: `could not read ${what} ${JSON.stringify(value)}: ${(err as Error).message}`, evidence: { value, what } });
      return undefined;
    }
  };

  const nets = input.networks.map((net) => {
    const subnets: NetSubnet[] = [];
    for (const s of net.subnets) {
      const range = read(s.subnet, `the subnet of overlay ${net.name}`);
      if (range) subnets.push({ text: s.subnet, range });
      else if (!isIpv6(s.subnet)) troubled.add(net.name);
    }
    return { net, subnets };
  });
  const overlayNetworks = new Set(nets.flatMap((n) => n.subnets.map((s) => networkOf(s.range))));
  const dockerOwned = new Set<string>();
  for (const r of input.dockerOwnedRoutes ?? []) {
    const range = read(r, 'the docker-owned route');
    if (range) dockerOwned.add(networkOf(range));
  }
  const reserved = input.reserved.flatMap((r) => {
    const range = read(r, 'the reserved range');
    return range ? [{ text: r, range }] : [];
  });
  const pools = (input.defaultAddrPool ?? []).flatMap((p) => {
    const range = read(p, 'the default address pool');
    return range ? [{ text: p, range }] : [];
  });

  // What each host needs to keep reaching. A route that is the connected network of one of the host's
  // own addresses is covered by the address; routes docker made (or that are an overlay) are skipped.
  const hostRanges = new Map<string, HostRange[]>();
  const everything: Ipv4Cidr[] = [...reserved.map((r) => r.range)];
  for (const host of input.hosts) {
    const ranges: HostRange[] = [];
    const connected = new Set<string>();
    const ownIps = new Set<string>();
    for (const a of host.addresses) {
      const text = typeof a === 'string' ? a : a.cidr;
      const range = read(text, `an address of ${host.id}`, host.id);
      if (!range) continue;
      connected.add(networkOf(range));
      ownIps.add(text.split('/')[0]);
      ranges.push({ kind: 'address', text, ...(typeof a !== 'string' && a.dev ? { dev: a.dev } : {}), range });
    }
    for (const r of host.routes) {
      if (r === 'default') continue;
      const range = read(r, `a route of ${host.id}`, host.id);
      if (!range) continue;
      everything.push(range);
      const net = networkOf(range);
      if (range.prefix === 0 || connected.has(net) || dockerOwned.has(net) || overlayNetworks.has(net)) continue;
      ranges.push({ kind: 'route', text: r, range });
    }
    for (const ns of host.nameservers) {
      const range = read(ns, `a nameserver of ${host.id}`, host.id);
      if (range) ranges.push({ kind: 'nameserver', text: ns, range });
    }
    const inv = host.inventoryAddress.trim();
    if (/^\d+\.\d+\.\d+\.\d+$/.test(inv) && !ownIps.has(inv)) {
      const range = read(inv, `the inventory address of ${host.id}`, host.id);
      if (range) ranges.push({ kind: 'inventory address', text: inv, range });
    }
    hostRanges.set(host.id, ranges);
    everything.push(...ranges.map((r) => r.range));
  }

  const poolNote = `to keep new overlays clear, choose the pool when the swarm is created: ` +
    `\`docker swarm init --default-addr-pool <range> --default-addr-pool-mask-length ${input.subnetSize ?? 24}\``;
  const searchPools = pools.length ? pools.map((p) => p.range) : PRIVATE_RANGES;
  const freeRanges = new Map<string, string>();
  const freeRange = (prefix: number, except: string): string => {
    const memo = `${prefix} ${except}`;
    let found = freeRanges.get(memo);
    if (found === undefined) {
      const taken = [...everything, ...nets.filter((n) => n.net.name !== except).flatMap((n) => n.subnets.map((s) => s.range))];
      found = firstFree(searchPools, prefix, taken) ?? `<a free /${prefix}>`;
      freeRanges.set(memo, found);
    }
    return found;
  };
  const recreate = (net: SubnetNetwork, subnet: string): string => net.ingress
    ? `\`docker network rm ingress\`, then \`docker network create --driver overlay --ingress --subnet ${subnet} ingress\` (published ports stop working until it is back)`
    : `detach its services, \`docker network rm ${net.name}\`, then \`docker network create --driver overlay --subnet ${subnet} ${net.name}\` (keep its other flags)`;
  const moveFix = (net: SubnetNetwork, prefix: number): string =>
    `give ${net.name} a range nothing else uses: ${recreate(net, freeRange(prefix, net.name))}; ${poolNote}`;

  // 1. Overlay subnet against what each host must reach, and against the reserved ranges.
  for (const { net, subnets } of nets) {
    for (const s of subnets) {
      for (const host of input.hosts) {
        for (const r of hostRanges.get(host.id) ?? []) {
          if (!overlaps(s.range, r.range)) continue;
          troubled.add(net.name);
          findings.push({
            check, status: 'fail', host: host.id,
            summary: `overlay ${net.name} ${s.text} overlaps ${describe(host.id, r)}: containers on the overlay cannot reach that range`,
            remediation: moveFix(net, s.range.prefix),
            evidence: { network: net.name, ingress: net.ingress, subnet: s.text, kind: r.kind, range: r.text, ...(r.dev ? { dev: r.dev } : {}) },
          });
        }
      }
      for (const r of reserved) {
        if (!overlaps(s.range, r.range)) continue;
        troubled.add(net.name);
        findings.push({
          check, status: 'fail',
          summary: `overlay ${net.name} ${s.text} overlaps the reserved range ${r.text} (--reserved): containers on the overlay cannot reach it`,
          remediation: moveFix(net, s.range.prefix),
          evidence: { network: net.name, ingress: net.ingress, subnet: s.text, kind: 'reserved', range: r.text },
        });
      }
    }
  }

  // 2. Overlays against each other.
  for (let i = 0; i < nets.length; i++) {
    for (let j = i + 1; j < nets.length; j++) {
      const [a, b] = [nets[i], nets[j]];
      for (const sa of a.subnets) {
        for (const sb of b.subnets) {
          if (!overlaps(sa.range, sb.range)) continue;
          troubled.add(a.net.name).add(b.net.name);
          // Move the user network rather than ingress when one of them is ingress.
          const move = a.net.ingress ? b : a;
          findings.push({
            check, status: 'fail',
            summary: `overlays ${a.net.name} ${sa.text} and ${b.net.name} ${sb.text} overlap: addresses in the shared range are ambiguous`,
            remediation: moveFix(move.net, (move === a ? sa : sb).range.prefix),
            evidence: { networks: [a.net.name, b.net.name], subnets: [sa.text, sb.text] },
          });
        }
      }
    }
  }

  // 3. The same network with different subnets on different nodes.
  const norm = (s: string): string => {
    try {
      return isIpv6(s) ? s.toLowerCase() : networkOf(s);
    } catch {
      return s;
    }
  };
  const key = (list: string[]): string => [...new Set(list.map(norm))].sort().join(', ');
  for (const { net } of nets) {
    const views = net.seenOn.filter((v) => v.subnets.length > 0);
    const reference = net.subnets.length ? key(net.subnets.map((s) => s.subnet)) : views[0] ? key(views[0].subnets) : '';
    const differing = views.filter((v) => key(v.subnets) !== reference);
    if (!differing.length) continue;
    troubled.add(net.name);
    const byHost = Object.fromEntries(views.map((v) => [v.host, key(v.subnets)]));
    findings.push({
      check, status: 'fail',
      summary: `overlay ${net.name} has different subnets on different nodes: ${views.map((v) => `${v.host} ${key(v.subnets)}`).join('; ')}${net.subnets.length ? ` (the swarm says ${reference})` : ''}`,
      remediation: `the nodes disagree about ${net.name}: remove its services, \`docker network rm ${net.name}\`, make sure \`docker network inspect ${net.name}\` fails on every node (restart docker where it lingers), then create it again with an explicit --subnet`,
      evidence: { network: net.name, subnets: net.subnets.map((s) => s.subnet), seenOn: byHost, differing: differing.map((v) => v.host) },
    });
  }

  // 4. Room for new tasks: each task, VIP and node load-balancer endpoint takes an address, plus the gateway.
  const usage = new Map<string, string>();
  for (const { net, subnets } of nets) {
    if (!subnets.length) continue;
    const capacity = subnets.reduce((n, s) => n + size(s.range), 0);
    const gateways = subnets.length;
    const used = net.containers + net.vips + net.nodesAttached + gateways;
    const free = capacity - used;
    const percent = Math.round((used / capacity) * 100);
    const ranges = subnets.map((s) => s.text).join(', ');
    const counts = `${net.containers} endpoints + ${plural(net.vips, 'VIP')} + ${plural(net.nodesAttached, 'node load-balancer address', 'node load-balancer addresses')} + ${plural(gateways, 'gateway')}`;
    const evidence = {
      network: net.name, subnets: subnets.map((s) => s.text), capacity, used, free, percent,
      containers: net.containers, vips: net.vips, nodesAttached: net.nodesAttached, gateways,
      networkAndBroadcast: 2 * subnets.length, warnAt: CAPACITY_WARN_RATIO,
    };
    usage.set(net.name, `${used} of ${capacity} addresses in use (${percent}%)`);
    if (used < capacity && used / capacity < CAPACITY_WARN_RATIO) continue;
    troubled.add(net.name);
    const prefix = Math.max(8, Math.min(...subnets.map((s) => s.range.prefix)) - 2);
    const bigger = freeRange(prefix, net.name);
    findings.push({
      check,
      status: used >= capacity ? 'fail' : 'warn',
      summary: used >= capacity
        ? `overlay ${net.name} ${ranges} is full: ${used} of ${capacity} usable addresses taken (${counts}); new tasks stay pending without an address`
        : `overlay ${net.name} ${ranges} is ${percent}% full: ${used} of ${capacity} usable addresses taken (${counts}), ${free} left`,
      remediation: `re-create it with a bigger subnet (a /${prefix} holds ${size(`0.0.0.0/${prefix}`)}): ${recreate(net, bigger)}; ` +
        `or spread the services over several overlay networks, or use \`--endpoint-mode dnsrr\` for services that need no virtual IP; ` +
        `new overlays get a /${input.subnetSize ?? 24} from the pool (--default-addr-pool-mask-length at swarm init)`,
      evidence,
    });
  }

  // 5. The pool future overlays are cut from, against what hosts and --reserved must reach: a warning.
  for (const pool of pools) {
    for (const host of input.hosts) {
      const hits = (hostRanges.get(host.id) ?? []).filter((r) => overlaps(pool.range, r.range));
      if (!hits.length) continue;
      findings.push({
        check, status: 'warn', host: host.id,
        summary: `the default address pool ${pool.text} overlaps ${hits.map((r) => describe(host.id, r)).join(', ')}: a new overlay may be given a subnet there`,
        remediation: `create new overlays with an explicit --subnet outside ${hits.map((r) => r.text).join(', ')}; ${poolNote}`,
        evidence: { pool: pool.text, ranges: hits.map((r) => ({ kind: r.kind, range: r.text, ...(r.dev ? { dev: r.dev } : {}) })) },
      });
    }
    const hits = reserved.filter((r) => overlaps(pool.range, r.range));
    if (hits.length) {
      findings.push({
        check, status: 'warn',
        summary: `the default address pool ${pool.text} overlaps the reserved range${hits.length > 1 ? 's' : ''} ${hits.map((r) => r.text).join(', ')}: a new overlay may be given a subnet there`,
        remediation: `create new overlays with an explicit --subnet outside ${hits.map((r) => r.text).join(', ')}; ${poolNote}`,
        evidence: { pool: pool.text, reserved: hits.map((r) => r.text) },
      });
    }
  }

  // 6. One pass per network that nothing was found against.
  for (const { net, subnets } of nets) {
    if (troubled.has(net.name)) continue;
    if (!subnets.length) {
      findings.push({ check, status: 'skip', summary: `overlay ${net.name} reports no IPv4 subnet; nothing to compare`, evidence: { network: net.name, subnets: net.subnets.map((s) => s.subnet) } });
      continue;
    }
    const ranges = subnets.map((s) => s.text).join(', ');
    findings.push({
      check, status: 'pass',
      summary: `overlay ${net.name} ${ranges}: clear of ${input.hosts.length === 1 ? "the host's" : `${input.hosts.length} hosts'`} addresses, routes and nameservers${reserved.length ? ', the reserved ranges' : ''} and the other overlays; ${usage.get(net.name)}`,
      evidence: { network: net.name, subnets: subnets.map((s) => s.text), hostsCompared: input.hosts.map((h) => h.id), reserved: reserved.map((r) => r.text), usage: usage.get(net.name) },
    });
  }

  return [...readErrors, ...findings];
}

