// Check contexts for unit tests, from fixtures of real agent output captured in the lab.
import type { CheckContext, HostContext } from '../../../checks/context.js';
import { type HostFiles, parseHostFiles } from '../../../src/facts/host-files.js';
import { fixture } from '../../fixtures/load.js';

/** The agent's `hostfacts` event of a lab host (hostfacts.n1.json ...), validated as the runner does. */
export function labFiles(name: string): HostFiles {
  return parseHostFiles(JSON.parse(fixture(`lab/${name}`)) as Record<string, unknown>);
}

export function host(id: string, extra: Partial<HostContext> = {}): HostContext {
  return {
    id,
    declaredRole: 'unknown',
    result: { id, address: extra.address ?? id, role: 'unknown', reachable: true, error: null, facts: { hostname: id } },
    listening: [],
    firewall: 'unknown',
    address: id,
    ...extra,
  };
}

export function context(hosts: HostContext[], extra: Partial<CheckContext> = {}): CheckContext {
  return { hosts, dataPathPort: 4789, esp: false, encryptedOverlays: [], sameMachine: [], ...extra };
}
