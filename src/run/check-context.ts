// The registered checks' view of a run: the runner's per-host maps folded into one CheckContext.
import type { CheckContext, HostContext } from '../../checks/context.js';
import type { ListenItem } from '../agent/protocol.js';
import type { HostResult, HostSpec } from '../model.js';
import type { GatheredFacts } from './facts.js';
import type { GatheredHostFacts } from './host-facts.js';
import type { NetFacts } from './net-facts.js';
import type { RulesetRead } from './rulesets.js';

export interface RunState {
  hosts: HostSpec[];
  results: Map<string, HostResult>;
  hostErrors: Map<string, { kind: string; message: string; hint?: string }>;
  facts: Map<string, GatheredFacts>;
  hostFacts: Map<string, GatheredHostFacts>;
  net: Map<string, NetFacts>;
  rulesets: Map<string, RulesetRead>;
  listening: Map<string, ListenItem[]>;
  addresses: Map<string, string>;
  dataPathPort: number;
  esp: boolean;
  encryptedOverlays: string[];
  sameMachine: [string, string][];
}

export function checkContext(s: RunState): CheckContext {
  const hosts: HostContext[] = s.hosts.map((spec) => {
    const f = s.facts.get(spec.id);
    const hf = s.hostFacts.get(spec.id);
    const net = s.net.get(spec.id);
    const rules = s.rulesets.get(spec.id);
    return {
      id: spec.id,
      declaredRole: spec.role,
      result: s.results.get(spec.id) as HostResult,
      ...(s.hostErrors.has(spec.id) ? { access: s.hostErrors.get(spec.id) } : {}),
      ...(f ? { docker: f.docker } : {}),
      ...(hf?.files ? { files: hf.files } : {}),
      ...(hf?.filesError ? { filesError: hf.filesError } : {}),
      ...(hf ? { clock: hf.clock, offload: hf.offload } : {}),
      ...(hf?.clockError ? { clockError: hf.clockError } : {}),
      ...(net ? { net } : {}),
      listening: s.listening.get(spec.id) ?? [],
      firewall: f?.firewall ?? 'unknown',
      ...(rules && 'ruleset' in rules ? { ruleset: rules.ruleset } : rules ? { rulesetError: rules.error } : {}),
      address: s.addresses.get(spec.id) ?? spec.address,
    };
  });
  const manager = [...s.facts.values()].find((f) => f.docker.isManager && f.vips);
  return {
    hosts,
    dataPathPort: s.dataPathPort,
    esp: s.esp,
    encryptedOverlays: s.encryptedOverlays,
    ...(manager?.vips ? { vipServices: [...manager.vips.values()].reduce((a, b) => a + b, 0) } : {}),
    sameMachine: s.sameMachine,
  };
}
