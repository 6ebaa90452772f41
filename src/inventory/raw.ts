// The format-neutral inventory every parser produces: groups, hosts and variables, each with the line
// that declared it. Group resolution, roles and validation work on this, whatever the input format.
import { PreflightError } from '../errors.js';
import { expandHostPattern, type HostPattern } from './ranges.js';
import type { Node } from './tree.js';

/** Turns a line number into the location users read in messages: "inventory.yml:7", "--hosts item 2". */
export type Where = (line: number) => string;

/**
 * A value and where it was written. `file` is set when the value comes from another file than the one
 * `Where` names (group_vars, host_vars, a second -i); `vault` marks an Ansible Vault value (unknown).
 */
export interface Located { value: string; line: number; file?: string; vault?: true }
export type VarMap = Map<string, Located>;

/** "file:line" of anything located: its own file when it has one, else through `where`. */
export function at(where: Where, item: { line: number; file?: string }): string {
  return item.file !== undefined ? `${item.file}:${item.line}` : where(item.line);
}

export interface RawGroup {
  name: string;
  line: number;
  file?: string;
  vars: VarMap;
  /** Child group name -> line that listed it. */
  children: Map<string, number>;
  /** Host name -> line that listed it in this group. */
  hosts: Map<string, number>;
}

export interface RawHost { name: string; line: number; file?: string; vars: VarMap }

/**
 * `groupFiles` and `hostFiles` hold the variables of group_vars/ and host_vars/ files, which Ansible
 * ranks above the inventory's own group and host variables.
 */
export interface RawInventory {
  groups: Map<string, RawGroup>;
  hosts: Map<string, RawHost>;
  groupFiles: Map<string, VarMap>;
  hostFiles: Map<string, VarMap>;
}

/** What to do with an inventory only Ansible itself can read (plugins, scripts, vaulted values). */
export const ANSIBLE_INVENTORY_HINT = 'let Ansible read it: run `ansible-inventory -i INVENTORY --list > inventory.json` and pass -i inventory.json (or pipe it: `ansible-inventory -i INVENTORY --list | swarm-preflight -i -`)';

export function inventoryError(where: string, message: string): PreflightError {
  return new PreflightError('inventory', `${where}: ${message}`);
}

export function fileWhere(fileName: string): Where {
  return (line) => `${fileName}:${line}`;
}

/** Quote a user-supplied value for a message; JSON escaping shows newlines and control characters instead of printing them. */
export function show(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

export function newInventory(): RawInventory {
  return { groups: new Map(), hosts: new Map(), groupFiles: new Map(), hostFiles: new Map() };
}

export function ensureGroup(inv: RawInventory, name: string, line: number): RawGroup {
  let group = inv.groups.get(name);
  if (!group) {
    group = { name, line, vars: new Map(), children: new Map(), hosts: new Map() };
    inv.groups.set(name, group);
  }
  return group;
}

/**
 * Declare a host, optionally as a member of a group. A host may appear in several groups (Ansible
 * merges them), but listing it twice in the same group is a duplicate.
 */
export function declareHost(inv: RawInventory, groupName: string | null, name: string, line: number, where: Where): RawHost {
  let host = inv.hosts.get(name);
  if (!host) {
    host = { name, line, vars: new Map() };
    inv.hosts.set(name, host);
  }
  if (groupName !== null) {
    const group = ensureGroup(inv, groupName, line);
    const first = group.hosts.get(name);
    if (first !== undefined) {
      const inGroup = groupName === 'ungrouped' ? '' : ` in group ${show(groupName)}`;
      throw inventoryError(where(line), `host ${show(name)} is listed twice${inGroup} (first at ${where(first)}); remove one`);
    }
    group.hosts.set(name, line);
  }
  return host;
}

/** Set a variable; setting it again to a different value is ambiguous, so it is an error. */
export function setVar(vars: VarMap, key: string, value: string, line: number, where: Where, owner: string, vault = false): void {
  const prev = vars.get(key);
  if (prev && (prev.value !== value || (prev.vault === true) !== vault)) {
    const shown = (v: string, isVault: boolean | undefined) => (isVault ? 'a vaulted value' : show(v));
    throw inventoryError(where(line),
      `${owner} sets ${key} to ${shown(value, vault)} but ${at(where, prev)} set it to ${shown(prev.value, prev.vault)}; keep one`);
  }
  if (!prev) vars.set(key, vault ? { value, line, vault: true } : { value, line });
}

/**
 * Copy the scalar variables of a `vars`/hostvars mapping. Lists and mappings are legitimate Ansible
 * variables but never strings, so they are skipped; null means unset.
 */
export function addVarsFrom(node: Node, vars: VarMap, owner: string, where: Where): void {
  if (node.kind === 'scalar' && node.value === null) return;
  if (node.kind !== 'map') throw inventoryError(where(node.line), `the variables of ${owner} must be a mapping of name: value`);
  for (const entry of node.entries.values()) {
    const v = entry.value;
    if (v.kind === 'scalar' && v.value !== null) {
      setVar(vars, entry.key, v.value, entry.line, where, owner, v.vault === true);
    } else if (v.kind === 'map' && v.entries.has('__ansible_vault')) {
      // How `ansible-inventory --list` prints a vaulted value it could not decrypt.
      setVar(vars, entry.key, '', entry.line, where, owner, true);
    }
  }
}

/** Declare every host a pattern names (`web[01:03]`, `web1:2222`); a `:PORT` suffix sets ansible_port. */
export function declareHostPattern(inv: RawInventory, groupName: string | null, pattern: string, line: number, where: Where): RawHost[] {
  let expanded: HostPattern;
  try {
    expanded = expandHostPattern(pattern);
  } catch (err) {
    throw inventoryError(where(line), (err as Error).message);
  }
  return expanded.names.map((name) => {
    const host = declareHost(inv, groupName, name, line, where);
    if (expanded.port !== undefined) setVar(host.vars, 'ansible_port', expanded.port, line, where, `host ${show(name)}`);
    return host;
  });
}
