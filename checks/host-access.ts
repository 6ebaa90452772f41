// host-access: could the runner reach the host and start its agent there? An `error`, never a fail.
import type { Finding, HostResult } from '../src/model.js';
import { hintFor } from '../src/outcome.js';

export const id = 'host-access';
export const title = 'SSH access and the remote agent';

export function evaluateHostAccess(host: HostResult): Finding[] {
  if (!host.error) return [];
  const kind = host.errorKind ?? 'agent';
  return [{
    check: id,
    host: host.id,
    status: 'error',
    summary: host.error,
    remediation: hintFor(kind),
    evidence: { kind, reachable: host.reachable },
  }];
}
