// Parsers for iproute2's JSON output (`ip -j addr`, `ip -j -d link`, `ip -j route`, `ip -j route get`)
// and for /etc/resolv.conf. Tolerant of missing fields; output that is not JSON throws a clear Error.
// A field that is there must fit its shape (names from an allowlist, addresses IPs, numbers in range):
// anything else is invalid data from the host, not something to guess around.
import { isIP } from 'node:net';
import { InvalidDataError, shown } from '../agent/invalid-data.js';
import { type Check, cidr, int, ip, list, matching } from '../agent/shape.js';

export interface IfAddress {
  family: 'inet' | 'inet6';
  address: string;
  prefix: number;
  /** `address/prefix`, e.g. 198.18.0.11/24. */
  cidr: string;
  scope?: string;
}

export interface Interface {
  name: string;
  index?: number;
  mtu?: number;
  /** operstate: UP, DOWN, UNKNOWN ... (UNKNOWN when absent). */
  state: string;
  flags: string[];
  /** The bridge it is enslaved to, e.g. docker_gwbridge for a container's veth. */
  master?: string;
  addresses: IfAddress[];
}

export interface Link {
  name: string;
  index?: number;
  mtu?: number;
  state: string;
  /** linkinfo.info_kind: vxlan, bridge, veth ...; absent for plain devices. */
  kind?: string;
  master?: string;
  vxlan?: { id?: number; port?: number };
}

export interface RouteGet {
  dst: string;
  dev: string;
  src?: string;
  gateway?: string;
}

export interface Route {
  /** `default`, or a CIDR (a host route printed as a bare address is given /32). */
  dst: string;
  dev?: string;
  gateway?: string;
  protocol?: string;
  /** unicast unless iproute2 says otherwise (blackhole, unreachable, local ...). */
  type?: string;
}

type Json = Record<string, unknown>;

function parseArray(stdout: string, command: string): Json[] {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    const first = stdout.trim().split('\n')[0]?.slice(0, 120) ?? '';
    throw new Error(`${command} did not print JSON${first ? `: ${first}` : ' (empty output)'}`);
  }
  if (!Array.isArray(raw)) throw new Error(`${command} did not print a JSON array`);
  return objects(raw);
}

/** The entries that are objects: some iproute2 versions print empty ones or other values between. */
function objects(entries: unknown[]): Json[] {
  return entries.filter((e): e is Json => typeof e === 'object' && e !== null && !Array.isArray(e));
}

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);

const IFNAME = matching(/^[A-Za-z0-9_.:@+-]+$/, 15, 'an interface name');
const WORD = matching(/^[A-Za-z0-9_-]+$/, 32, 'a word');
const INDEX = int(0, 2 ** 31 - 1);
const MTU = int(0, 1 << 24);
const DESTINATION: Check = (v) => (v === 'default' ? null : ip(v) && cidr(v));

/** A field's value when it is there and fits `check`; absent (undefined, null, "") is undefined. */
function field<T>(e: Json | undefined, key: string, check: Check): T | undefined {
  const value = e?.[key];
  if (value === undefined || value === null || value === '') return undefined;
  const problem = check(value);
  if (problem) throw new InvalidDataError(`interfaces and routes: ${key} ${problem}`);
  return value as T;
}
const str = (e: Json | undefined, key: string, check: Check = WORD): string | undefined => field<string>(e, key, check);
const num = (e: Json | undefined, key: string, check: Check): number | undefined => field<number>(e, key, check);

function common(e: Json): { name: string; index?: number; mtu?: number; state: string; master?: string } {
  const out: { name: string; index?: number; mtu?: number; state: string; master?: string } = {
    name: str(e, 'ifname', IFNAME) ?? '',
    state: str(e, 'operstate') ?? 'UNKNOWN',
  };
  const index = num(e, 'ifindex', INDEX);
  if (index !== undefined) out.index = index;
  const mtu = num(e, 'mtu', MTU);
  if (mtu !== undefined) out.mtu = mtu;
  const master = str(e, 'master', IFNAME);
  if (master) out.master = master;
  return out;
}

/** `ip -j addr`: interfaces with their MTU, state and IPv4/IPv6 addresses. */
export function parseAddrs(stdout: string): Interface[] {
  return interfacesFrom(parseArray(stdout, 'ip -j addr'));
}

