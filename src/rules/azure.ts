// Azure: network security group `securityRules` (name + properties, as in an ARM template or the REST
// API), inbound allows from the nodes' addresses to the hosts that need each port. ESP is protocol
// "Esp", any port. Priorities count up from 1000 (100..4096, unique within the group). Pure.
import { MARK } from './names.js';
import { asCidr, type CloudRule } from './cloud-groups.js';

export interface AzureRule {
  name: string;
  properties: {
    description: string;
    priority: number;
    direction: 'Inbound';
    access: 'Allow';
    protocol: 'Tcp' | 'Udp' | 'Esp';
    sourceAddressPrefixes: string[];
    sourcePortRange: '*';
    destinationAddressPrefixes: string[];
    destinationPortRange?: string;
    destinationPortRanges?: string[];
  };
}

const PROTOCOL = { tcp: 'Tcp', udp: 'Udp', esp: 'Esp' } as const;

export function azureRules(rules: CloudRule[], firstPriority = 1000): AzureRule[] {
  return rules.map((r, i) => ({
    name: `${MARK}-${r.group}-${r.protocol}`,
    properties: {
      description: `${MARK}: ${r.protocol === 'esp' ? 'ESP' : `${r.ports.join(', ')}/${r.protocol}`} into the swarm ${r.group}`,
      priority: firstPriority + i,
      direction: 'Inbound' as const,
      access: 'Allow' as const,
      protocol: PROTOCOL[r.protocol],
      sourceAddressPrefixes: r.sources.map(asCidr),
      sourcePortRange: '*' as const,
      destinationAddressPrefixes: r.targets.map(asCidr),
      ...(r.protocol === 'esp' || r.ports.length === 1 ? { destinationPortRange: r.protocol === 'esp' ? '*' : String(r.ports[0]) } : { destinationPortRanges: r.ports.map(String) }),
    },
  }));
}
