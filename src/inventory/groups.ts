// Resolve group membership and variable inheritance the way Ansible does: a host belongs to its
// groups and all their ancestors; variables merge from `all` down (shallow groups first, ties by
// name), and host variables win.
import { ensureGroup, inventoryError, show, type RawInventory, type VarMap, type Where } from './raw.js';

export interface ResolvedHost {
  name: string;
  line: number;
  /** Effective variables, each with the line that set it. */
  vars: VarMap;
  /** Every group the host is in, directly or through a parent, including "all". */
  groups: string[];
}

export function resolveHosts(inv: RawInventory, where: Where): ResolvedHost[] {
  const all = ensureGroup(inv, 'all', 1);
  const parents = new Map<string, Set<string>>();
  for (const group of inv.groups.values()) {
    for (const child of group.children.keys()) {
      if (!parents.has(child)) parents.set(child, new Set());
      parents.get(child)!.add(group.name);
    }
  }
  // Groups nobody lists as a child hang off "all", as in Ansible.
  const childrenOf = (name: string): string[] => {
    const explicit = [...(inv.groups.get(name)?.children.keys() ?? [])];
    if (name !== 'all') return explicit;
    const roots = [...inv.groups.keys()].filter((g) => g !== 'all' && !parents.has(g));
    return [...explicit, ...roots];
  };

  const depth = new Map<string, number>();
  const visit = (name: string, d: number, path: string[]): void => {
    if (path.includes(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name];
      const line = inv.groups.get(name)?.line ?? all.line;
      throw inventoryError(where(line), `group ${show(name)} contains itself (${cycle.join(' -> ')}); remove one of these children entries`);
    }
    if ((depth.get(name) ?? -1) >= d) return;
    depth.set(name, d);
    for (const child of childrenOf(name)) visit(child, d + 1, [...path, name]);
  };
  visit('all', 0, []);
  for (const group of inv.groups.values()) {
    // Only a cycle detached from "all" can leave a group unvisited.
    if (!depth.has(group.name)) throw inventoryError(where(group.line), `group ${show(group.name)} is part of a loop of children groups; break the loop`);
  }

  const direct = new Map<string, Set<string>>();
  for (const group of inv.groups.values()) {
    for (const host of group.hosts.keys()) {
      if (!direct.has(host)) direct.set(host, new Set());
      direct.get(host)!.add(group.name);
    }
  }

  return [...inv.hosts.values()].map((host) => {
    const groups = new Set<string>(['all']);
    const pending = [...(direct.get(host.name) ?? [])];
    while (pending.length > 0) {
      const g = pending.pop()!;
      if (groups.has(g)) continue;
      groups.add(g);
      pending.push(...(parents.get(g) ?? []));
    }
    const ordered = [...groups].sort((a, b) => depth.get(a)! - depth.get(b)! || a.localeCompare(b));
    const vars: VarMap = new Map();
    for (const g of ordered) for (const [k, v] of inv.groups.get(g)!.vars) vars.set(k, v);
    for (const [k, v] of host.vars) vars.set(k, v);
    return { name: host.name, line: host.line, vars, groups: ordered };
  });
}
