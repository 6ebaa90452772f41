// Parses a manager's service list (GET /services, as `docker service inspect` prints each): the
// virtual IPs each service holds, per network.
// Every VIP takes an address from its network's subnet, which the capacity check must count.
import { InvalidDataError } from '../agent/invalid-data.js';
import { cidr, matching } from '../agent/shape.js';

const NETWORK_ID = matching(/^[0-9a-z]+$/, 64, 'a network id');

interface RawService {
  Spec?: { Name?: string; EndpointSpec?: { Mode?: string } };
  Endpoint?: { VirtualIPs?: { NetworkID?: string; Addr?: string }[] | null };
}

/** Network id -> number of service VIPs on it. */
export function parseServiceVips(stdout: string): Map<string, number> {
  const raw = JSON.parse(stdout) as RawService[];
  if (!Array.isArray(raw)) throw new Error('docker service inspect did not print a JSON array');
  const vips = new Map<string, number>();
  for (const service of raw) {
    for (const vip of service.Endpoint?.VirtualIPs ?? []) {
      if (!vip.NetworkID || !vip.Addr) continue;
      const problem = NETWORK_ID(vip.NetworkID) ?? cidr(vip.Addr);
      if (problem) throw new InvalidDataError(`docker service inspect VirtualIPs ${problem}`);
      vips.set(vip.NetworkID, (vips.get(vip.NetworkID) ?? 0) + 1);
    }
  }
  return vips;
}
