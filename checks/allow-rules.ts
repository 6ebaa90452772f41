// Merged allow rules: one rule per protocol for a set of ports and a set of peers, in the syntax of the
// firewall found on the host, for inbound (on the receiver) or outbound (on the sender). Pure.
// Addresses come from hosts (docker's advertise address), so only well-formed IPv4 reaches a command;
// anything else is written as a placeholder the operator fills in.
import type { FirewallKind } from '../src/facts/firewall.js';
import { formatIpv4, parseIpv4 } from '../src/facts/cidr.js';
import type { Protocol } from '../src/model.js';

export interface AllowSpec {
  firewall: FirewallKind;
  direction: 'in' | 'out';
  /** Ports by protocol; ESP takes none. */
  ports: { protocol: Protocol; port: number }[];
  /** The other ends' addresses (sources for inbound, destinations for outbound). */
  peers: string[];
}

/** Up to this many peers are listed one by one; more become the smallest range that holds them all. */
const MAX_LISTED = 6;

export function isIpv4(text: string): boolean {
  try {
    parseIpv4(text);
    return true;
  } catch {
    return false;
  }
}

/** The smallest IPv4 range holding every address (undefined for none). */
export function coveringCidr(addresses: string[]): string | undefined {
  const nums = addresses.filter(isIpv4).map(parseIpv4);
  if (!nums.length) return undefined;
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  let prefix = 32;
  const block = (p: number) => 2 ** (32 - p);
  while (prefix > 0 && Math.floor(lo / block(prefix)) !== Math.floor(hi / block(prefix))) prefix -= 1;
  return `${formatIpv4(Math.floor(lo / block(prefix)) * block(prefix))}/${prefix}`;
}

/** The peers as the rule names them: each address, or one covering range, or a placeholder. */
export function peerSet(peers: string[]): { items: string[]; range?: string } {
  const safe = [...new Set(peers.filter(isIpv4))];
  const unsafe = peers.length - peers.filter(isIpv4).length;
  if (safe.length > MAX_LISTED) return { items: [coveringCidr(safe) as string], range: coveringCidr(safe) };
  const items = safe.length ? safe : [];
  if (unsafe > 0 || items.length === 0) items.push('<peer address>');
  return { items };
}

/** Ports grouped by protocol, each port once; ESP takes none. */
export function byProtocol(ports: AllowSpec['ports']): Map<Protocol, number[]> {
  const map = new Map<Protocol, number[]>();
  for (const { protocol, port } of ports) {
    const list = map.get(protocol) ?? [];
    if (protocol !== 'esp' && !list.includes(port)) list.push(port);
    map.set(protocol, list);
  }
  return map;
}

/** One command a protocol, joined with `;`. */
export function allowRules(spec: AllowSpec): string {
  const { items } = peerSet(spec.peers);
  const rules: string[] = [];
  for (const [protocol, ports] of byProtocol(spec.ports)) rules.push(rule(spec.firewall, spec.direction, protocol, ports, items));
  return rules.join('; ');
}

/** The nftables match of one rule: `ip saddr { a, b } udp dport { 7946, 4789 }`, or `... meta l4proto esp`. */
export function nftMatch(dir: 'in' | 'out', protocol: Protocol, ports: number[], peers: string[]): string {
  const addr = `ip ${dir === 'in' ? 'saddr' : 'daddr'} ${peers.length > 1 ? `{ ${peers.join(', ')} }` : peers[0]}`;
  const match = protocol === 'esp' ? 'meta l4proto esp' : `${protocol} dport ${ports.length > 1 ? `{ ${ports.join(', ')} }` : ports[0]}`;
  return `${addr} ${match}`;
}

/** The iptables match of one rule for one peer list: `-p udp -s a,b -m multiport --dports 7946,4789`. */
export function iptablesMatch(dir: 'in' | 'out', protocol: Protocol, ports: number[], peers: string[]): string {
  const addr = `${dir === 'in' ? '-s' : '-d'} ${peers.join(',')}`;
  if (protocol === 'esp') return `-p esp ${addr}`;
  return `-p ${protocol} ${addr} ${ports.length > 1 ? `-m multiport --dports ${ports.join(',')}` : `--dport ${ports[0]}`}`;
}

/** ufw's arguments after `ufw allow` for one peer (ufw takes one address or range a rule). */
export function ufwArgs(dir: 'in' | 'out', protocol: Protocol, ports: number[], peer: string): string {
  if (protocol === 'esp') return dir === 'in' ? `in proto esp from ${peer}` : `out proto esp to ${peer}`;
  return dir === 'in' ? `in proto ${protocol} from ${peer} to any port ${ports.join(',')}` : `out proto ${protocol} to ${peer} port ${ports.join(',')}`;
}

/** firewalld rich rules (one a port and peer: a rich rule takes one of each). */
export function firewalldRich(dir: 'in' | 'out', protocol: Protocol, ports: number[], peers: string[]): string[] {
  const side = dir === 'in' ? 'source' : 'destination';
  const what = protocol === 'esp' ? ['protocol value=esp'] : ports.map((p) => `port port=${p} protocol=${protocol}`);
  return what.flatMap((w) => peers.map((peer) => `rule family=ipv4 ${side} address=${peer} ${w} accept`));
}

function rule(fw: FirewallKind, dir: 'in' | 'out', protocol: Protocol, ports: number[], peers: string[]): string {
  const list = ports.join(',');
  switch (fw) {
    case 'nftables':
      return `nft insert rule inet filter ${dir === 'in' ? 'input' : 'output'} ${nftMatch(dir, protocol, ports, peers)} accept   (use the table and chain that hold your ${dir === 'in' ? 'input' : 'output'} rules, or let swarm-preflight place them: rules, or check --fix-out DIR)`;
    case 'ufw':
      return peers.map((peer) => `ufw allow ${ufwArgs(dir, protocol, ports, peer)}`).join('; ');
    case 'firewalld': {
      if (dir === 'out') {
        const m = protocol === 'esp' ? '-p esp' : `-p ${protocol} -m multiport --dports ${list}`;
        return `firewall-cmd --permanent --direct --add-rule ipv4 filter OUTPUT 0 ${m} -d ${peers.join(',')} -j ACCEPT && firewall-cmd --reload`;
      }
      const rich = firewalldRich(dir, protocol, ports, peers).map((r) => `--add-rich-rule='${r}'`);
      return `firewall-cmd --permanent ${rich.join(' ')} && firewall-cmd --reload`;
    }
    default:
      return `iptables -I ${dir === 'in' ? 'INPUT' : 'OUTPUT'} ${iptablesMatch(dir, protocol, ports, peers)} -j ACCEPT`;
  }
}
