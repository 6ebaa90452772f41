// Parses a manager's list of the swarm's nodes: `docker node ls --format '{{json .}}'` (the ids) and
// `docker node inspect` (role, state, availability, addresses). Docker's answers are untrusted:
// ids and host names must match an allowlist, addresses must be plain IPs; anything else is dropped.
import { isIP } from 'node:net';

export interface SwarmNode {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  /** ready, down, unknown, disconnected (docker's NodeState). */
  state: string;
  /** active, pause, drain. */
  availability: string;
  /** Status.Addr: the address the managers see the node at (its connection's source address). */
  addr?: string;
  /** ManagerStatus.Addr (managers): the advertised raft address, without its port. */
  managerAddr?: string;
  /** ManagerStatus.Reachability (managers): reachable, unreachable, unknown. */
  reachability?: string;
  leader?: boolean;
  engineVersion?: string;
}

/** Swarm node ids are 25 base-36 characters; a little latitude, no more. */
const NODE_ID = /^[a-z0-9]{10,64}$/;
const HOSTNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const WORD = /^[a-z]{1,20}$/;
const VERSION = /^[0-9A-Za-z.+~_-]{1,64}$/;

export function isNodeId(value: unknown): value is string {
  return typeof value === 'string' && NODE_ID.test(value);
}

/** A plain IPv4 or IPv6 address (no port, no zone), or undefined. */
export function plainIp(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) !== 0 ? value : undefined;
}

/** `ip:port` or `[ip6]:port` as docker prints ManagerStatus.Addr: the IP, or undefined. */
export function ipOfHostPort(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\[([0-9a-fA-F:.]+)\]:\d{1,5}$/.exec(value) ?? /^([0-9.]+):\d{1,5}$/.exec(value);
  return m ? plainIp(m[1]) : undefined;
}

interface RawNode {
  ID?: unknown;
  Spec?: { Role?: unknown; Availability?: unknown } | null;
  Description?: { Hostname?: unknown; Engine?: { EngineVersion?: unknown } | null } | null;
  Status?: { State?: unknown; Addr?: unknown } | null;
  ManagerStatus?: { Leader?: unknown; Reachability?: unknown; Addr?: unknown } | null;
}

/**
 * The engine's node list (GET /nodes, as `docker node inspect` prints each): one entry per node with
 * a valid id and host name.
 */
export function parseNodeInspect(stdout: string): SwarmNode[] {
  const raw = JSON.parse(stdout) as unknown;
  if (!Array.isArray(raw)) throw new Error('docker node inspect did not print a JSON array');
  const nodes: SwarmNode[] = [];
  for (const n of raw as RawNode[]) {
    const hostname = n?.Description?.Hostname;
    if (!isNodeId(n?.ID) || typeof hostname !== 'string' || !HOSTNAME.test(hostname)) continue;
    const word = (v: unknown, fallback: string) => (typeof v === 'string' && WORD.test(v) ? v : fallback);
    const node: SwarmNode = {
      id: n.ID,
      hostname,
      role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
      state: word(n.Status?.State, 'unknown'),
      availability: word(n.Spec?.Availability, 'unknown'),
    };
    const addr = plainIp(n.Status?.Addr);
    if (addr) node.addr = addr;
    const version = n.Description?.Engine?.EngineVersion;
    if (typeof version === 'string' && VERSION.test(version)) node.engineVersion = version;
    const ms = n.ManagerStatus;
    if (ms) {
      const managerAddr = ipOfHostPort(ms.Addr);
      if (managerAddr) node.managerAddr = managerAddr;
      node.reachability = word(ms.Reachability, 'unknown');
      node.leader = ms.Leader === true;
    }
    nodes.push(node);
  }
  return nodes;
}
