// From a parsed inventory of any format to validated HostSpecs: resolve groups, apply --limit to the
// whole resolved inventory (so that roles and variables stay what the full inventory says), then
// roles, connection values and the allowlist per host, then uniqueness across hosts.
import { PreflightError } from '../errors.js';
import type { HostSpec } from '../model.js';
import { resolveHosts } from './groups.js';
import { buildHostSpec } from './host-spec.js';
import { applyLimit } from './limit.js';
import { inventoryError, type RawInventory, type Where } from './raw.js';
import { roleOfGroup, type RoleGroups } from './roles.js';
import { assertUnique } from './validate.js';

export interface BuildOptions {
  /** Ansible host pattern (--limit). */
  limit?: string;
  /** Group names that mark managers and workers (--managers-group / --workers-group). */
  roleGroups?: RoleGroups;
  /** Groups named on the command line, which must exist in the inventory. */
  namedGroups?: { flag: string; name: string }[];
}

/** `whereEmpty` locates the "no hosts" error, which belongs to no particular line. */
export function toHostSpecs(inv: RawInventory, where: Where, whereEmpty: string, options: BuildOptions = {}): HostSpec[] {
  let hosts = resolveHosts(inv, where);
  if (hosts.length === 0) throw inventoryError(whereEmpty, 'no hosts found; list at least one host');
  for (const { flag, name } of options.namedGroups ?? []) {
    const known = [...inv.groups.keys()];
    if (!known.some((g) => roleOfGroup(g, { managers: [name], workers: [] }) === 'manager')) {
      const listed = known.filter((g) => g !== 'all' && g !== 'ungrouped');
      const shown = listed.length > 20 ? `${listed.slice(0, 20).join(', ')} and ${listed.length - 20} more` : listed.join(', ') || 'none';
      throw new PreflightError('usage', `${flag} ${JSON.stringify(name)}: the inventory has no such group (its groups: ${shown})`);
    }
  }
  if (options.limit !== undefined) {
    // Ansible's implicit "ungrouped" holds the hosts that are in no group but all.
    const forLimit = hosts.map((h) => ({ name: h.name, groups: h.groups.length === 1 ? [...h.groups, 'ungrouped'] : h.groups }));
    const selected = applyLimit(options.limit, forLimit, [...new Set([...inv.groups.keys(), 'ungrouped'])]);
    hosts = hosts.filter((h) => selected.has(h.name));
  }
  const specs = hosts.map((host) => buildHostSpec(host, where, options.roleGroups));
  assertUnique(specs);
  return specs;
}
