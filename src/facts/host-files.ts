// The host facts the agent read from the host's own files (py/hostfacts.py), validated where they
// enter: a host sends what it likes, so only values of the expected shape are kept. Pure.

export interface HostFiles {
  /** The agent's own process id: a swarm port held by it is the run's own listener, not a stranger. */
  agentPid?: number;
  /** `uname -r`. */
  release?: string;
  /** /etc/machine-id (32 hex digits); never reported as is, only its digest. */
  machineId?: string;
  /** /proc/sys/kernel/random/boot_id: new at every boot, shared by every namespace of one kernel. */
  bootId?: string;
  /** readlink /proc/self/ns/net, `net:[INODE]`: equal on one kernel only for one network namespace. */
  netns?: string;
  ipForward?: number;
  /** net.bridge.bridge-nf-call-iptables; absent where br_netfilter is not loaded. */
  bridgeNfCallIptables?: number;
  /** rp_filter per interface, with `all` and `default`. */
  rpFilter: Record<string, number>;
  /** Loaded modules (/proc/modules); absent when unreadable or the kernel has no module support. */
  loaded?: string[];
  /** The lines of modules.builtin and modules.dep that name a module the checks asked about. */
  builtin?: string[];
  dep?: string[];
  /** The kernel config lines for the symbols asked about, and the file they came from. */
  config?: string[];
  configFrom?: string;
  /** Algorithm names in /proc/crypto. */
  crypto?: string[];
  /** Interface -> kernel driver (the /sys/class/net/IF/device/driver link); null for virtual devices. */
  drivers: Record<string, string | null>;
  /** What could not be read, and why (errno name). */
  errors: Record<string, string>;
}

// Never starting with '-': an interface name may reach a command's argv (ethtool -k IF).
const IFNAME = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}$/;
const NAME = /^[A-Za-z0-9_.()+-]{1,64}$/;
const ERROR_KEYS = new Set(['machineId', 'bootId', 'netns', 'net/ipv4/ip_forward', 'net/bridge/bridge-nf-call-iptables', 'rpFilter', 'modules', 'builtin', 'dep', 'config', 'crypto', 'drivers']);

function str(value: unknown, pattern: RegExp): string | undefined {
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'string' && /^-?\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

function lines(value: unknown, pattern: RegExp, max = 4096): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.slice(0, max).filter((v): v is string => typeof v === 'string' && pattern.test(v));
}

function record<T>(value: unknown, each: (v: unknown) => T | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 256)) {
    const parsed = each(v);
    if (IFNAME.test(k) && parsed !== undefined) out[k] = parsed;
  }
  return out;
}

/** The agent's `hostfacts` event -> the facts the checks may use. */
export function parseHostFiles(event: Record<string, unknown>): HostFiles {
  const sysctl = (event.sysctl && typeof event.sysctl === 'object' ? event.sysctl : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  if (event.errors && typeof event.errors === 'object') {
    for (const [k, v] of Object.entries(event.errors as Record<string, unknown>)) {
      if (ERROR_KEYS.has(k) && typeof v === 'string' && /^[A-Za-z0-9_ -]{1,40}$/.test(v)) errors[k] = v;
    }
  }
  const files: HostFiles = {
    rpFilter: record(event.rpFilter, num),
    drivers: record(event.drivers, (v) => (v === null ? null : str(v, NAME))),
    errors,
  };
  const pid = event.pid;
  if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0) files.agentPid = pid;
  const set = <K extends keyof HostFiles>(key: K, value: HostFiles[K] | undefined) => { if (value !== undefined) files[key] = value; };
  set('release', str(event.release, /^[A-Za-z0-9_.+~-]{1,64}$/));
  set('machineId', str(event.machineId, /^[0-9a-f]{32}$/));
  set('bootId', str(event.bootId, /^[0-9a-f-]{36}$/));
  set('netns', str(event.netns, /^net:\[\d{1,20}\]$/));
  set('ipForward', num(sysctl['net/ipv4/ip_forward']));
  set('bridgeNfCallIptables', num(sysctl['net/bridge/bridge-nf-call-iptables']));
  set('loaded', lines(event.modules, /^[A-Za-z0-9_-]{1,64}$/));
  set('builtin', lines(event.builtin, /^[\w./+-]{1,300}$/));
  set('dep', lines(event.dep, /^[\w./+: -]{1,300}$/));
  set('config', lines(event.config, /^(# )?CONFIG_\w{1,80}( is not set|=.{0,100})$/));
  if (files.config) set('configFrom', str(event.configFrom, /^\/(boot\/config-[A-Za-z0-9_.+~-]{1,64}|proc\/config\.gz)$/));
  set('crypto', lines(event.crypto, NAME, 512));
  return files;
}
