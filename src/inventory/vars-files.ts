// group_vars/ and host_vars/ next to an inventory, found as Ansible's host_group_vars plugin finds
// them: for a group or host NAME the first of NAME, NAME.yml, NAME.yaml, NAME.json that exists; a
// directory NAME/ is read whole (files in name order, recursively, skipping hidden files, backups
// and other extensions), later files overriding earlier ones.
import { readdirSync, statSync } from 'node:fs';
import { readBoundedFile } from './bounded-read.js';
import { extname, join } from 'node:path';
import { inventoryError, type VarMap } from './raw.js';
import { kindName } from './tree.js';
import { parseYamlTree } from './yaml-tree.js';

const CANDIDATES = ['', '.yml', '.yaml', '.json'];

export interface VarsFiles { groups: Map<string, VarMap>; hosts: Map<string, VarMap> }

/** Read the vars files under `basedir` for the given groups and hosts; warnings collect files skipped. */
export function readVarsFiles(basedir: string, groupNames: string[], hostNames: string[], warnings: string[]): VarsFiles {
  return {
    groups: readKind(join(basedir, 'group_vars'), groupNames, warnings),
    hosts: readKind(join(basedir, 'host_vars'), hostNames, warnings),
  };
}

function readKind(dir: string, names: string[], warnings: string[]): Map<string, VarMap> {
  const out = new Map<string, VarMap>();
  let entries: Set<string>;
  try {
    entries = new Set(readdirSync(dir));
  } catch {
    return out;
  }
  for (const name of names) {
    if (name.includes('/') || name.startsWith('.')) continue;
    const found = CANDIDATES.map((ext) => name + ext).find((n) => entries.has(n));
    if (found === undefined) continue;
    const vars: VarMap = new Map();
    for (const file of filesOf(join(dir, found))) readVarsFile(file, vars, warnings);
    if (vars.size > 0) out.set(name, vars);
  }
  return out;
}

function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((entry) => {
    if (entry.startsWith('.') || entry.endsWith('~')) return [];
    const full = join(path, entry);
    const ext = extname(entry);
    if (statSync(full).isDirectory()) return ext === '' ? filesOf(full) : [];
    return CANDIDATES.includes(ext) ? [full] : [];
  });
}

function readVarsFile(file: string, vars: VarMap, warnings: string[]): void {
  // The same bound as an inventory: a regular file of at most 10 MiB.
  const text = readBoundedFile(file);
  if (text.startsWith('$ANSIBLE_VAULT')) {
    warnings.push(`${file} is encrypted with Ansible Vault and was not read; if it sets connection variables, run \`ansible-inventory -i INVENTORY --list --ask-vault-pass > inventory.json\` and pass -i inventory.json`);
    return;
  }
  const root = parseYamlTree(text, file);
  if (root === null) return;
  if (root.kind !== 'map') throw inventoryError(`${file}:${root.line}`, `a vars file is a mapping of name: value, not ${kindName(root)}`);
  // Keys are unique within a file (the parser checks); a later file of a NAME/ directory overrides an earlier one.
  for (const entry of root.entries.values()) {
    const v = entry.value;
    if ((v.kind === 'scalar' && v.vault) || (v.kind === 'map' && v.entries.has('__ansible_vault'))) {
      vars.set(entry.key, { value: '', line: entry.line, file, vault: true });
    } else if (v.kind === 'scalar' && v.value !== null) {
      vars.set(entry.key, { value: v.value, line: entry.line, file });
    }
  }
}
