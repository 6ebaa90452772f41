// What each -i names, read as Ansible reads inventory sources: a file, `-` (stdin), or a directory of
// inventory files (recursively, in name order, skipping Ansible's ignored names). Also the mistakes
// that are easy to make with -i: a private key given by ssh habit, a dynamic inventory script.
import { readdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { PreflightError } from '../errors.js';
import { readBoundedFile } from './bounded-read.js';
import { ANSIBLE_INVENTORY_HINT } from './raw.js';

/** `basedir`: where this source's group_vars/ and host_vars/ are (the file's directory, or the -i directory). */
export interface InventoryText { text: string; fileName: string; basedir?: string }
export interface Sources { files: InventoryText[]; warnings: string[] }

export const STDIN_NAME = '<stdin>';

// Ansible's defaults: hidden files, group_vars, host_vars, vars_plugins and these endings are not inventories.
const IGNORED_NAMES = new Set(['group_vars', 'host_vars', 'vars_plugins']);
const IGNORED_ENDINGS = ['~', '.orig', '.bak', '.cfg', '.retry', '.pyc', '.pyo', '.swp', '.rpm', '.md', '.txt', '.rst'];

export function collectSources(paths: string[], readStdin: () => string): Sources {
  const out: Sources = { files: [], warnings: [] };
  let stdinRead = false;
  for (const path of paths) {
    if (path === '-') {
      if (stdinRead) throw new PreflightError('usage', '-i - (stdin) is given twice; stdin can be read once');
      stdinRead = true;
      const text = readStdin();
      if (isPrivateKey(text)) throw new PreflightError('usage', 'the inventory read from stdin (-i -) is a private key; pass a key with --identity FILE (-i is the inventory)');
      out.files.push({ text, fileName: STDIN_NAME });
      continue;
    }
    const stats = statOrThrow(path);
    if (stats.isDirectory()) {
      const before = out.files.length;
      readDirectory(path, path, out);
      if (out.files.length === before) {
        throw new PreflightError('inventory', `inventory directory ${path} holds no inventory file`, {
          hint: 'put Ansible YAML, INI or JSON inventory files in it (names ending in .md, .txt, .cfg ... are ignored, as by Ansible)',
        });
      }
    } else {
      const text = readText(path);
      if (text.startsWith('#!')) {
        throw new PreflightError('inventory', `${path} is a dynamic inventory script, which swarm-preflight does not run`, { hint: ANSIBLE_INVENTORY_HINT.replace(/INVENTORY/g, path) });
      }
      out.files.push({ text, fileName: path, basedir: dirname(path) });
    }
  }
  return out;
}

function readDirectory(dir: string, basedir: string, out: Sources): void {
  for (const entry of readdirSync(dir).sort()) {
    if (entry.startsWith('.') || IGNORED_NAMES.has(entry) || IGNORED_ENDINGS.some((e) => entry.endsWith(e))) continue;
    const path = join(dir, entry);
    const stats = statOrThrow(path);
    if (stats.isDirectory()) { readDirectory(path, basedir, out); continue; }
    if (!stats.isFile()) continue;
    const text = readText(path);
    if (text.startsWith('#!') && (stats.mode & 0o111) !== 0) {
      out.warnings.push(`skipped ${path}: it is a dynamic inventory script, which swarm-preflight does not run; run \`ansible-inventory -i ${path} --list > inventory.json\` and pass -i inventory.json`);
    } else if (/^plugin\s*:\s*\S/m.test(text)) {
      out.warnings.push(`skipped ${path}: it configures an inventory plugin, which only Ansible runs; run \`ansible-inventory -i ${path} --list > inventory.json\` and pass -i inventory.json`);
    } else {
      out.files.push({ text, fileName: path, basedir });
    }
  }
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
}

function readText(path: string): string {
  const text = readBoundedFile(path);
  if (isPrivateKey(text)) {
    throw new PreflightError('usage', `${path} is a private key; pass it with --identity (-i is the inventory)`, {
      hint: `swarm-preflight --identity ${path} -i INVENTORY`,
    });
  }
  return text;
}

/** PEM / OpenSSH private keys and PuTTY key files, as `ssh -i` takes them. */
export function isPrivateKey(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 200);
  return /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(head) || head.startsWith('PuTTY-User-Key-File');
}

function cannotRead(path: string, err: unknown): PreflightError {
  const reason = err instanceof Error ? err.message : String(err);
  return new PreflightError('inventory', `cannot read inventory ${path}: ${reason}`, { cause: err, hint: 'check the inventory path and its permissions' });
}
