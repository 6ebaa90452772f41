// What the renderers share about causes and per-host counts: the causes of a result, which cause
// each probe and finding belongs to, and how one host fared as a receiver and as a sender. Pure.
import { groupCauses } from '../causes/group.js';
import type { Cause, RunResult } from '../model.js';
import { entriesOf } from '../untested-hosts.js';

/** The result's causes; a result saved before causes existed gets them grouped now, as the runner would. */
export function causesOf(result: RunResult): Cause[] {
  return Array.isArray(result.causes) ? result.causes : groupCauses(result);
}

/** The result with its causes, grouped once here for a result saved without them (renderers ask often). */
export function withCauses(result: RunResult): RunResult {
  return Array.isArray(result.causes) ? result : { ...result, causes: groupCauses(result) };
}

/** The probes a cause explains: those listed, and those of a host out of the run, counted. */
export function probeCount(cause: Cause): number {
  const unsent = Number(cause.untested);
  return cause.probes.length + (Number.isInteger(unsent) && unsent > 0 ? unsent : 0);
}

/** "297 probes and 1 finding": what a cause explains, in words. */
export function explains(cause: Cause): string {
  const parts = [count(probeCount(cause), 'probe'), count(cause.findings.length, 'finding')].filter((s) => !s.startsWith('0 '));
  return parts.length ? parts.join(' and ') : 'nothing recorded';
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** At most `max` names, then how many more: a mesh-wide cause names every host. */
export function nameList(names: string[], max = 10): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** The cause of each host out of the run before probing (the one that counts its unsent probes), by host. */
export function untestedCauses(causes: Cause[]): Map<string, number> {
  const byHost = new Map<string, number>();
  causes.forEach((c, ci) => { if (c.untested && c.hosts[0] !== undefined && !byHost.has(c.hosts[0])) byHost.set(c.hosts[0], ci); });
  return byHost;
}

/** For each probe (and finding) index, the index of the cause that explains it, or -1. */
export function causeIndex(result: RunResult, causes: Cause[]): { probes: Int32Array; findings: Int32Array } {
  const probes = new Int32Array(result.probes.length).fill(-1);
  const findings = new Int32Array(result.findings.length).fill(-1);
  causes.forEach((c, ci) => {
    // Indexes come from a file that may have been edited: only those that point at something count.
    for (const i of c.probes) if (Number.isInteger(i) && i >= 0 && i < probes.length && probes[i] < 0) probes[i] = ci;
    for (const i of c.findings) if (Number.isInteger(i) && i >= 0 && i < findings.length && findings[i] < 0) findings[i] = ci;
  });
  return { probes, findings };
}

export interface HostCounts {
  /** Probes into the host that failed: its input rules, or the network in front of it. */
  inFail: number;
  /** Probes from the host that failed. */
  outFail: number;
  /** Probes that could not be concluded, counted at the host that could not be tested when one could not. */
  untested: number;
  /** Findings about the host (or a pair it is part of) that did not pass. */
  findings: number;
}

export function hostCounts(result: RunResult): Map<string, HostCounts> {
  const counts = new Map(result.hosts.map((h) => [h.id, { inFail: 0, outFail: 0, untested: 0, findings: 0 }]));
  const down = new Set(result.hosts.filter((h) => !h.reachable || h.error).map((h) => h.id));
  const at = (id: string) => counts.get(id);
  for (const p of result.probes) {
    if (p.status === 'fail') {
      const to = at(p.to);
      const from = at(p.from);
      if (to) to.inFail += 1;
      if (from) from.outFail += 1;
    } else if (p.status === 'error') {
      // An unreachable host errors every probe it is part of: count them at it, not at its peers.
      const blamed = [p.from, p.to].filter((id) => down.has(id));
      for (const id of blamed.length ? blamed : [p.from, p.to]) { const c = at(id); if (c) c.untested += 1; }
    }
  }
  // A host out of the run before the round: its unsent probes, each counted once (at the sender when both ends were out).
  for (const u of entriesOf(result)) { const c = at(u.host); if (c) c.untested += u.probes; }
  for (const f of result.findings) {
    if (f.status === 'pass' || f.status === 'skip') continue;
    for (const id of new Set([f.host, f.from, f.to])) { const c = id ? at(id) : undefined; if (c) c.findings += 1; }
  }
  return counts;
}

/** A host's state in a few words: ok, or why it could not be tested. */
export function hostState(h: RunResult['hosts'][number]): string {
  if (h.error) return `${h.reachable ? 'error' : 'unreachable'}: ${h.error}`;
  return h.reachable ? 'ok' : 'unreachable';
}
