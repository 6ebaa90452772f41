// Parses `docker network inspect --verbose` of the overlay networks: names, subnets, options,
// encryption, the gossip peers and (verbose) the tasks each node announced with its data-path address.
// Names, ranges and addresses are checked: they reach the reports and the subnet and MTU checks.
import { isIP } from 'node:net';
import { InvalidDataError } from '../agent/invalid-data.js';
import { bool, cidr, type Fields, ip, list, matching, nullable, object } from '../agent/shape.js';

export interface OverlayNetwork {
  id: string;
  name: string;
  ingress: boolean;
  encrypted: boolean;
  subnets: { subnet: string; gateway?: string }[];
  options: Record<string, string>;
  /** The nodes this host gossips with on the network (networkdb's view); IPs validated. */
  peers: { name: string; ip: string }[];
  containers: number;
  /** Endpoint ids of the containers attached on this host. */
  endpoints: string[];
  /** Tasks as gossiped (verbose): endpoint id and the data-path address of the node running it. */
  tasks: { endpointId: string; hostIp: string }[];
}

interface RawNetwork {
  Id?: string;
  Name?: string;
  Driver?: string;
  Ingress?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
  Options?: Record<string, string> | null;
  Peers?: { Name?: string; IP?: string }[] | null;
  Containers?: Record<string, { EndpointID?: unknown } | null> | null;
  Services?: Record<string, { Tasks?: { EndpointID?: unknown; Info?: Record<string, unknown> | null }[] | null } | null> | null;
}

const ENDPOINT_ID = /^[0-9a-f]{12,64}$/;
const PEER_NAME = /^[0-9A-Za-z._-]{1,64}$/;

/** The ids of the engine's network list (GET /networks): ids that are not plain hex are dropped. */
export function parseNetworkList(body: string): string[] {
  const raw = JSON.parse(body) as unknown;
  if (!Array.isArray(raw)) throw new Error('the network list is not a JSON array');
  const ids = raw.map((n) => (n as { Id?: unknown } | null)?.Id);
  return ids.filter((id, i): id is string => typeof id === 'string' && /^[0-9a-z]{12,64}$/.test(id) && ids.indexOf(id) === i);
}

const NETWORK: Fields = {
  'Id?': matching(/^[0-9a-z]+$/, 64, 'a network id'),
  'Name?': matching(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 128, 'a network name'),
  'Ingress?': bool,
  'IPAM?': nullable(object({ 'Config?': nullable(list(object({ 'Subnet?': cidr, 'Gateway?': ip }, false), 256)) }, false)),
  'Options?': nullable((v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'is not an object';
    for (const [key, value] of Object.entries(v)) {
      const problem = matching(/^[A-Za-z0-9._/-]+$/, 128, 'an option name')(key) ?? matching(/^[A-Za-z0-9._,:/=+-]*$/, 256, 'an option value')(value);
      if (problem) return problem;
    }
    return null;
  }),
  'Peers?': nullable(list(object({ 'Name?': matching(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 253, 'a node name'), 'IP?': ip }, false), 10_000)),
  'Containers?': nullable((v) => (typeof v === 'object' && !Array.isArray(v) ? null : 'is not an object')),
};
const NETWORKS = list(object(NETWORK, false), 10_000);

export function parseNetworkInspect(stdout: string): OverlayNetwork[] {
  const raw = JSON.parse(stdout) as RawNetwork[];
  if (!Array.isArray(raw)) throw new Error('docker network inspect did not print a JSON array');
  const overlays = raw.filter((n) => n?.Driver === 'overlay');
  const problem = NETWORKS(overlays);
  if (problem) throw new InvalidDataError(`docker network inspect ${problem}`);
  return overlays
    .map((n) => {
      const options = n.Options ?? {};
      return {
        id: n.Id ?? '',
        name: n.Name ?? '',
        ingress: n.Ingress === true,
        // `--opt encrypted` is stored with an empty value; its presence is what counts.
        encrypted: Object.prototype.hasOwnProperty.call(options, 'encrypted'),
        subnets: (n.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ subnet: c.Subnet as string, ...(c.Gateway ? { gateway: c.Gateway } : {}) })),
        options,
        peers: (n.Peers ?? []).filter((p) => typeof p?.IP === 'string' && isIP(p.IP) !== 0)
          .map((p) => ({ name: typeof p.Name === 'string' && PEER_NAME.test(p.Name) ? p.Name : '', ip: p.IP as string })),
        containers: Object.keys(n.Containers ?? {}).length,
        endpoints: Object.values(n.Containers ?? {}).map((c) => c?.EndpointID).filter((e): e is string => typeof e === 'string' && ENDPOINT_ID.test(e)),
        tasks: tasksOf(n.Services),
      };
    });
}

function tasksOf(services: RawNetwork['Services']): OverlayNetwork['tasks'] {
  const tasks: OverlayNetwork['tasks'] = [];
  for (const service of Object.values(services ?? {})) {
    for (const task of service?.Tasks ?? []) {
      const hostIp = task?.Info?.['Host IP'];
      if (typeof task?.EndpointID === 'string' && ENDPOINT_ID.test(task.EndpointID) && typeof hostIp === 'string' && isIP(hostIp) !== 0) {
        tasks.push({ endpointId: task.EndpointID, hostIp });
      }
    }
  }
  return tasks;
}

/** The data-path address this host announced on the network: the Host IP of its own tasks. */
export function localDataPathAddress(network: OverlayNetwork): string | undefined {
  const mine = new Set(network.endpoints);
  return network.tasks.find((t) => mine.has(t.endpointId))?.hostIp;
}
