// Is a kernel piece there? From what the host has, in moby's check-config.sh order of trust: loaded
// (/proc/modules), built in (modules.builtin, or =y in the kernel config), loadable (modules.dep, or
// =m): all fine, the kernel loads a module on first use. Missing only when the config says "is not
// set", or the kernel has no module support and the piece is not built in. Pure.
import type { HostFiles } from './host-files.js';

export interface KernelPiece {
  /** The module's name as /proc/modules and modules.dep spell it. */
  module: string;
  /** Its kernel config symbol. */
  config: string;
}

export type PieceState = 'loaded' | 'builtin' | 'loadable' | 'missing' | 'unknown';

export interface PieceReading { state: PieceState; source: string }

function moduleName(path: string): string {
  return (path.split(':')[0].split('/').pop() ?? '').replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

function configValue(files: HostFiles, symbol: string): 'y' | 'm' | 'n' | undefined {
  for (const line of files.config ?? []) {
    if (line === `# ${symbol} is not set`) return 'n';
    const m = line.match(/^(CONFIG_\w+)=(.*)$/);
    if (m && m[1] === symbol) return m[2] === 'y' ? 'y' : m[2] === 'm' ? 'm' : 'n';
  }
  return undefined;
}

export function readPiece(files: HostFiles, piece: KernelPiece): PieceReading {
  const name = piece.module.replace(/-/g, '_');
  if (files.loaded?.some((m) => m.replace(/-/g, '_') === name)) return { state: 'loaded', source: '/proc/modules' };
  if (files.builtin?.some((l) => moduleName(l) === name)) return { state: 'builtin', source: 'modules.builtin' };
  if (files.dep?.some((l) => moduleName(l) === name)) return { state: 'loadable', source: 'modules.dep' };
  const from = files.configFrom ?? 'the kernel config';
  const value = configValue(files, piece.config);
  if (value === 'y') return { state: 'builtin', source: `${from} (${piece.config}=y)` };
  if (value === 'm') return { state: 'loadable', source: `${from} (${piece.config}=m)` };
  if (value === 'n') return { state: 'missing', source: `${from} (${piece.config} is not set)` };
  // A config without the symbol's line did not build it (its dependencies were not met).
  if (files.config !== undefined) return { state: 'missing', source: `${from} (no ${piece.config} line)` };
  if (files.builtin !== undefined && files.dep !== undefined) return { state: 'missing', source: 'not in /proc/modules, modules.builtin or modules.dep' };
  return { state: 'unknown', source: unreadable(files) };
}

function unreadable(files: HostFiles): string {
  const what = ['modules', 'builtin', 'dep', 'config'].filter((k) => files.errors[k]).map((k) => `${k === 'modules' ? '/proc/modules' : k === 'config' ? 'the kernel config' : `modules.${k}`} (${files.errors[k]})`);
  return what.length ? `could not read ${what.join(', ')}` : 'no module list or kernel config to read';
}
