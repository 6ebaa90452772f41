// The format-neutral inventory every parser produces: groups, hosts and variables, each with the line
// that declared it. Group resolution, roles and validation work on this, whatever the input format.
import { PreflightError } from '../errors.js';
import type { Node } from './tree.js';

/** Turns a line number into the location users read in messages: "inventory.yml:7", "--hosts item 2". */
export type Where = (line: number) => string;

export interface Located { value: string; line: number }
export type VarMap = Map<string, Located>;

export interface RawGroup {
  name: string;
  line: number;
  vars: VarMap;
  /** Child group name -> line that listed it. */
  children: Map<string, number>;
  /** Host name -> line that listed it in this group. */
  hosts: Map<string, number>;
}

export interface RawHost { name: string; line: number; vars: VarMap }

export interface RawInventory { groups: Map<string, RawGroup>; hosts: Map<string, RawHost> }

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
  return { groups: new Map(), hosts: new Map() };
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
export function setVar(vars: VarMap, key: string, value: string, line: number, where: Where, owner: string): void {
  const prev = vars.get(key);
  if (prev && prev.value !== value) {
    throw inventoryError(where(line),
      `${owner} sets ${key} to ${show(value)} but ${where(prev.line)} set it to ${show(prev.value)}; keep one`);
  }
  if (!prev) vars.set(key, { value, line });
}

/**
 * Copy the scalar variables of a `vars`/hostvars mapping. Lists and mappings are legitimate Ansible
 * variables but never strings, so they are skipped; null means unset.
 */
export function addVarsFrom(node: Node, vars: VarMap, owner: string, where: Where): void {
  if (node.kind === 'scalar' && node.value === null) return;
  if (node.kind !== 'map') throw inventoryError(where(node.line), `the variables of ${owner} must be a mapping of name: value`);
  for (const entry of node.entries.values()) {
    if (entry.value.kind === 'scalar' && entry.value.value !== null) {
      setVar(vars, entry.key, entry.value.value, entry.line, where, owner);
    }
  }
}
