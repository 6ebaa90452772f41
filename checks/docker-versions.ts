// docker-versions: swarm nodes on different engine versions. Rolling upgrades pass through it, but
// left that way, managers and workers disagree on features and on the overlay driver's behaviour.
import type { Check } from './context.js';

export const id = 'docker-versions';
export const title = 'The same docker version on every node';

export interface VersionEvidence { versions: Record<string, string[]> }

/** Compares dotted numbers first ("20.10.24+dfsg1" < "24.0.7"), then the text. */
function newer(a: string, b: string): number {
  const pa = a.split(/[^0-9]+/).filter(Boolean).map(Number);
  const pb = b.split(/[^0-9]+/).filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.localeCompare(b);
}

export const check: Check = {
  id, title, scope: 'cluster', needs: ['docker'],
  evaluate: (ctx) => {
    const versions: Record<string, string[]> = {};
    for (const h of ctx.hosts) {
      const v = h.docker?.running ? h.docker.version : undefined;
      if (v) versions[v] = [...(versions[v] ?? []), h.id];
    }
    const list = Object.keys(versions).sort(newer);
    if (list.length < 2) return [];
    const newest = list[list.length - 1];
    const behind = list.slice(0, -1).flatMap((v) => versions[v]);
    return [{
      check: id, status: 'warn', hosts: ctx.hosts.filter((h) => h.docker?.version).map((h) => h.id),
      summary: `docker versions differ: ${list.map((v) => `${v} on ${versions[v].join(', ')}`).join('; ')}`,
      remediation: `upgrade ${behind.join(', ')} to ${newest} (managers first, one at a time: drain, upgrade, activate)`,
      evidence: { versions } satisfies VersionEvidence,
    }];
  },
};
