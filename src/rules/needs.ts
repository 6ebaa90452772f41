// The allow-list each host needs for the swarm, from the inventory and its roles: 2377/tcp into
// managers (and hosts of unknown role, which may become managers) from every other node, 7946/tcp,
// 7946/udp and the data-path port/udp into every node from every other node, ESP where asked. Pure.
// Only plain IPv4 addresses and ranges leave here: they are written into commands and files.
import { portRules } from '../../checks/swarm-ports.js';
import { formatIpv4, parseCidr, parseIpv4 } from '../facts/cidr.js';
import { PreflightError } from '../errors.js';
import type { Protocol, Role } from '../model.js';

/** One rule's worth: these ports of one protocol, from (in) or to (out) these peers. */
export interface Allow {
  direction: 'in' | 'out';
  protocol: Protocol;
  /** Empty for ESP. */
  ports: number[];
  /** Plain IPv4 addresses or a.b.c.d/n ranges. */
  peers: string[];
}

export interface HostNeeds {
  id: string;
  /** The address peers reach it at (plain IPv4). */
  address: string;
  role: Role;
  allows: Allow[];
}

export interface NeedsInput {
  hosts: { id: string; address: string; role: Role }[];
  dataPathPort: number;
  esp: boolean;
  /** A range to allow from instead of the exact peers (--source-cidr). */
  sourceCidr?: string;
}

/** `a.b.c.d` written canonically, or undefined when it is not plain IPv4. */
export function plainIpv4(text: string): string | undefined {
  try {
    return /^[0-9.]+$/.test(text) ? formatIpv4(parseIpv4(text)) : undefined;
  } catch {
    return undefined;
  }
}

/** `a.b.c.d/n` with the host bits cleared, or undefined when it is not an IPv4 range. */
export function plainCidr(text: string): string | undefined {
  if (!/^[0-9.]+\/[0-9]{1,2}$/.test(text)) return undefined;
  try {
    const c = parseCidr(text);
    return `${formatIpv4(c.first)}/${c.prefix}`;
  } catch {
    return undefined;
  }
}

/** One port of one protocol from or to one peer: what a failing cell needs. */
export interface Opening { direction: 'in' | 'out'; protocol: Protocol; port: number; peer: string }

/**
 * Openings merged into as few rules as stay exact: per direction and protocol, the ports that share
 * the same peers become one rule. Nothing is opened from a peer that did not need it.
 */
export function mergeOpenings(openings: Opening[]): Allow[] {
  const byPort = new Map<string, { o: Opening; peers: Set<string> }>();
  for (const o of openings) {
    const key = `${o.direction}|${o.protocol}|${o.protocol === 'esp' ? 0 : o.port}`;
    const entry = byPort.get(key) ?? { o, peers: new Set<string>() };
    entry.peers.add(o.peer);
    byPort.set(key, entry);
  }
  const rules = new Map<string, Allow>();
  for (const { o, peers } of byPort.values()) {
    const list = [...peers];
    const key = `${o.direction}|${o.protocol}|${list.join(',')}`;
    const rule = rules.get(key) ?? { direction: o.direction, protocol: o.protocol, ports: [], peers: list };
    if (o.protocol !== 'esp' && !rule.ports.includes(o.port)) rule.ports.push(o.port);
    rules.set(key, rule);
  }
  return [...rules.values()];
}

/** Every host's allow-list. Throws a usage error naming the host whose address is not plain IPv4. */
export function swarmNeeds(input: NeedsInput): HostNeeds[] {
  const addresses = input.hosts.map((h) => {
    const address = plainIpv4(h.address);
    if (!address) {
      throw new PreflightError('usage', `${h.id}: its address ${JSON.stringify(h.address)} is not an IPv4 address, and rules name peers by address`, {
        hint: 'give the host swarm_address=IP in the inventory (the address the other nodes reach it at)',
      });
    }
    return address;
  });
  const range = input.sourceCidr === undefined ? undefined : plainCidr(input.sourceCidr);
  if (input.sourceCidr !== undefined && !range) throw new PreflightError('usage', `--source-cidr ${JSON.stringify(input.sourceCidr)} is not an IPv4 range; give it as a.b.c.d/n`);
  const ports = portRules(input.dataPathPort, input.esp);
  return input.hosts.map((h, i) => {
    const peers = range ? [range] : addresses.filter((_, j) => j !== i);
    const openings: Opening[] = [];
    for (const rule of ports) {
      if (rule.toManagersOnly && h.role === 'worker') continue;
      for (const peer of peers) openings.push({ direction: 'in', protocol: rule.protocol, port: rule.port, peer });
    }
    return { id: h.id, address: addresses[i], role: h.role, allows: peers.length ? mergeOpenings(openings) : [] };
  });
}
