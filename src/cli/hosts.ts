// The host list from --inventory or --hosts, and the ssh_config lookup (-F FILE, -F none, or the default files).
import { PreflightError } from '../errors.js';
import { loadInventory, parseHostsFlag } from '../inventory/index.js';
import type { HostSpec } from '../model.js';
import type { SshConfigLookup } from '../run/ssh-target.js';
import type { ConfigLocations } from '../ssh/config-files.js';
import { type LocalContext, loadSshConfig, resolve } from '../ssh/ssh-config.js';
import type { Warn } from '../ssh/warnings.js';

export function loadHosts(args: { inventory?: string; hosts?: string }): HostSpec[] {
  if (args.inventory && args.hosts) throw new PreflightError('usage', 'give either --inventory or --hosts, not both');
  if (args.inventory) return loadInventory(args.inventory);
  if (args.hosts) return parseHostsFlag(args.hosts);
  throw new PreflightError('usage', 'no hosts: give -i/--inventory FILE or --hosts a,b,c');
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
