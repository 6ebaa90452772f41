// Pick the inventory format from the content itself, so users never need a --format flag.
import { inventoryError } from './raw.js';

export type InventoryFormat = 'json' | 'ini' | 'yaml' | 'plain';

// Group names are plain words, so a JSON array like ["a"] is not mistaken for a section.
const SECTION = /^\s*\[[A-Za-z0-9_.:-]+\]\s*(?:[#;].*)?$/;
const YAML_KEY = /^(?:"[^"]*"|'[^']*'|[^\s#'"{[\-][^#]*?)[ \t]*:(?:[ \t]|$)/;
const INI_ASSIGNMENT = /\s[A-Za-z_][A-Za-z0-9_]*=/;

export function detectFormat(text: string, fileName: string): InventoryFormat {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(/\r?\n/);
  const firstIndex = lines.findIndex((l) => !/^\s*([#;].*)?$/.test(l));
  if (firstIndex < 0) throw inventoryError(`${fileName}:1`, 'inventory is empty; list at least one host');
  const first = lines[firstIndex].trim();
  const where = `${fileName}:${firstIndex + 1}`;

  const control = lines.findIndex((l) => /[\u0000-\u0008\u000b-\u001f\u007f]/.test(l.replace(/\r$/, '')));
  if (control >= 0) throw inventoryError(`${fileName}:${control + 1}`, unknown('it contains control characters (is it a binary file?)'));

  if (first.startsWith('{')) {
    if (!looksLikeInventoryJson(body)) throw inventoryError(where, unknown('it is JSON but has neither "_meta" nor groups with hosts or children'));
    return 'json';
  }
  // YAML first: a YAML flow list on a line of its own ("  [web]") looks like an INI section.
  if (first === '---' || first.startsWith('--- ') || YAML_KEY.test(first)) return 'yaml';
  if (lines.some((l) => SECTION.test(l))) return 'ini';
  if (first.startsWith('[')) throw inventoryError(where, unknown('it starts with "[" but has no [group] section line'));
  // Ansible INI allows hosts before any section: "host ansible_host=..." without a [group].
  if (INI_ASSIGNMENT.test(first)) return 'ini';
  return 'plain';
}

function unknown(reason: string): string {
  return `cannot tell the inventory format: ${reason}; expected Ansible YAML, Ansible INI, ansible-inventory --list JSON, or one host per line`;
}

/** Invalid JSON counts as JSON here so that the JSON parser reports the syntax error with its line. */
function looksLikeInventoryJson(body: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return true;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).some(([key, group]) => key === '_meta' || Array.isArray(group)
    || (group !== null && typeof group === 'object' && ['hosts', 'children', 'vars'].some((k) => k in group)));
}
