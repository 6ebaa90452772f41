// A host's swarm role comes from its groups or an explicit `swarm_role` variable. Contradictions are
// inventory errors: guessing a role would test the wrong ports.
import type { Role } from '../model.js';
import type { ResolvedHost } from './groups.js';
import { assertUsable } from './needed.js';
import { at, inventoryError, show, type Where } from './raw.js';

/** Group names that mark managers and workers; compared case-insensitively, "-" read as "_". */
export interface RoleGroups { managers: string[]; workers: string[] }

// The names operators and the common swarm roles use (atosatto.docker-swarm: docker_swarm_manager /
// docker_swarm_worker; others: swarm_managers, swarm-master, docker_managers ...).
export const DEFAULT_ROLE_GROUPS: RoleGroups = {
  managers: [
    'managers', 'manager', 'swarm_managers', 'swarm_manager', 'swarm_masters', 'swarm_master',
    'docker_swarm_managers', 'docker_swarm_manager', 'docker_managers', 'docker_manager',
  ],
  workers: [
    'workers', 'worker', 'swarm_workers', 'swarm_worker',
    'docker_swarm_workers', 'docker_swarm_worker', 'docker_workers', 'docker_worker',
  ],
};

const norm = (name: string): string => name.toLowerCase().replace(/-/g, '_');

/**
 * The role groups in force: `--managers-group` / `--workers-group` replace the defaults for their role
 * (a group named "workers" that runs something else must then not count), the other role keeps them.
 */
export function roleGroupsFrom(managers: string[] = [], workers: string[] = []): RoleGroups {
  return {
    managers: managers.length > 0 ? managers : DEFAULT_ROLE_GROUPS.managers,
    workers: workers.length > 0 ? workers : DEFAULT_ROLE_GROUPS.workers,
  };
}

/** The role a group name implies, if any. */
export function roleOfGroup(group: string, groups: RoleGroups = DEFAULT_ROLE_GROUPS): Role {
  const g = norm(group);
  if (groups.managers.some((m) => norm(m) === g)) return 'manager';
  if (groups.workers.some((w) => norm(w) === g)) return 'worker';
  return 'unknown';
}

export interface RoleOf { role: Role; /** The group or swarm_role variable that decided it. */ from?: string }

export function resolveRole(host: ResolvedHost, where: Where, groups: RoleGroups = DEFAULT_ROLE_GROUPS): RoleOf {
  const hostAt = at(where, host);
  const managerGroup = host.groups.find((g) => roleOfGroup(g, groups) === 'manager');
  const workerGroup = host.groups.find((g) => roleOfGroup(g, groups) === 'worker');
  if (managerGroup && workerGroup) {
    throw inventoryError(hostAt,
      `host ${show(host.name)} is in group ${show(managerGroup)} and group ${show(workerGroup)}; a swarm node is either a manager or a worker, remove it from one`);
  }
  const roleGroup = managerGroup ?? workerGroup;
  const fromGroup: Role = managerGroup ? 'manager' : workerGroup ? 'worker' : 'unknown';
  const explicit = host.vars.get('swarm_role');
  if (!explicit) {
    const groupAt = roleGroup ? host.groupAt?.get(roleGroup) : undefined;
    return roleGroup ? { role: fromGroup, from: `group ${roleGroup}${groupAt ? ` (${groupAt})` : ''}` } : { role: 'unknown' };
  }
  const explicitAt = at(where, explicit);
  assertUsable(host.name, 'swarm_role', explicit, explicitAt);
  const role = explicit.value.trim().toLowerCase();
  if (role !== 'manager' && role !== 'worker') {
    throw inventoryError(explicitAt, `host ${show(host.name)}: swarm_role ${show(explicit.value)} must be manager or worker`);
  }
  if (fromGroup !== 'unknown' && role !== fromGroup) {
    throw inventoryError(explicitAt,
      `host ${show(host.name)}: swarm_role ${show(explicit.value)} contradicts its group ${show(roleGroup!)}; remove one of the two`);
  }
  return { role, from: explicitAt };
}
