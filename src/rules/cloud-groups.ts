// What a cloud rule covers: clouds filter by group, tag or address list, not per host, so the swarm's
// ports are gathered per role. Every node is a source (itself included: a group rule covers the whole
// group). Pure.
import type { Protocol } from '../model.js';
import type { HostNeeds } from './needs.js';

export interface CloudRule {
  protocol: Protocol;
  /** Empty for ESP. */
  ports: number[];
  /** The hosts it opens into (their addresses). */
  targets: string[];
  /** managers: 2377 (and hosts of unknown role); nodes: every node. */
  group: 'managers' | 'nodes';
  /** Addresses (a.b.c.d) or one range (a.b.c.d/n). */
  sources: string[];
}

/** The cloud rules for these hosts: per group and protocol, one rule with all its ports. */
export function cloudRules(hosts: HostNeeds[], sourceCidr?: string): CloudRule[] {
  const sources = sourceCidr ? [sourceCidr] : hosts.map((h) => h.address);
  const rules = new Map<string, CloudRule>();
  for (const h of hosts) {
    for (const a of h.allows) {
      if (a.direction !== 'in') continue;
      for (const port of a.protocol === 'esp' ? [0] : a.ports) {
        const group = a.protocol === 'tcp' && port === 2377 ? 'managers' : 'nodes';
        const key = `${group}|${a.protocol}`;
        const rule = rules.get(key) ?? { protocol: a.protocol, ports: [], targets: [], group, sources };
        if (a.protocol !== 'esp' && !rule.ports.includes(port)) rule.ports.push(port);
        if (!rule.targets.includes(h.address)) rule.targets.push(h.address);
        rules.set(key, rule);
      }
    }
  }
  return [...rules.values()];
}

/** `a.b.c.d/32` for an address, a range as it is. */
export function asCidr(source: string): string {
  return source.includes('/') ? source : `${source}/32`;
}
