// Ansible YAML inventories: `all:` (or any top-level group) with `hosts:`, `children:` and `vars:`,
// nested to any depth, host names with ranges. Produces the format-neutral RawInventory.
import { parseYamlTree } from './yaml-tree.js';
import { isNull, kindName, type Node } from './tree.js';
import {
  addVarsFrom, declareHostPattern, ensureGroup, fileWhere, inventoryError, newInventory, show,
  ANSIBLE_INVENTORY_HINT, type RawInventory, type Where,
} from './raw.js';

export function parseAnsibleYaml(text: string, fileName: string): RawInventory {
  const where = fileWhere(fileName);
  const inv = newInventory();
  const root = parseYamlTree(text, fileName);
  if (root === null) return inv;
  if (root.kind !== 'map') {
    throw inventoryError(where(root.line), `an Ansible YAML inventory is a mapping of groups starting with "all:", not ${kindName(root)}`);
  }
  const plugin = root.entries.get('plugin');
  if (plugin && plugin.value.kind === 'scalar') {
    throw inventoryError(where(plugin.line), `this is the configuration of the inventory plugin ${show(plugin.value.value ?? '')}, not an inventory; ${ANSIBLE_INVENTORY_HINT}`);
  }
  for (const entry of root.entries.values()) readGroup(inv, entry.key, entry.value, entry.line, where);
  return inv;
}

function readGroup(inv: RawInventory, name: string, node: Node, line: number, where: Where): void {
  const group = ensureGroup(inv, name, line);
  if (isNull(node)) return;
  if (node.kind !== 'map') {
    throw inventoryError(where(node.line), `group ${show(name)} must be a mapping with hosts, children or vars, not ${kindName(node)}`);
  }
  for (const entry of node.entries.values()) {
    const value = entry.value;
    if (entry.key === 'vars') {
      addVarsFrom(value, group.vars, `group ${show(name)}`, where);
    } else if (entry.key === 'hosts' || entry.key === 'children') {
      if (isNull(value)) continue;
      if (value.kind !== 'map') {
        throw inventoryError(where(value.line), `${entry.key} of group ${show(name)} must be a mapping of names ending in ":", not ${kindName(value)}`);
      }
      for (const item of value.entries.values()) {
        if (entry.key === 'hosts') readHost(inv, name, item.key, item.value, item.line, where);
        else {
          group.children.set(item.key, item.line);
          readGroup(inv, item.key, item.value, item.line, where);
        }
      }
    } else {
      // Usually a host or group indented one level too high; Ansible would only warn and drop it.
      throw inventoryError(where(entry.line),
        `group ${show(name)} has an unexpected key ${show(entry.key)}; a group holds only hosts, children and vars (is a "hosts:" line missing above it?)`);
    }
  }
}

function readHost(inv: RawInventory, group: string, name: string, node: Node, line: number, where: Where): void {
  if (node.kind === 'scalar' && node.value !== null) {
    throw inventoryError(where(line), `host ${show(name)} must be followed by its variables as a mapping, or nothing, not ${kindName(node)}`);
  }
  for (const host of declareHostPattern(inv, group, name, line, where)) addVarsFrom(node, host.vars, `host ${show(host.name)}`, where);
}

