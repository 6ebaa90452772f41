// A port cause, told by who drops its packets: the named rule (or policy) and the fix against that
// rule's own table and chain; or the network between the hosts when both rulesets were read and no
// rule dropped them (then no host-firewall command at all). Pure.
import { describeDrop, dropFix, networkFix } from '../../checks/drop-fix.js';
import type { DropBy, Protocol } from '../model.js';
import type { Cause } from './types.js';
import type { CauseContext } from './context.js';
import { and, sortPorts } from './words.js';
import { portLabel } from '../model.js';

type Draft = Omit<Cause, 'id' | 'status'>;

/** At most this many distinct rules are spelled out in one cause. */
const MAX_RULES = 4;

export function withDropRules(ctx: CauseContext, draft: Draft): Draft {
  const stopped = draft.probes.filter((i) => ctx.probes[i].dropBy);
  if (!stopped.length) return draft;
  const groups = new Map<string, number[]>();
  for (const i of stopped) {
    const k = keyOf(ctx.probes[i].dropBy as DropBy);
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  const named = [...groups.values()].filter((idx) => ruleOf(ctx, idx[0]));
  const network = [...groups.values()].filter((idx) => ctx.probes[idx[0]].dropBy?.where === 'network');
  const unknown = [...groups.values()].filter((idx) => ctx.probes[idx[0]].dropBy?.where === 'unknown');
  if (named.length) {
    const shown = named.sort((a, b) => b.length - a.length).slice(0, MAX_RULES);
    const why = shown.map((idx) => describeDrop(ctx.probes[idx[0]].dropBy as DropBy));
    const fixes = shown.map((idx) => fixFor(ctx, idx));
    const rest = named.length > MAX_RULES ? `; and ${named.length - MAX_RULES} more rules (see each probe)` : '';
    const others = network.length || unknown.length ? `; the other ${count(network) + count(unknown)} probes are not dropped by a rule found on the hosts` : '';
    return {
      ...draft,
      summary: `${draft.summary}: dropped by ${why.join('; and by ')}${rest}`,
      remediation: `${fixes.join('; ')}${others}`,
    };
  }
  if (network.length && !unknown.length) {
    const probes = network.flat().map((i) => ctx.probes[i]);
    const ports = and(sortPorts([...new Set(probes.map((p) => portLabel(p.protocol, p.port)))]));
    const ranked = (ids: string[]) => [...new Set(ids)].sort((a, b) => ctx.rank(a) - ctx.rank(b));
    const senders = ranked(probes.map((p) => p.from));
    const receivers = ranked(probes.map((p) => p.to));
    const ends = ranked([...senders, ...receivers]);
    const notes = [...new Set(probes.map((p) => p.dropBy?.note).filter(Boolean))];
    const fromTo = ends.length === 2 && senders.length === 2 ? `between ${ends[0]} and ${ends[1]}` : `from ${listOf(senders)} to ${listOf(receivers)}`;
    return {
      ...draft,
      summary: `${ports} ${fromTo} ${probes.length > 1 ? 'are' : 'is'} lost in the network: no rule on ${ends.length === 2 ? `${ends[0]} or ${ends[1]}` : 'those hosts'} dropped ${probes.length > 1 ? 'them' : 'it'}`,
      remediation: `${networkFix(ports, ends.length === 2 ? ends[0] : 'the senders', ends.length === 2 ? ends[1] : 'the receivers')}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    };
  }
  // Each probe's note names both of its ends; a cause says each unread host once.
  const notes = [...new Set(unknown.flat().flatMap((i) => ctx.probes[i].dropBy?.note?.split('; ') ?? []))];
  return notes.length ? { ...draft, remediation: `${draft.remediation} (${notes.slice(0, 4).join('; ')})` } : draft;
}

function listOf(ids: string[]): string {
  return ids.length > 3 ? `${ids.length} hosts` : and(ids);
}

function count(groups: number[][]): number {
  return groups.reduce((n, g) => n + g.length, 0);
}

function ruleOf(ctx: CauseContext, i: number): boolean {
  const d = ctx.probes[i].dropBy;
  return !!(d && (d.where === 'sender' || d.where === 'receiver') && (d.rule || d.policy));
}

function keyOf(d: DropBy): string {
  const r = d.rule ?? d.policy;
  return [d.where, d.host ?? '', r ? `${r.source} ${r.family} ${r.table} ${r.chain}` : '', d.rule?.handle ?? d.rule?.number ?? 'policy'].join('|');
}

function fixFor(ctx: CauseContext, idx: number[]): string {
  const d = ctx.probes[idx[0]].dropBy as DropBy;
  const host = d.host as string;
  const direction = d.where === 'sender' ? 'out' : 'in';
  const probes = idx.map((i) => ctx.probes[i]);
  const peers = [...new Set(probes.map((p) => (direction === 'in' ? p.from : p.to)))].map(ctx.address);
  const ports = [...new Map(probes.map((p) => [portLabel(p.protocol, p.port), { protocol: p.protocol as Protocol, port: p.port }])).values()];
  return `on ${host}: ${dropFix(d, { direction, ports, peers, firewall: ctx.firewall(host) })}`;
}
