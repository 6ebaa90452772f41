// Faults. A host's firewall is an nftables table (inet spf_fault) in the host's own network
// namespace; path-MTU black holes and cut cables are made on the lab switch.
import { inNetns, ipBatch } from './network.js';
import { BIN, BRIDGE, DEFAULT_MTU, FAULT_TABLE, ROOT_PEER, SWITCH_NS, hostIndex, switchPort } from './paths.js';
import { run, runOk, shq } from './proc.js';
import type { LabHost } from './state.js';

export interface FaultSpec {
  proto: 'tcp' | 'udp' | 'esp';
  /** Destination port (tcp/udp only). In: a port of this host; out: a port on the remote side. Omitted: every port. */
  port?: number;
  /** in: packets arriving at this host (input, and forwarded from eth0); out: packets it sends (output, and forwarded to eth0). */
  direction: 'in' | 'out';
  /** Only packets from (in) / to (out) this host id (or IPv4 address). */
  peer?: string;
}

const nft = (netns: string, script: string) => runOk(...inNetns(netns, BIN.nft, ['-f', '-']), { input: script });

function hostTableSkeleton(): string {
  const t = `inet ${FAULT_TABLE}`;
  // Priority -10: ahead of any filter table dockerd's iptables(-nft) makes at priority 0.
  return [
    `add table ${t}`,
    `add chain ${t} input { type filter hook input priority -10; policy accept; }`,
    `add chain ${t} output { type filter hook output priority -10; policy accept; }`,
    `add chain ${t} forward { type filter hook forward priority -10; policy accept; }`,
  ].join('\n');
}

function matchOf(f: FaultSpec, peerAddress: string | undefined): string {
  const parts: string[] = [];
  if (peerAddress) parts.push(`ip ${f.direction === 'in' ? 'saddr' : 'daddr'} ${peerAddress}`);
  if (f.proto === 'esp') {
    if (f.port !== undefined) throw new Error('[lab] esp has no ports');
    parts.push('meta l4proto esp');
  } else if (f.port !== undefined) {
    if (!Number.isInteger(f.port) || f.port < 1 || f.port > 65535) throw new Error(`[lab] bad port ${f.port}`);
    parts.push(`${f.proto} dport ${f.port}`);
  } else {
    parts.push(`meta l4proto ${f.proto}`);
  }
  return parts.join(' ');
}

function verdictOf(kind: 'drop' | 'reject', f: FaultSpec): { prefix: string; verdict: string } {
  if (kind === 'drop') return { prefix: '', verdict: 'drop' };
  switch (f.proto) {
    case 'tcp': return { prefix: '', verdict: 'reject with tcp reset' };
    case 'udp': return { prefix: '', verdict: 'reject with icmpx type port-unreachable' };
    case 'esp': return { prefix: 'meta nfproto ipv4 ', verdict: 'reject with icmp type prot-unreachable' };
  }
}

/** Adds a drop/reject rule to the host's firewall. Rules accumulate until clearFaults. */
export async function addHostFault(host: LabHost, kind: 'drop' | 'reject', f: FaultSpec, peerAddress?: string): Promise<void> {
  if (f.direction !== 'in' && f.direction !== 'out') throw new Error(`[lab] bad direction ${String(f.direction)}`);
  const t = `inet ${FAULT_TABLE}`;
  const match = matchOf(f, peerAddress);
  const { prefix, verdict } = verdictOf(kind, f);
  const chain = f.direction === 'in' ? 'input' : 'output';
  const fwdIf = f.direction === 'in' ? 'iifname "eth0"' : 'oifname "eth0"';
  await nft(host.netns, [
    hostTableSkeleton(),
    `add rule ${t} ${chain} ${prefix}${match} ${verdict}`,
    `add rule ${t} forward ${fwdIf} ${prefix}${match} ${verdict}`,
  ].join('\n') + '\n');
}

/**
 * Path-MTU black hole on the switch: frames carrying more than mtu bytes of IP packet to or from
 * the host's port are dropped silently. (In the bridge family meta length is the L3 length.)
 * A second call for the same host replaces its limit.
 */
export async function limitPathMtu(host: LabHost, mtu: number, opts: PathMtuOptions = {}): Promise<void> {
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) throw new Error(`[lab] bad mtu ${mtu}`);
  if (opts.operatorTcp) return limitOperatorPath(host, mtu);
  const port = switchPort(hostIndex(host.id));
  // TCP is spared, as on paths whose routers clamp the TCP MSS (VPNs, cloud gateways): SSH and the
  // swarm's control plane keep working while VXLAN and other datagrams over the size vanish.
  // Host-to-host frames only: the operator's management path (the root port) stays clean, as an
  // out-of-band SSH path would be, so the tool can still reach the host it diagnoses.
  await sizeLimitChain(`mtu_${host.id}`, `meta l4proto != tcp meta length > ${mtu} drop`, [
    `iifname "${port}" oifname != "${ROOT_PEER}"`,
    `oifname "${port}" iifname != "${ROOT_PEER}"`,
  ]);
}

