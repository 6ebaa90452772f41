// The host list from --inventory or --hosts (narrowed by --limit), and the ssh_config lookup (-F FILE,
// -F none, or the default files).
import { PreflightError } from '../errors.js';
import { loadInventories, parseHostsFlag, type LoadOptions } from '../inventory/index.js';
import { roleGroupsFrom } from '../inventory/roles.js';
import type { HostSpec } from '../model.js';
import type { SshConfigLookup } from '../run/ssh-target.js';
import type { ConfigLocations } from '../ssh/config-files.js';
import { type LocalContext, loadSshConfig, resolve } from '../ssh/ssh-config.js';
import type { Warn } from '../ssh/warnings.js';

export interface HostArgs {
  inventory?: string[] | string;
  hosts?: string;
  limit?: string | string[];
  managersGroup?: string[];
  workersGroup?: string[];
}

export function loadHosts(args: HostArgs, warn: (message: string) => void = printWarning, readStdin?: () => string): HostSpec[] {
  const inventories = args.inventory === undefined ? [] : [args.inventory].flat();
  if (inventories.length > 0 && args.hosts) throw new PreflightError('usage', 'give either --inventory or --hosts, not both');
  if (Array.isArray(args.limit)) throw new PreflightError('usage', 'give --limit once; combine patterns in it with "," (web*,!web3)');
  const named = [
    ...(args.managersGroup ?? []).map((name) => ({ flag: '--managers-group', name })),
    ...(args.workersGroup ?? []).map((name) => ({ flag: '--workers-group', name })),
  ];
  const options: LoadOptions = {
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
    roleGroups: roleGroupsFrom(args.managersGroup, args.workersGroup),
    namedGroups: named,
    ...(readStdin ? { readStdin } : {}),
  };
  if (inventories.length > 0) {
    if (inventories.some((i) => i === '')) throw new PreflightError('usage', '-i/--inventory needs a file or directory (or - for stdin)');
    const loaded = loadInventories(inventories, options);
    loaded.warnings.forEach((w) => warn(w));
    warnIgnoredSshOptions(loaded.hosts, warn);
    return loaded.hosts;
  }
  if (args.hosts) {
    if (named.length > 0) throw new PreflightError('usage', `${named[0].flag} needs an inventory with groups (-i); with --hosts give roles as "host manager" or "host worker"`);
    return parseHostsFlag(args.hosts, options);
  }
  throw new PreflightError('usage', 'no hosts: give -i/--inventory FILE or --hosts a,b,c');
}

/** One line for all hosts: which ssh options from ansible_ssh_*_args are not applied, and on which hosts. */
export function warnIgnoredSshOptions(hosts: HostSpec[], warn: (message: string) => void): void {
  const byOption = new Map<string, string[]>();
  for (const h of hosts) for (const o of h.ignoredSshOptions ?? []) byOption.set(o, [...(byOption.get(o) ?? []), h.id]);
  if (byOption.size === 0) return;
  const list = [...byOption].map(([o, ids]) => `${o} (${ids.length === hosts.length ? 'all hosts' : ids.slice(0, 3).join(', ') + (ids.length > 3 ? ` and ${ids.length - 3} more` : '')})`);
  warn(`ansible_ssh_common_args / ansible_ssh_extra_args options not applied (swarm-preflight uses only the jump host or proxy command there): ${list.join('; ')}; use --known-hosts, --host-key-check or -F ssh_config for such settings`);
}

function printWarning(message: string): void {
  process.stderr.write(`swarm-preflight: warning: ${message}\n`);
}

/**
 * Read the ssh_config files once (`file` from -F; undefined: ~/.ssh/config then /etc/ssh/ssh_config) and
 * return the per-host lookup. What the files set that is not honoured goes to `warn`, once.
 */
export async function loadSshLookup(file: string | undefined, warn: Warn, where: ConfigLocations & LocalContext = {}): Promise<SshConfigLookup> {
  const config = await loadSshConfig(file, where);
  for (const warning of config.warnings) warn(warning);
  const cache = new Map<string, ReturnType<SshConfigLookup>>();
  return (alias, preset = {}) => {
    const key = JSON.stringify([alias, preset.user, preset.port]);
    let resolved = cache.get(key);
    if (!resolved) {
      resolved = resolve(config, alias, where, preset, warn);
      cache.set(key, resolved);
    }
    return resolved;
  };
}
