// Parses `docker info --format '{{json .}}'`: engine version, swarm state, role, addresses, data-path port.

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
    info.nodeId = swarm.NodeID;
    info.nodeAddr = swarm.NodeAddr;
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
