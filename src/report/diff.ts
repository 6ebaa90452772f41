// `report --diff OLD NEW`: what changed between two runs, by cause. Causes are matched across the
// runs (src/causes/match.ts) and every old probe and finding is looked up in the new run, so a cause
// counts as fixed only when what it explained now passes; what could not be tested again is said
// as such. The object is the JSON diff (src/report/diff.schema.json). Pure.
import { classOf, itemsOf, Later, type Item, type Now } from '../causes/evidence.js';
import { untestedView } from '../untested-hosts.js';
import { matchCauses } from '../causes/match.js';
import { and } from '../causes/words.js';
import type { Cause, CauseKind, RunResult } from '../model.js';
import { causesOf } from './causes.js';
import { verdictLine } from './matrix.js';

export interface RunRef { startedAt: string; verdict: string; hosts: number; causes: number }

interface CauseRef { id: string; kind: CauseKind; summary: string; hosts: string[]; ports: string[] }

/** A cause of the old run whose every probe and finding passes now: how many of each it explained. */
export interface FixedCause extends CauseRef { probes: number; findings: number }

/** A cause of the new run with no history in the old one. */
export interface BrokenCause extends CauseRef {
  status: Cause['status'];
  remediation: string;
  explains: number;
  /** What its probes and findings were in the old run: passing, failing (now untested, say), untested, or not there (new host or port). */
  before: { pass: number; failing: number; untested: number; absent: number };
}

/** A cause of the new run that continues one or more causes of the old run. */
export interface StillCause extends CauseRef {
  status: Cause['status'];
  remediation: string;
  /** The old causes it continues (usually one, with the same id). */
  was: { id: string; summary: string }[];
  explains: { old: number; new: number };
  /** Old probes and findings that pass now, that could not be tested now; failing ones that were
   * passing or absent before, and failing ones that could not be tested before. */
  nowPass: number;
  noLongerTested: number;
  newlyFailing: number;
  nowSeenFailing: number;
  /** Ports, and peers (for a host's inbound or outbound cause), whose every old probe passes now. */
  fixedPorts: string[];
  fixedPeers: string[];
  partlyFixed: boolean;
  /** In words: "partly fixed: 7946/udp now passes", "3 of 49 peers now pass", "unchanged". */
  change: string;
}

/** A cause of the old run that was not seen again because what it explained could not be tested. */
export interface UntestedCause extends CauseRef {
  explained: number;
  nowPass: number;
  untested: number;
  /** Probes or findings not in the new run at all (a removed host, a port no longer probed, a check not run). */
  gone: number;
  /** The new causes that hold its probes as untested (e.g. the host that could not be reached). */
  heldBy: string[];
}

export interface CauseDiff {
  schemaVersion: 1;
  kind: 'diff';
  old: RunRef;
  new: RunRef;
  hosts: { added: string[]; removed: string[] };
  fixed: FixedCause[];
  broken: BrokenCause[];
  still: StillCause[];
  untested: UntestedCause[];
}

function ref(c: Cause): CauseRef {
  return { id: c.id, kind: c.kind, summary: c.summary, hosts: c.hosts, ports: c.ports };
}

function runRef(result: RunResult, causes: Cause[]): RunRef {
  return { startedAt: result.startedAt, verdict: verdictLine(result), hosts: result.hosts.length, causes: causes.length };
}

export function diffResults(older: RunResult, newer: RunResult): CauseDiff {
  const oldCauses = causesOf(older);
  const newCauses = causesOf(newer);
  const [oldUnsent, newUnsent] = [untestedView(older), untestedView(newer)];
  const oldItems = oldCauses.map((c) => itemsOf(older, c, oldUnsent));
  const newItems = newCauses.map((c) => itemsOf(newer, c, newUnsent));
  const later = new Later(newer, older, oldItems.flat(), newUnsent);
  const matching = matchCauses({ causes: oldCauses, items: oldItems }, { causes: newCauses, items: newItems });
  // The same lookup the other way round: what a new cause's probes and findings were in the old run.
  const earlier = new Later(older, newer, newItems.flat(), oldUnsent);

  const holder = new Map<string, number>();
  newItems.forEach((items, n) => { for (const i of items) holder.set(i.key, n); });
  const fixed: FixedCause[] = [];
  const untested: UntestedCause[] = [];
  for (const o of matching.unmatchedOld) {
    const states = oldItems[o].map((i) => later.now(i));
    const count = (s: Now) => states.filter((x) => x === s).length;
    if (states.every((s) => s === 'pass')) {
      fixed.push({ ...ref(oldCauses[o]), probes: oldItems[o].filter((i) => i.probe).length, findings: oldItems[o].filter((i) => i.finding).length });
      continue;
    }
    const heldBy = [...new Set(oldItems[o].map((i) => holder.get(i.key)).filter((n): n is number => n !== undefined))].sort((a, b) => a - b).map((n) => newCauses[n].id);
    untested.push({ ...ref(oldCauses[o]), explained: states.length, nowPass: count('pass'), untested: count('untested') + count('broken'), gone: count('gone'), heldBy });
  }

  const broken: BrokenCause[] = matching.unmatchedNew.map((n) => {
    const c = newCauses[n];
    const before = { pass: 0, failing: 0, untested: 0, absent: 0 };
    for (const item of newItems[n]) {
      const was = earlier.now(item);
      if (was === 'gone') before.absent += 1;
      else if (was === 'untested') before.untested += 1;
      else if (was === 'broken') before.failing += 1;
      else before.pass += 1;
    }
    return { ...ref(c), status: c.status, remediation: c.remediation, explains: newItems[n].length, before };
  });

  const still = matching.links.map(({ newIndex, oldIndexes }) => stillCause(newCauses[newIndex], newItems[newIndex], oldIndexes.map((o) => ({ cause: oldCauses[o], items: oldItems[o] })), later));

  const oldHosts = new Set(older.hosts.map((h) => h.id));
  const newHosts = new Set(newer.hosts.map((h) => h.id));
  return {
    schemaVersion: 1,
    kind: 'diff',
    old: runRef(older, oldCauses),
    new: runRef(newer, newCauses),
    hosts: { added: [...newHosts].filter((h) => !oldHosts.has(h)), removed: [...oldHosts].filter((h) => !newHosts.has(h)) },
    fixed,
    broken,
    still,
    untested,
  };
}

