// host-access: could the runner reach the host and start its agent there? An `error`, never a fail.
import type { Finding, HostResult } from '../src/model.js';
import { hintFor } from '../src/outcome.js';
import type { Check } from './context.js';

export const id = 'host-access';
export const title = 'SSH access and the remote agent';

/** `hint`: the error's own advice when it has one (a failed ProxyCommand, a changed host key), else the kind's. */
export function evaluateHostAccess(host: HostResult, hint?: string): Finding[] {
  if (!host.error) return [];
  const kind = host.errorKind ?? 'agent';
  return [{
    check: id,
    host: host.id,
    status: 'error',
    summary: host.error,
    remediation: hint ?? hintFor(kind),
    evidence: { kind, reachable: host.reachable },
  }];
}

export const check: Check = {
  id, title, scope: 'host', needs: ['access'],
  evaluate: (ctx) => ctx.hosts.flatMap((h) => evaluateHostAccess(h.result, h.access?.hint)),
};
