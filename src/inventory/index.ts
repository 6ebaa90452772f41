// The inventory module's entry points: read a file or text in any supported format and return
// validated hosts, or throw PreflightError('inventory') naming the file and line to fix.
import { readFileSync } from 'node:fs';
import type { HostSpec } from '../model.js';
import { PreflightError } from '../errors.js';
import { parseAnsibleIni } from './ansible-ini.js';
import { parseAnsibleJson } from './ansible-json.js';
import { parseAnsibleYaml } from './ansible-yaml.js';
import { toHostSpecs } from './build.js';
import { detectFormat, type InventoryFormat } from './detect.js';
import { parsePlain } from './plain.js';
import { fileWhere, type RawInventory } from './raw.js';

export { parseHostsFlag } from './plain.js';
export { detectFormat, type InventoryFormat } from './detect.js';

const PARSERS: Record<InventoryFormat, (text: string, fileName: string) => RawInventory> = {
  json: parseAnsibleJson,
  ini: parseAnsibleIni,
  yaml: parseAnsibleYaml,
  plain: parsePlain,
};

export function parseInventory(text: string, fileName: string): HostSpec[] {
  const inv = PARSERS[detectFormat(text, fileName)](text, fileName);
  return toHostSpecs(inv, fileWhere(fileName), `${fileName}:1`);
}

export function loadInventory(path: string): HostSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PreflightError('inventory', `cannot read inventory ${path}: ${reason}`, {
      cause: err,
      hint: 'check the inventory path and its permissions',
    });
  }
  return parseInventory(text, path);
}