function stillCause(c: Cause, items: Item[], olds: { cause: Cause; items: Item[] }[], later: Later): StillCause {
  const seen = new Set<string>();
  const oldItems = olds.flatMap((o) => o.items).filter((i) => (seen.has(i.key) ? false : (seen.add(i.key), true)));
  const states = new Map(oldItems.map((i) => [i.key, later.now(i)]));
  const nowPass = [...states.values()].filter((s) => s === 'pass').length;
  const noLongerTested = [...states.values()].filter((s) => s === 'untested' || s === 'gone').length;
  const wasClass = new Map(oldItems.map((i) => [i.key, classOf(i.status)]));
  const changed = items.filter((i) => wasClass.get(i.key) !== classOf(i.status));
  const nowSeenFailing = changed.filter((i) => wasClass.get(i.key) === 'untested').length;
  const newlyFailing = changed.length - nowSeenFailing;
  const probes = oldItems.filter((i) => i.probe);
  const allPass = (group: Item[]) => group.length > 0 && group.every((i) => states.get(i.key) === 'pass');
  const fixedPorts = [...new Set(olds.flatMap((o) => o.cause.ports))]
    .filter((port) => allPass(probes.filter((i) => i.key.endsWith(` ${port}`))));
  const first = olds[0].cause;
  const peerOf = first.kind === 'inbound-blocked' ? (i: Item) => i.probe?.from : first.kind === 'outbound-blocked' ? (i: Item) => i.probe?.to : undefined;
  const peers = peerOf && olds.length === 1 ? [...new Set(probes.map(peerOf).filter((p): p is string => !!p))] : [];
  const fixedPeers = peers.filter((peer) => allPass(probes.filter((i) => peerOf?.(i) === peer)));
  const parts: string[] = [];
  if (fixedPorts.length) parts.push(`${and(fixedPorts)} now ${fixedPorts.length > 1 ? 'pass' : 'passes'}`);
  if (fixedPeers.length) parts.push(`${fixedPeers.length} of ${peers.length} peers now pass${fixedPeers.length <= 4 ? ` (${and(fixedPeers)})` : ''}`);
  const unit = oldItems.every((i) => i.probe) ? 'probes' : 'probes and findings';
  if (nowPass && !parts.length) parts.push(`${nowPass} of ${oldItems.length} ${unit} now pass`);
  if (noLongerTested) parts.push(`${noLongerTested} no longer tested`);
  if (newlyFailing) parts.push(`${newlyFailing} newly failing`);
  if (nowSeenFailing) parts.push(`${nowSeenFailing} not tested in the old run and failing now`);
  const regrouped = olds.length > 1 || first.kind !== c.kind || (first.hosts[0] ?? '') !== (c.hosts[0] ?? '');
  if (regrouped) parts.push(`was ${and(olds.map((o) => o.cause.id))}`);
  const change = parts.length ? `${nowPass ? 'partly fixed: ' : ''}${parts.join('; ')}` : 'unchanged';
  return {
    ...ref(c),
    status: c.status,
    remediation: c.remediation,
    was: olds.map((o) => ({ id: o.cause.id, summary: o.cause.summary })),
    explains: { old: oldItems.length, new: items.length },
    nowPass,
    noLongerTested,
    newlyFailing,
    nowSeenFailing,
    fixedPorts,
    fixedPeers,
    partlyFixed: nowPass > 0,
    change,
  };
}

/** "2 fixed, 1 newly broken, 1 still broken" (and what could not be tested again, when any). */
export function diffHeadline(diff: CauseDiff): string {
  const parts = [`${diff.fixed.length} fixed`, `${diff.broken.length} newly broken`, `${diff.still.length} still broken`];
  if (diff.untested.length) parts.push(`${diff.untested.length} no longer tested`);
  return parts.join(', ');
}

/** "1 host added (n4), 1 removed (n9)", or '' when the host lists are the same. */
export function hostsLine(diff: CauseDiff, named = 10): string {
  const list = (hosts: string[]) => (hosts.length <= named ? and(hosts) : `${hosts.slice(0, named).join(', ')} and ${hosts.length - named} more`);
  const parts: string[] = [];
  if (diff.hosts.added.length) parts.push(`${diff.hosts.added.length} ${diff.hosts.added.length === 1 ? 'host' : 'hosts'} added (${list(diff.hosts.added)})`);
  if (diff.hosts.removed.length) parts.push(`${diff.hosts.removed.length} ${diff.hosts.removed.length === 1 ? 'host' : 'hosts'} removed (${list(diff.hosts.removed)})`);
  return parts.join(', ');
}
