// The lab's wiring: one namespace holding the switch (bridge br0), one veth per host, and one veth
// from the root namespace (where the CLI runs, like an operator's laptop). The switch is a dead end:
// no uplink, no address, no routes, forwarding off, IPv6 off.
import { existsSync, readFileSync } from 'node:fs';
import {
  BIN, BRIDGE, PREFIX_LEN, ROOT_ADDRESS, ROOT_PEER, ROOT_VETH, SWITCH_NS, hostNetns, netnsPath, switchPort,
} from './paths.js';
import { runOk } from './proc.js';

/** True when /run/netns is a mount point in the root namespace (ip netns makes it one). */
export function netnsDirIsMount(): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === '/run/netns');
}

export function netnsDirExists(): boolean {
  return existsSync('/run/netns');
}

/** Runs `ip -batch` (optionally inside a namespace) over a list of commands; fails on the first error. */
export async function ipBatch(lines: string[], netns?: string): Promise<void> {
  if (lines.length === 0) return;
  const args = netns ? ['-n', netns, '-batch', '-'] : ['-batch', '-'];
  await runOk(BIN.ip, args, { input: lines.join('\n') + '\n' });
}

/** Runs a command inside a network namespace only (no other namespaces; no /sys remount). */
export function inNetns(netns: string, file: string, args: string[]): [string, string[]] {
  return [BIN.nsenter, [`--net=${netnsPath(netns)}`, '--', file, ...args]];
}

/** Creates the switch namespace, every host's network namespace and the veth pairs. */
export async function buildNetwork(count: number): Promise<void> {
  const hosts = Array.from({ length: count }, (_, k) => k + 1);
  await ipBatch([`netns add ${SWITCH_NS}`, ...hosts.map((i) => `netns add ${hostNetns(i)}`)]);

  // The switch namespace: never forwards at L3, no IPv6 (no link-local chatter, no SLAAC).
  const [f, a] = inNetns(SWITCH_NS, '/usr/sbin/sysctl', [
    '-q', '-w', 'net.ipv4.ip_forward=0', 'net.ipv6.conf.all.forwarding=0',
    'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1',
  ]);
  await runOk(f, a);

  // Both ends are created directly in their namespaces: the host end is eth0 there.
  await ipBatch([
    ...hosts.map((i) => `link add eth0 netns ${hostNetns(i)} type veth peer name ${switchPort(i)} netns ${SWITCH_NS}`),
    `link add ${ROOT_VETH} type veth peer name ${ROOT_PEER} netns ${SWITCH_NS}`,
  ]);

  await ipBatch([
    `link add ${BRIDGE} type bridge`,
    `link set ${BRIDGE} up`,
    ...[...hosts.map(switchPort), ROOT_PEER].flatMap((p) => [`link set ${p} master ${BRIDGE}`, `link set ${p} up`]),
    `link set lo up`,
  ], SWITCH_NS);

  // Root side: the operator's address on the lab subnet. Only the connected /24 route appears; the
  // root namespace must never forward lab traffic anywhere, and takes no IPv6 on this port.
  await runOk('/usr/sbin/sysctl', [
    '-q', '-w', `net.ipv4.conf.${ROOT_VETH}.forwarding=0`, `net.ipv6.conf.${ROOT_VETH}.disable_ipv6=1`,
  ]);
  // gso_max_segs 1 as in the hosts: only MTU-sized packets cross the switch.
  await ipBatch([
    `link set ${ROOT_VETH} gso_max_segs 1`,
    `addr add ${ROOT_ADDRESS}/${PREFIX_LEN} dev ${ROOT_VETH}`,
    `link set ${ROOT_VETH} up`,
  ]);
}
