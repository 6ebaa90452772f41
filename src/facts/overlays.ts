// Parses `docker network inspect` of the overlay networks: names, subnets, options, encryption.

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

export function parseNetworkInspect(stdout: string): OverlayNetwork[] {
  const raw = JSON.parse(stdout) as RawNetwork[];
  if (!Array.isArray(raw)) throw new Error('docker network inspect did not print a JSON array');
  return raw
    .filter((n) => n.Driver === 'overlay')
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
