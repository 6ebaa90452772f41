// Parses `docker info --format '{{json .}}'`: engine version, swarm state, role, addresses, data-path port.
// Every value used is checked: the address is a probe target and goes into fixes, the port is probed.
import { InvalidDataError } from '../agent/invalid-data.js';
import { bool, type Check, cidr, int, ip, list, matching } from '../agent/shape.js';

export interface DockerInfo {
  running: boolean;
  version?: string;
  /** The engine's own ID (`docker info` ID): made once per installation, so a cloned disk repeats it. */
  engineId?: string;
  swarmState?: string;
  nodeId?: string;
  nodeAddr?: string;
  isManager?: boolean;
  dataPathPort?: number;
  defaultAddrPool?: string[];
  subnetSize?: number;
  error?: string;
}

interface RawInfo {
  ID?: string;
  ServerVersion?: string;
  ServerErrors?: string[];
  Swarm?: {
    NodeID?: string;
    NodeAddr?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Error?: string;
    Cluster?: { DataPathPort?: number; DefaultAddrPool?: string[]; SubnetSize?: number } | null;
  };
}

/** `code` and `stdout` as the agent's exec returned them; `error` is set when docker is not installed. */
export function parseDockerInfo(out: { code: number | null; stdout: string; stderr: string; error: string | null }): DockerInfo {
  if (out.error === 'not-found') return { running: false, error: 'docker is not installed' };
  if (out.error) return { running: false, error: `docker info: ${out.error}` };
  let raw: RawInfo;
  try {
    raw = JSON.parse(out.stdout.trim() || 'null') as RawInfo;
  } catch {
    return { running: false, error: `docker info printed no JSON: ${firstLine(out.stderr || out.stdout)}` };
  }
  if (!raw || out.code !== 0 || !raw.ServerVersion || raw.ServerErrors?.length) {
    const why = raw?.ServerErrors?.[0] ?? firstLine(out.stderr) ?? 'the daemon did not answer';
    return { running: false, error: `docker daemon not reachable: ${why}` };
  }
  const swarm = raw.Swarm ?? {};
  checked('ServerVersion', raw.ServerVersion, VERSION);
  checked('Swarm.LocalNodeState', swarm.LocalNodeState || 'inactive', NODE_STATE);
  const info: DockerInfo = { running: true, version: raw.ServerVersion, swarmState: swarm.LocalNodeState || 'inactive' };
  if (typeof raw.ID === 'string' && /^[A-Za-z0-9:-]{1,128}$/.test(raw.ID)) info.engineId = raw.ID;
  if (info.swarmState === 'active') {
    info.nodeId = checked('Swarm.NodeID', swarm.NodeID, NODE_ID, true);
    info.nodeAddr = checked('Swarm.NodeAddr', swarm.NodeAddr, ip, true);
    info.isManager = checked('Swarm.ControlAvailable', swarm.ControlAvailable, bool, true) === true;
    // Only managers see the cluster object, so only they know the data-path port and address pool.
    const cluster = swarm.Cluster;
    // 0 means "not set" (the default, 4789).
    if (cluster?.DataPathPort) info.dataPathPort = checked('Swarm.Cluster.DataPathPort', cluster.DataPathPort, int(1, 65535));
    if (cluster?.DefaultAddrPool) info.defaultAddrPool = checked('Swarm.Cluster.DefaultAddrPool', cluster.DefaultAddrPool, list(cidr, 256));
    if (cluster?.SubnetSize) info.subnetSize = checked('Swarm.Cluster.SubnetSize', cluster.SubnetSize, int(1, 32));
  }
  if (swarm.Error) info.error = String(swarm.Error);
  return info;
}

const VERSION = matching(/^[0-9A-Za-z][0-9A-Za-z.+~_-]*$/, 64, 'a version');
const NODE_STATE = matching(/^[a-z][a-z-]*$/, 32, 'a node state');
const NODE_ID = matching(/^[a-z0-9]+$/, 64, 'a node id');

/** The value if it fits; otherwise the host sent invalid data. Absent values pass when `optional`. */
function checked<T>(field: string, value: T, check: Check, optional = false): T {
  if (optional && (value === undefined || value === null || value === '')) return undefined as T;
  const problem = check(value);
  if (problem) throw new InvalidDataError(`docker info ${field} ${problem}`);
  return value;
}

function firstLine(text: string): string | undefined {
  const line = text.trim().split('\n')[0];
  return line ? line.slice(0, 200) : undefined;
}
