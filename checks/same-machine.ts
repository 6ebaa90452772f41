// same-machine: two inventory entries that reach one machine (the same host listed under two names or
// addresses). They share a kernel (boot id) and a network namespace, so probes between them would
// test nothing but the loopback; they are not run, and the duplicate is one error naming both.
// Namespaces of one kernel (containers, the lab's hosts) share the boot id but not the namespace.
import type { HostFiles } from '../src/facts/host-files.js';
import type { Finding } from '../src/model.js';
import type { Check } from './context.js';
import type { ProbeSpec } from './types.js';

export const id = 'same-machine';
export const title = 'One machine listed twice';

export interface SameMachineEvidence { hosts: [string, string]; sharing: string[] }

/** Each pair of entries that are one machine, once, the earlier entry first. */
export function sameMachinePairs(hosts: { id: string; files?: HostFiles }[]): [string, string][] {
  const first = new Map<string, string>();
  const pairs: [string, string][] = [];
  for (const h of hosts) {
    const f = h.files;
    if (!f?.bootId || !f.netns) continue;
    const key = `${f.bootId}|${f.netns}|${f.machineId ?? ''}`;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, h.id);
    else pairs.push([earlier, h.id]);
  }
  return pairs;
}

export function skipReason(a: string, b: string): string {
  return `${a} and ${b} are the same machine; nothing to test between them`;
}

/** Marks the probes between entries of one machine as not applicable, with why. */
export function skipSameMachine(specs: ProbeSpec[], pairs: [string, string][]): void {
  const mark = sameMachineMarker(pairs);
  for (const spec of specs) mark(spec);
}

/** The same, one probe at a time (for a plan that is never held whole). */
export function sameMachineMarker(pairs: [string, string][]): (spec: ProbeSpec) => void {
  const reason = new Map(pairs.flatMap(([a, b]) => [[`${a}\u0000${b}`, skipReason(a, b)], [`${b}\u0000${a}`, skipReason(a, b)]]));
  return (spec) => {
    if (reason.size === 0) return;
    const why = reason.get(`${spec.from}\u0000${spec.to}`);
    if (why) spec.skip = why;
  };
}

export const check: Check = {
  id, title, scope: 'cluster', needs: ['files'],
  evaluate: (ctx): Finding[] => ctx.sameMachine.map(([a, b]) => ({
    check: id, status: 'error', hosts: [a, b],
    summary: `${a} and ${b} are the same machine (same machine-id, boot id and network namespace): the probes between them were not run`,
    remediation: `list the machine once in the inventory (remove ${b} or ${a}); if ${b} is meant to be another host, its address reaches ${a} instead`,
    evidence: { hosts: [a, b], sharing: ['machine-id', 'boot id', 'network namespace'] } satisfies SameMachineEvidence,
  })),
};
