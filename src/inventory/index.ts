// The inventory module's entry points: read inventories (files, directories, stdin; any supported
// format; several merged) with their group_vars/ and host_vars/, and return validated hosts, or throw
// PreflightError('inventory') naming the file and line to fix.
import { resolve } from 'node:path';
import type { HostSpec } from '../model.js';
import { PreflightError } from '../errors.js';
import { parseAnsibleIni } from './ansible-ini.js';
import { parseAnsibleJson } from './ansible-json.js';
import { parseAnsibleYaml } from './ansible-yaml.js';
import { toHostSpecs, type BuildOptions } from './build.js';
import { detectFormat, type InventoryFormat } from './detect.js';
import { mergeInventory } from './merge.js';
import { parsePlain } from './plain.js';
import { fileWhere, newInventory, type RawInventory } from './raw.js';
import { readBoundedFd } from './bounded-read.js';
import { collectSources } from './sources.js';
import { readVarsFiles } from './vars-files.js';

export { parseHostsFlag } from './plain.js';
export { detectFormat, type InventoryFormat } from './detect.js';
export type { BuildOptions } from './build.js';

const PARSERS: Record<InventoryFormat, (text: string, fileName: string) => RawInventory> = {
  json: parseAnsibleJson,
  ini: parseAnsibleIni,
  yaml: parseAnsibleYaml,
  plain: parsePlain,
};

export interface LoadOptions extends BuildOptions {
  /** How `-i -` reads stdin (replaced in tests). */
  readStdin?: () => string;
}

export interface Loaded { hosts: HostSpec[]; /** Things skipped or not read, for the CLI to print once each. */ warnings: string[] }

export function parseRaw(text: string, fileName: string): RawInventory {
  return PARSERS[detectFormat(text, fileName)](text, fileName);
}

/** One inventory text, without vars files. */
export function parseInventory(text: string, fileName: string, options: BuildOptions = {}): HostSpec[] {
  return toHostSpecs(parseRaw(text, fileName), fileWhere(fileName), `${fileName}:1`, options);
}

/** Every -i given, merged (groups and hosts united), with the group_vars/ and host_vars/ next to each. */
export function loadInventories(paths: string[], options: LoadOptions = {}): Loaded {
  const sources = collectSources(paths, options.readStdin ?? readStdin);
  const inv = newInventory();
  const basedirs: string[] = [];
  for (const { text, fileName, basedir } of sources.files) {
    const format = detectFormat(text, fileName);
    mergeInventory(inv, PARSERS[format](text, fileName), fileName);
    // `ansible-inventory --list` output already holds what the vars files said (decrypted, if asked to).
    if (basedir !== undefined && format !== 'json') basedirs.push(basedir);
  }
  const seen = new Set<string>();
  for (const dir of basedirs) {
    if (seen.has(resolve(dir))) continue;
    seen.add(resolve(dir));
    const found = readVarsFiles(dir, ['all', ...inv.groups.keys()], [...inv.hosts.keys()], sources.warnings);
    // A later inventory's vars files override an earlier one's, as later sources do in Ansible.
    for (const [target, from] of [[inv.groupFiles, found.groups], [inv.hostFiles, found.hosts]] as const) {
      for (const [name, vars] of from) target.set(name, new Map([...(target.get(name) ?? []), ...vars]));
    }
  }
  const first = sources.files[0].fileName;
  return { hosts: toHostSpecs(inv, fileWhere(first), `${first}:1`, options), warnings: sources.warnings };
}

/** One inventory path, with its vars files. */
export function loadInventory(path: string, options: LoadOptions = {}): HostSpec[] {
  return loadInventories([path], options).hosts;
}

function readStdin(): string {
  if (process.stdin.isTTY) throw new PreflightError('usage', '-i - reads the inventory from stdin, but stdin is a terminal; pipe it in: ansible-inventory -i INVENTORY --list | swarm-preflight -i -');
  return readBoundedFd(0, 'stdin (-i -)');
}
