// Parses `docker info --format '{{json .}}'`: engine version, swarm state, role, addresses, data-path port.
// Docker's answer is untrusted: the node id must be a node id and the advertise address a plain IP
// (it becomes the address peers probe), or they are left out.
import { isNodeId, plainIp } from './swarm-nodes.js';

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
  const info: DockerInfo = { running: true, version: raw.ServerVersion, swarmState: swarm.LocalNodeState || 'inactive' };
  if (typeof raw.ID === 'string' && /^[A-Za-z0-9:-]{1,128}$/.test(raw.ID)) info.engineId = raw.ID;
  if (info.swarmState === 'active') {
    if (isNodeId(swarm.NodeID)) info.nodeId = swarm.NodeID;
    const nodeAddr = plainIp(swarm.NodeAddr);
    if (nodeAddr) info.nodeAddr = nodeAddr;
    info.isManager = swarm.ControlAvailable === true;
    // Only managers see the cluster object, so only they know the data-path port and address pool.
    const cluster = swarm.Cluster;
    if (cluster?.DataPathPort) info.dataPathPort = cluster.DataPathPort;
    if (cluster?.DefaultAddrPool) info.defaultAddrPool = cluster.DefaultAddrPool;
    if (cluster?.SubnetSize) info.subnetSize = cluster.SubnetSize;
  }
  if (swarm.Error) info.error = swarm.Error;
  return info;
}

function firstLine(text: string): string | undefined {
  const line = text.trim().split('\n')[0];
  return line ? line.slice(0, 200) : undefined;
}
