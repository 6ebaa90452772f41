// GCP: firewall rule resources (compute v1 `firewalls`), one for the managers' network tag (2377/tcp)
// and one for every node's tag (the rest), sources the nodes' addresses. ESP is IPProtocol "esp",
// without ports. Pure.
import { MARK } from './names.js';
import { asCidr, type CloudRule } from './cloud-groups.js';

export interface GcpFirewall {
  name: string;
  description: string;
  direction: 'INGRESS';
  priority: number;
  sourceRanges: string[];
  targetTags: string[];
  allowed: { IPProtocol: string; ports?: string[] }[];
}

export const GCP_TAGS = { managers: 'swarm-manager', nodes: 'swarm-node' } as const;

export function gcpFirewalls(rules: CloudRule[]): GcpFirewall[] {
  return (['managers', 'nodes'] as const).flatMap((group) => {
    const mine = rules.filter((r) => r.group === group);
    if (!mine.length) return [];
    return [{
      name: `${MARK}-${group}`,
      description: `${MARK}: the swarm's ports into the ${group === 'managers' ? 'managers' : 'nodes'} (network tag ${GCP_TAGS[group]})`,
      direction: 'INGRESS' as const,
      priority: 1000,
      sourceRanges: [...new Set(mine.flatMap((r) => r.sources.map(asCidr)))],
      targetTags: [GCP_TAGS[group]],
      allowed: mine.map((r) => (r.protocol === 'esp' ? { IPProtocol: 'esp' } : { IPProtocol: r.protocol, ports: r.ports.map(String) })),
    }];
  });
}