/** A switch chain of its own holding one size rule (replaced on each call), jumped to once from forward for each match. */
async function sizeLimitChain(chain: string, rule: string, jumps: string[]): Promise<void> {
  const t = `bridge ${FAULT_TABLE}`;
  const listing = await run(...inNetns(SWITCH_NS, BIN.nft, ['list', 'chain', 'bridge', FAULT_TABLE, 'forward']));
  const hasJump = listing.code === 0 && listing.stdout.includes(`jump ${chain}`);
  await nft(SWITCH_NS, [
    `add table ${t}`,
    `add chain ${t} forward { type filter hook forward priority -10; policy accept; }`,
    `add chain ${t} ${chain}`,
    `flush chain ${t} ${chain}`,
    `add rule ${t} ${chain} ${rule}`,
    ...(hasJump ? [] : jumps.map((match) => `add rule ${t} forward ${match} jump ${chain}`)),
  ].join('\n') + '\n');
}

/**
 * A drop in the network between two hosts, on the switch (a switch ACL, a security group): packets
 * of the port from a to b vanish, and neither host's firewall sees anything.
 */
export async function dropBetween(a: LabHost, b: LabHost, f: { proto: 'tcp' | 'udp'; port: number }): Promise<void> {
  if (!Number.isInteger(f.port) || f.port < 1 || f.port > 65535) throw new Error(`[lab] bad port ${f.port}`);
  if (f.proto !== 'tcp' && f.proto !== 'udp') throw new Error(`[lab] bad proto ${String(f.proto)}`);
  const t = `bridge ${FAULT_TABLE}`;
  await nft(SWITCH_NS, [
    `add table ${t}`,
    `add chain ${t} forward { type filter hook forward priority -10; policy accept; }`,
    `add rule ${t} forward ether type ip ip saddr ${a.address} ip daddr ${b.address} ${f.proto} dport ${f.port} drop`,
  ].join('\n') + '\n');
}

export interface PathMtuOptions {
  /**
   * Instead: the black hole is between the operator (the root namespace's port) and this host, and
   * it hits TCP too, as on a path with no MSS clamping: SSH logs in (small packets) and then stalls
   * on the first full-size ones. Host-to-host traffic is untouched.
   */
  operatorTcp?: boolean;
}

async function limitOperatorPath(host: LabHost, mtu: number): Promise<void> {
  const port = switchPort(hostIndex(host.id));
  await sizeLimitChain(`opmtu_${host.id}`, `meta length > ${mtu} drop`, [
    `iifname "${port}" oifname "${ROOT_PEER}"`,
    `iifname "${ROOT_PEER}" oifname "${port}"`,
  ]);
}

export async function setUnderlayMtu(host: LabHost, mtu: number): Promise<void> {
  await ipBatch([`link set eth0 mtu ${mtu}`], host.netns);
}

export async function cutCable(host: LabHost): Promise<void> {
  await ipBatch([`link set ${switchPort(hostIndex(host.id))} down`], SWITCH_NS);
}

/** Undoes every fault: host firewall tables, eth0 MTUs, the switch's MTU table, cut cables. */
export async function clearFaults(hosts: LabHost[]): Promise<void> {
  // One shell in the root namespace walks every host: much cheaper than two spawns per host.
  const delTable = (family: string) => `printf 'add table ${family} ${FAULT_TABLE}\\ndelete table ${family} ${FAULT_TABLE}\\n' | ${BIN.nft} -f -`;
  const lines = hosts.map((h) =>
    `${BIN.nsenter} --net=/run/netns/${h.netns} sh -c ${shq(`${delTable('inet')}; ${BIN.ip} link set eth0 mtu ${DEFAULT_MTU}`)} || fail=1`);
  lines.push(`${BIN.nsenter} --net=/run/netns/${SWITCH_NS} sh -c ${shq(delTable('bridge'))} || fail=1`);
  const script = ['fail=0', ...lines, 'exit $fail'].join('\n');
  await runOk(BIN.sh, ['-c', script]);
  await ipBatch([...hosts.map((h) => `link set ${switchPort(hostIndex(h.id))} up`), `link set ${BRIDGE} up`], SWITCH_NS);
}
