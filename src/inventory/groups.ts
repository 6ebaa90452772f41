// Resolve group membership and variable inheritance the way Ansible does ("Understanding variable
// precedence"): a host belongs to its groups and all their ancestors; variables merge, lowest first,
//   the inventory's `all` vars, the inventory's other group vars (shallow groups first, then
//   ansible_group_priority, then name), group_vars/all, group_vars/<group> (same order),
//   the inventory's host vars, host_vars/<host>.
import { at, ensureGroup, inventoryError, show, type RawInventory, type VarMap, type Where } from './raw.js';

export interface ResolvedHost {
  name: string;
  line: number;
  file?: string;
  /** Effective variables, each with the line that set it. */
  vars: VarMap;
  /** Every group the host is in, directly or through a parent, including "all". */
  groups: string[];
  /** Where each of those groups is declared ("inv.yml:7"). */
  groupAt?: Map<string, string>;
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

  const depth = groupDepths(childrenOf, (name, cycle) => {
    throw inventoryError(at(where, inv.groups.get(name) ?? all), `group ${show(name)} contains itself (${cycle.join(' -> ')}); remove one of these children entries`);
  });
  for (const group of inv.groups.values()) {
    // Only a cycle detached from "all" can leave a group unvisited.
    if (!depth.has(group.name)) throw inventoryError(at(where, group), `group ${show(group.name)} is part of a loop of children groups; break the loop`);
  }

  const priorities = new Map<string, number>();
  for (const group of inv.groups.values()) {
    // Ansible reads the priority from the inventory's own group vars only, as a whole number.
    const p = group.vars.get('ansible_group_priority');
    if (p === undefined) continue;
    if (p.vault || !/^-?\d{1,9}$/.test(p.value.trim())) {
      throw inventoryError(at(where, p), `group ${show(group.name)}: ansible_group_priority ${p.vault ? 'is vaulted' : show(p.value)}; it must be a whole number`);
    }
    priorities.set(group.name, Number(p.value.trim()));
  }
  const priority = (name: string): number => priorities.get(name) ?? 1;

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
    const ordered = [...groups].sort((a, b) => depth.get(a)! - depth.get(b)! || priority(a) - priority(b) || (a < b ? -1 : a > b ? 1 : 0));
    const vars: VarMap = new Map();
    const layer = (from: VarMap | undefined) => { for (const [k, v] of from ?? []) vars.set(k, v); };
    for (const g of ordered) layer(inv.groups.get(g)!.vars);
    for (const g of ordered) layer(inv.groupFiles.get(g));
    layer(host.vars);
    layer(inv.hostFiles.get(host.name));
    const groupAt = new Map(ordered.map((g) => [g, at(where, inv.groups.get(g)!)]));
    return { name: host.name, line: host.line, ...(host.file !== undefined ? { file: host.file } : {}), vars, groups: ordered, groupAt };
  });
}

/**
 * Each group's depth below "all": its longest chain of parents, as Ansible orders groups for variable
 * precedence. Without recursion, and in time linear in the groups and children entries, so a chain of
 * thousands of groups is no trouble. A group that contains itself goes to `onCycle` with the loop.
 */
function groupDepths(childrenOf: (name: string) => string[], onCycle: (name: string, cycle: string[]) => never): Map<string, number> {
  // Depth-first from "all", on an explicit stack: the order groups finish in, reversed, has every
  // parent before its children.
  const state = new Map<string, 'open' | 'done'>();
  const finished: string[] = [];
  const stack: { name: string; children: string[]; next: number }[] = [{ name: 'all', children: childrenOf('all'), next: 0 }];
  state.set('all', 'open');
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.children.length) {
      stack.pop();
      state.set(top.name, 'done');
      finished.push(top.name);
      continue;
    }
    const child = top.children[top.next++]!;
    const seen = state.get(child);
    if (seen === 'open') {
      const from = stack.findIndex((f) => f.name === child);
      onCycle(child, [...stack.slice(from).map((f) => f.name), child]);
    }
    if (seen === undefined) {
      state.set(child, 'open');
      stack.push({ name: child, children: childrenOf(child), next: 0 });
    }
  }
  const depth = new Map<string, number>([['all', 0]]);
  for (let i = finished.length - 1; i >= 0; i--) {
    const name = finished[i]!;
    const d = depth.get(name) ?? 0;
    for (const child of childrenOf(name)) if ((depth.get(child) ?? -1) < d + 1) depth.set(child, d + 1);
  }
  return depth;
}
