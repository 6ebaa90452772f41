// The JSON that `ansible-inventory --list` (and dynamic inventory scripts) print: `_meta.hostvars`
// plus one key per group with `hosts`, `children` and `vars`. A group given as a bare list of host
// names is the older script format and is accepted too.
import { parseJson } from './json-lite.js';
import { isNull, kindName, type Node } from './tree.js';
import {
  addVarsFrom, declareHost, ensureGroup, fileWhere, inventoryError, newInventory, show,
  type RawInventory, type Where,
} from './raw.js';

export function parseAnsibleJson(text: string, fileName: string): RawInventory {
  const where = fileWhere(fileName);
  const inv = newInventory();
  const root = parseJson(text, fileName);
  if (root.kind !== 'map') {
    throw inventoryError(where(root.line), `a JSON inventory is an object like the output of "ansible-inventory --list", not ${kindName(root)}`);
  }
  for (const entry of root.entries.values()) {
    if (entry.key === '_meta') readMeta(inv, entry.value, where);
    else readGroup(inv, entry.key, entry.value, entry.line, where);
  }
  return inv;
}

function readMeta(inv: RawInventory, node: Node, where: Where): void {
  if (node.kind !== 'map') throw inventoryError(where(node.line), '"_meta" must be an object with "hostvars"');
  const hostvars = node.entries.get('hostvars')?.value;
  if (!hostvars || isNull(hostvars)) return;
  if (hostvars.kind !== 'map') throw inventoryError(where(hostvars.line), '"_meta.hostvars" must be an object of host name: variables');
  for (const entry of hostvars.entries.values()) {
    const host = declareHost(inv, null, entry.key, entry.line, where);
    addVarsFrom(entry.value, host.vars, `host ${show(entry.key)}`, where);
  }
}

function readGroup(inv: RawInventory, name: string, node: Node, line: number, where: Where): void {
  const group = ensureGroup(inv, name, line);
  if (isNull(node)) return;
  if (node.kind === 'seq') {
    for (const hostName of names(node, `hosts of group ${show(name)}`, where)) declareHost(inv, name, hostName.value, hostName.line, where);
    return;
  }
  if (node.kind !== 'map') throw inventoryError(where(node.line), `group ${show(name)} must be an object with hosts, children or vars, not ${kindName(node)}`);
  for (const entry of node.entries.values()) {
    if (entry.key === 'hosts') {
      for (const h of names(entry.value, `hosts of group ${show(name)}`, where)) declareHost(inv, name, h.value, h.line, where);
    } else if (entry.key === 'children') {
      for (const c of names(entry.value, `children of group ${show(name)}`, where)) {
        group.children.set(c.value, c.line);
        ensureGroup(inv, c.value, c.line);
      }
    } else if (entry.key === 'vars') {
      addVarsFrom(entry.value, group.vars, `group ${show(name)}`, where);
    } else {
      throw inventoryError(where(entry.line), `group ${show(name)} has an unexpected key ${show(entry.key)}; expected hosts, children or vars`);
    }
  }
}

/** A list of name strings, each with its line. */
function names(node: Node, what: string, where: Where): { value: string; line: number }[] {
  if (isNull(node)) return [];
  if (node.kind !== 'seq') throw inventoryError(where(node.line), `${what} must be a list of names, not ${kindName(node)}`);
  return node.items.map((item) => {
    if (item.kind !== 'scalar' || item.value === null) throw inventoryError(where(item.line), `${what} must be a list of names, not ${kindName(item)}`);
    return { value: item.value, line: item.line };
  });
}
