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

function byProtocol(ports: AllowSpec['ports']): Map<Protocol, number[]> {
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

function rule(fw: FirewallKind, dir: 'in' | 'out', protocol: Protocol, ports: number[], peers: string[]): string {
  const list = ports.join(',');
  switch (fw) {
    case 'nftables': {
      const addr = `ip ${dir === 'in' ? 'saddr' : 'daddr'} ${peers.length > 1 ? `{ ${peers.join(', ')} }` : peers[0]}`;
      const match = protocol === 'esp' ? 'ip protocol esp' : `${protocol} dport ${ports.length > 1 ? `{ ${ports.join(', ')} }` : ports[0]}`;
      return `nft insert rule inet filter ${dir === 'in' ? 'input' : 'output'} ${addr} ${match} accept   (use the table and chain that hold your ${dir === 'in' ? 'input' : 'output'} rules)`;
    }
    case 'ufw': {
      const who = peers.join(',');
      if (protocol === 'esp') return dir === 'in' ? `ufw allow in proto esp from ${who}` : `ufw allow out proto esp to ${who}`;
      return dir === 'in' ? `ufw allow in proto ${protocol} from ${who} to any port ${list}` : `ufw allow out proto ${protocol} to ${who} port ${list}`;
    }
    case 'firewalld': {
      const side = dir === 'in' ? 'source' : 'destination';
      const what = protocol === 'esp' ? 'protocol value=esp' : ports.map((p) => `port port=${p} protocol=${protocol}`).join(' ');
      if (dir === 'out') {
        const m = protocol === 'esp' ? '-p esp' : `-p ${protocol} -m multiport --dports ${list}`;
        return `firewall-cmd --permanent --direct --add-rule ipv4 filter OUTPUT 0 ${m} -d ${peers.join(',')} -j ACCEPT && firewall-cmd --reload`;
      }
      const rich = (protocol === 'esp' ? [what] : ports.map((p) => `port port=${p} protocol=${protocol}`))
        .flatMap((w) => peers.map((peer) => `--add-rich-rule='rule family=ipv4 ${side} address=${peer} ${w} accept'`));
      return `firewall-cmd --permanent ${rich.join(' ')} && firewall-cmd --reload`;
    }
    default: {
      const chain = dir === 'in' ? 'INPUT' : 'OUTPUT';
      const addr = `${dir === 'in' ? '-s' : '-d'} ${peers.join(',')}`;
      if (protocol === 'esp') return `iptables -I ${chain} -p esp ${addr} -j ACCEPT`;
      const match = ports.length > 1 ? `-m multiport --dports ${list}` : `--dport ${list}`;
      return `iptables -I ${chain} -p ${protocol} ${addr} ${match} -j ACCEPT`;
    }
  }
}
