// swarm-role: the inventory's role against what docker says; docker wins, a mismatch is a warning.
import type { DockerInfo } from '../src/facts/docker-info.js';
import type { Finding, Role } from '../src/model.js';
import type { Check } from './context.js';

export const id = 'swarm-role';
export const title = 'Swarm membership and role';

export function dockerRole(info: DockerInfo | undefined): Role | undefined {
  if (!info?.running || info.swarmState !== 'active') return undefined;
  return info.isManager ? 'manager' : 'worker';
}

export function evaluateSwarmRole(hostId: string, declared: Role, info: DockerInfo | undefined): Finding[] {
  const actual = dockerRole(info);
  const findings: Finding[] = [];
  if (actual && declared !== 'unknown' && actual !== declared) {
    findings.push({
      check: id,
      host: hostId,
      status: 'warn',
      summary: `the inventory says ${declared}, docker says ${hostId} is a ${actual}; probing it as a ${actual}`,
      remediation: `fix the inventory group of ${hostId}, or ${actual === 'worker' ? `promote it (docker node promote ${hostId})` : `demote it (docker node demote ${hostId})`}`,
      evidence: { declared, actual, swarmState: info?.swarmState },
    });
  }
  if (info?.running && (info.swarmState === 'error' || info.swarmState === 'pending' || info.swarmState === 'locked')) {
    findings.push({
      check: id,
      host: hostId,
      status: 'fail',
      summary: `swarm state on ${hostId} is ${info.swarmState}${info.error ? `: ${info.error}` : ''}`,
      remediation: info.swarmState === 'locked'
        ? `unlock the manager: docker swarm unlock (on ${hostId})`
        : `read the docker log on ${hostId}; if it cannot reach a manager, fix the ports below, then docker swarm leave && docker swarm join`,
      evidence: { swarmState: info.swarmState, error: info.error },
    });
  }
  return findings;
}

export const check: Check = {
  id, title, scope: 'host', needs: ['docker'],
  evaluate: (ctx) => ctx.hosts.flatMap((h) => evaluateSwarmRole(h.id, h.declaredRole, h.docker)),
};
