// A host's swarm role comes from its groups (managers/manager, workers/worker) or an explicit
// `swarm_role` variable. Contradictions are inventory errors: guessing a role would test the wrong ports.
import type { Role } from '../model.js';
import type { ResolvedHost } from './groups.js';
import { inventoryError, show, type Where } from './raw.js';

/** The role a group name implies, if any. */
export function roleOfGroup(group: string): Role {
  const g = group.toLowerCase();
  if (g === 'managers' || g === 'manager') return 'manager';
  if (g === 'workers' || g === 'worker') return 'worker';
  return 'unknown';
}

export function resolveRole(host: ResolvedHost, where: Where): Role {
  const managerGroup = host.groups.find((g) => roleOfGroup(g) === 'manager');
  const workerGroup = host.groups.find((g) => roleOfGroup(g) === 'worker');
  if (managerGroup && workerGroup) {
    throw inventoryError(where(host.line),
      `host ${show(host.name)} is in group ${show(managerGroup)} and group ${show(workerGroup)}; a swarm node is either a manager or a worker, remove it from one`);
  }
  const fromGroup: Role = managerGroup ? 'manager' : workerGroup ? 'worker' : 'unknown';
  const explicit = host.vars.get('swarm_role');
  if (!explicit) return fromGroup;
  const role = explicit.value.trim().toLowerCase();
  if (role !== 'manager' && role !== 'worker') {
    throw inventoryError(where(explicit.line), `host ${show(host.name)}: swarm_role ${show(explicit.value)} must be manager or worker`);
  }
  if (fromGroup !== 'unknown' && role !== fromGroup) {
    throw inventoryError(where(explicit.line),
      `host ${show(host.name)}: swarm_role ${show(explicit.value)} contradicts its group ${show((managerGroup ?? workerGroup)!)}; remove one of the two`);
  }
  return role;
}