/** The entries of `ip -j addr`, or the agent's netlink reading in the same form. */
export function interfacesFrom(entries: unknown[]): Interface[] {
  return objects(entries)
    .filter((e) => str(e, 'ifname', IFNAME))
    .map((e) => {
      const info = Array.isArray(e.addr_info) ? e.addr_info : [];
      const addresses: IfAddress[] = [];
      for (const a of info.map(obj)) {
        const family = a?.family;
        if (family !== 'inet' && family !== 'inet6') continue;
        const address = str(a, 'local', ip);
        if (!address) continue;
        // Without a prefix length only the address itself is known.
        const prefix = num(a, 'prefixlen', int(0, family === 'inet' ? 32 : 128)) ?? (family === 'inet' ? 32 : 128);
        const entry: IfAddress = { family, address, prefix, cidr: `${address}/${prefix}` };
        const scope = str(a, 'scope');
        if (scope) entry.scope = scope;
        addresses.push(entry);
      }
      const flags = field<string[]>(e, 'flags', list(WORD, 64)) ?? [];
      return { ...common(e), flags, addresses };
    });
}

/** `ip -j -d link`: devices with their MTU and kind, and the VXLAN id and port of vxlan devices. */
export function parseLinks(stdout: string): Link[] {
  return parseArray(stdout, 'ip -j -d link')
    .filter((e) => str(e, 'ifname', IFNAME))
    .map((e) => {
      const link: Link = common(e);
      const info = obj(e.linkinfo);
      const kind = str(info, 'info_kind');
      if (kind) link.kind = kind;
      if (kind === 'vxlan') {
        const data = obj(info?.info_data);
        const vxlan: { id?: number; port?: number } = {};
        const id = num(data, 'id', int(0, 2 ** 24 - 1));
        if (id !== undefined) vxlan.id = id;
        const port = num(data, 'port', int(0, 65535));
        if (port !== undefined) vxlan.port = port;
        link.vxlan = vxlan;
      }
      return link;
    });
}

/** `ip -j route get PEER`: the device (and source address, gateway) the kernel uses towards PEER. */
export function parseRouteGet(stdout: string): RouteGet {
  const entries = parseArray(stdout, 'ip -j route get');
  const e = entries[0];
  if (!e) throw new Error('ip -j route get printed no route');
  const dst = str(e, 'dst', ip) ?? '';
  const dev = str(e, 'dev', IFNAME);
  if (!dev) {
    const type = str(e, 'type');
    throw new Error(`ip -j route get: no device towards ${dst || 'the peer'}${type ? ` (route type ${type})` : ''}`);
  }
  const out: RouteGet = { dst, dev };
  const src = str(e, 'prefsrc', ip);
  if (src) out.src = src;
  const gateway = str(e, 'gateway', ip);
  if (gateway) out.gateway = gateway;
  return out;
}

/** `ip -j route`: destinations (`default` or CIDR) with device, gateway, protocol and type when given. */
export function parseRoutes(stdout: string): Route[] {
  return routesFrom(parseArray(stdout, 'ip -j route'));
}

/** The entries of `ip -j route`, or the agent's netlink reading in the same form. */
export function routesFrom(entries: unknown[]): Route[] {
  return objects(entries)
    .filter((e) => str(e, 'dst', DESTINATION))
    .map((e) => {
      const raw = str(e, 'dst', DESTINATION) as string;
      const dst = raw === 'default' || raw.includes('/') ? raw : `${raw}/${raw.includes(':') ? 128 : 32}`;
      const route: Route = { dst };
      const dev = str(e, 'dev', IFNAME);
      if (dev) route.dev = dev;
      const gateway = str(e, 'gateway', ip);
      if (gateway) route.gateway = gateway;
      const protocol = str(e, 'protocol');
      if (protocol) route.protocol = protocol;
      const type = str(e, 'type');
      if (type) route.type = type;
      return route;
    });
}

/** /etc/resolv.conf: the nameserver addresses, in order; comments (# or ;) and other lines ignored. */
export function parseResolvConf(text: string): string[] {
  const servers: string[] = [];
  for (const line of text.split('\n')) {
    const words = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (words[0] !== 'nameserver' || !words[1]) continue;
    // An IPv6 server may carry its interface (fe80::1%eth0); the address is what counts.
    if (!isIP(words[1].split('%')[0])) throw new InvalidDataError(`resolv.conf: nameserver ${shown(words[1])} is not an IP address`);
    servers.push(words[1]);
  }
  return servers;
}
