// From a parsed inventory of any format to validated HostSpecs: resolve groups, then roles and the
// allowlist per host, then uniqueness across hosts.
import type { HostSpec } from '../model.js';
import { resolveHosts } from './groups.js';
import { inventoryError, type RawInventory, type Where } from './raw.js';
import { assertUnique, buildHostSpec } from './validate.js';

/** `whereEmpty` locates the "no hosts" error, which belongs to no particular line. */
export function toHostSpecs(inv: RawInventory, where: Where, whereEmpty: string): HostSpec[] {
  const hosts = resolveHosts(inv, where);
  if (hosts.length === 0) throw inventoryError(whereEmpty, 'no hosts found; list at least one host');
  const specs = hosts.map((host) => buildHostSpec(host, where));
  assertUnique(specs);
  return specs;
}
