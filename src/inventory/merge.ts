// Several -i sources make one inventory, as in Ansible: groups and hosts are united, and a variable
// set by a later source overrides the earlier one. Every value keeps the file it came from.
import { ensureGroup, type Located, type RawInventory, type VarMap } from './raw.js';

export function mergeInventory(into: RawInventory, from: RawInventory, fileName: string): void {
  const stamp = (vars: VarMap): VarMap => new Map([...vars].map(([k, v]): [string, Located] => [k, { ...v, file: v.file ?? fileName }]));
  for (const group of from.groups.values()) {
    const target = into.groups.has(group.name) ? into.groups.get(group.name)! : { ...ensureGroup(into, group.name, group.line), file: group.file ?? fileName };
    into.groups.set(group.name, target);
    for (const [k, v] of stamp(group.vars)) target.vars.set(k, v);
    for (const [child, line] of group.children) if (!target.children.has(child)) target.children.set(child, line);
    for (const [host, line] of group.hosts) if (!target.hosts.has(host)) target.hosts.set(host, line);
  }
  for (const host of from.hosts.values()) {
    const target = into.hosts.get(host.name);
    if (target) for (const [k, v] of stamp(host.vars)) target.vars.set(k, v);
    else into.hosts.set(host.name, { name: host.name, line: host.line, file: host.file ?? fileName, vars: stamp(host.vars) });
  }
}
