// The host list from --inventory or --hosts, and the ssh_config lookup from -F.
import { PreflightError } from '../errors.js';
import { loadInventory, parseHostsFlag } from '../inventory/index.js';
import type { HostSpec } from '../model.js';
import type { SshConfigLookup } from '../run/ssh-target.js';
import { loadSshConfig, resolve } from '../ssh/ssh-config.js';

export function loadHosts(args: { inventory?: string; hosts?: string }): HostSpec[] {
  if (args.inventory && args.hosts) throw new PreflightError('usage', 'give either --inventory or --hosts, not both');
  if (args.inventory) return loadInventory(args.inventory);
  if (args.hosts) return parseHostsFlag(args.hosts);
  throw new PreflightError('usage', 'no hosts: give -i/--inventory FILE or --hosts a,b,c');
}

export async function loadSshLookup(file: string | undefined): Promise<SshConfigLookup | undefined> {
  if (!file) return undefined;
  const config = await loadSshConfig(file);
  return (alias) => resolve(config, alias);
}
