// Names, addresses and paths shared by every part of the lab. One place, so that teardown can
// find everything that up created even when the lab object itself is gone.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the lab keeps its state: per-host directories, keys, known_hosts, inventory, state.json. */
export const STATE_DIR = '/run/spf-lab';
export const STATE_FILE = path.join(STATE_DIR, 'state.json');

/** Every lab network namespace is named with this prefix. */
export const NS_PREFIX = 'spf-';
/** Namespace holding the lab switch (bridge br0). */
export const SWITCH_NS = 'spf-sw';
export const BRIDGE = 'br0';
/** The root namespace's port into the lab switch (operator's laptop), and its peer on the switch. */
export const ROOT_VETH = 'spf-lab0';
export const ROOT_PEER = 'v-root';

export const SUBNET_PREFIX = '198.18.0.';
export const PREFIX_LEN = 24;
export const ROOT_ADDRESS = '198.18.0.1';
/** Lab-internal resolver address written into every host's /etc/resolv.conf (nothing answers on it). */
export const LAB_NAMESERVER = ROOT_ADDRESS;
/** Hosts take 198.18.0.11 .. 198.18.0.254: the lab stays inside one /24 of the benchmarking range. */
export const MAX_HOSTS = 244;
/** How many hosts start at once while the lab comes up. */
export const START_CONCURRENCY = 50;
export const DEFAULT_MTU = 1500;

/** nftables table used for faults, inside a host (inet family) and in the switch (bridge family). */
export const FAULT_TABLE = 'spf_fault';

/** Docker objects made by the lab. */
export const SWARM_NETWORK = 'spf-net';
export const IMAGE = 'spf-busybox:lab';
/** Cgroup parent for one docker host's containers (cgroupfs driver), removed on teardown. */
export const CGROUP_PREFIX = 'spf-lab-';

export const hostId = (i: number): string => `n${i}`;
export const hostIndex = (id: string): number => {
  const m = /^n(\d+)$/.exec(id);
  if (!m) throw new Error(`not a lab host id: ${id}`);
  return Number(m[1]);
};
export const hostAddress = (i: number): string => `${SUBNET_PREFIX}${10 + i}`;
export const hostNetns = (i: number): string => `spf-n${i}`;
/** The host's port on the lab switch (peer of the host's eth0). */
export const switchPort = (i: number): string => `v-n${i}`;
export const containerName = (id: string): string => `spf-c-${id}`;
export const hostDir = (id: string): string => path.join(STATE_DIR, id);
export const netnsPath = (ns: string): string => `/run/netns/${ns}`;

/**
 * System binaries by absolute path. The PATH of an npm/npx process starts with node_modules/.bin,
 * which may hold same-named JavaScript tools (there is an `nft` package there), so the lab never
 * resolves tools through the caller's PATH.
 */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function which(name: string): string | undefined {
  for (const dir of SYSTEM_PATH.split(':')) {
    const p = path.join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function bin(name: string, preferred?: string): string {
  if (preferred && existsSync(preferred)) return preferred;
  return which(name) ?? name;
}

export const BIN = {
  ip: bin('ip', '/usr/sbin/ip'),
  nsenter: bin('nsenter', '/usr/bin/nsenter'),
  unshare: bin('unshare', '/usr/bin/unshare'),
  nft: bin('nft', '/usr/sbin/nft'),
  tini: bin('tini', '/usr/bin/tini'),
  sshd: '/usr/sbin/sshd',
  sshKeygen: bin('ssh-keygen', '/usr/bin/ssh-keygen'),
  sh: '/bin/sh',
  tar: bin('tar', '/usr/bin/tar'),
  busybox: bin('busybox', '/bin/busybox'),
  dockerd: bin('dockerd', '/usr/sbin/dockerd'),
  containerd: bin('containerd', '/usr/bin/containerd'),
  runc: bin('runc', '/usr/sbin/runc'),
  /** The docker CLI that ships with the daemon (Debian docker.io); another, newer CLI may sit earlier in PATH. */
  docker: bin('docker', '/usr/bin/docker'),
};

/** Environment for every command the lab runs: no inherited PATH, DOCKER_HOST, SSH_AUTH_SOCK, ... */
export const CLEAN_ENV: NodeJS.ProcessEnv = {
  PATH: SYSTEM_PATH,
  HOME: '/root',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
};
