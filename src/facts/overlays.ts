// Parses `docker network inspect` of the overlay networks: names, subnets, options, encryption.
// Names, ranges and addresses are checked: they reach the reports and the subnet and MTU checks.
import { InvalidDataError } from '../agent/invalid-data.js';
import { bool, cidr, type Fields, ip, list, matching, nullable, object } from '../agent/shape.js';

export interface OverlayNetwork {
  id: string;
  name: string;
  ingress: boolean;
  encrypted: boolean;
  subnets: { subnet: string; gateway?: string }[];
  options: Record<string, string>;
  peers: { name: string; ip: string }[];
  containers: number;
}

interface RawNetwork {
  Id?: string;
  Name?: string;
  Driver?: string;
  Ingress?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
  Options?: Record<string, string> | null;
  Peers?: { Name?: string; IP?: string }[] | null;
  Containers?: Record<string, unknown> | null;
}

/** Network ids as `docker network ls -q --no-trunc` prints them; anything else is dropped. */
export function parseNetworkIds(stdout: string): string[] {
  return stdout.split('\n').map((s) => s.trim()).filter((s) => /^[0-9a-z]{12,64}$/.test(s));
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
        peers: (n.Peers ?? []).map((p) => ({ name: p.Name ?? '', ip: p.IP ?? '' })),
        containers: Object.keys(n.Containers ?? {}).length,
      };
    });
}
