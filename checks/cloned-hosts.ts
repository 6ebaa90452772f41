// cloned-hosts: machines copied from one image keep what should be unique per machine: the
// machine-id (DHCP client IDs, journald), docker's engine ID, a swarm node ID (a node joined
// before it was copied), the hostname (node names). Entries that are one machine (same-machine)
// are not clones of each other. Only digests of the IDs are reported.
import { createHash } from 'node:crypto';
import type { Finding } from '../src/model.js';
import type { Check, CheckContext, HostContext } from './context.js';

export const id = 'cloned-hosts';
export const title = 'Cloned machines (same machine-id, engine ID, node ID or hostname)';

export interface ClonedEvidence { what: string; hosts: string[]; digest?: string }

interface Identity { what: string; of: (h: HostContext) => string | undefined; secret: boolean; fix: (hosts: string[]) => string }

const IDENTITIES: Identity[] = [
  {
    what: 'machine-id', of: (h) => h.files?.machineId, secret: true,
    fix: (hosts) => `on all but one of ${hosts.join(', ')}: rm /etc/machine-id && systemd-machine-id-setup (or dbus-uuidgen --ensure=/etc/machine-id), then reboot`,
  },
  {
    what: 'docker engine ID', of: (h) => h.docker?.engineId, secret: true,
    fix: (hosts) => `on all but one of ${hosts.join(', ')}: stop docker, remove /etc/docker/key.json (docker 20.10) or /var/lib/docker/engine-id (23+), start docker; a swarm node then leaves and re-joins`,
  },
  {
    what: 'swarm node ID', of: (h) => h.docker?.nodeId, secret: true,
    fix: (hosts) => `on all but one of ${hosts.join(', ')}: docker swarm leave --force, then docker swarm join again (a manager: docker node rm the stale entry)`,
  },
  {
    what: 'hostname', of: (h) => h.result.facts?.hostname, secret: false,
    fix: (hosts) => `give each of ${hosts.join(', ')} its own hostname (hostnamectl set-hostname NAME) before it joins the swarm: nodes are named by it`,
  },
];

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

export function evaluateCloned(ctx: CheckContext): Finding[] {
  const duplicates = new Set(ctx.sameMachine.map(([, b]) => b));
  const machines = ctx.hosts.filter((h) => !duplicates.has(h.id));
  const findings: Finding[] = [];
  for (const identity of IDENTITIES) {
    const by = new Map<string, string[]>();
    for (const h of machines) {
      const value = identity.of(h);
      if (value) by.set(value, [...(by.get(value) ?? []), h.id]);
    }
    for (const [value, hosts] of by) {
      if (hosts.length < 2) continue;
      const shown = identity.secret ? `(digest ${digest(value)})` : `"${value}"`;
      const evidence: ClonedEvidence = { what: identity.what, hosts, ...(identity.secret ? { digest: digest(value) } : {}) };
      findings.push({
        check: id, status: 'warn', hosts,
        summary: `${hosts.join(', ')} have the same ${identity.what} ${shown}: cloned machines`,
        remediation: identity.fix(hosts),
        evidence: evidence as unknown as Record<string, unknown>,
      });
    }
  }
  return findings;
}

export const check: Check = { id, title, scope: 'cluster', needs: ['files', 'docker', 'access'], evaluate: evaluateCloned };
