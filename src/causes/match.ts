// Which cause of a new run continues which cause of an old one. Ids alone are not enough: a cause's id
// names its hosts and ports, so opening one of two ports changes it ("...:7946/udp+4789/udp" becomes
// "...:4789/udp"), and findings of two checks on one host are told apart only by a "#2". So causes
// are matched by id, then by kind and first host with overlapping ports or checks, and last by
// evidence alone: the same probe still failing, now explained by a cause of another shape. Pure.
import type { Cause } from '../model.js';
import { classOf, type Item } from './evidence.js';

export interface Side { causes: Cause[]; items: Item[][] }

/** A new cause and the old causes it continues. */
export interface Link { newIndex: number; oldIndexes: number[] }

export interface Matching { links: Link[]; unmatchedOld: number[]; unmatchedNew: number[] }

/** Ports, and the checks of its findings: what a cause is about, apart from its hosts. */
function topics(cause: Cause, items: Item[]): Set<string> {
  return new Set([...cause.ports, ...items.flatMap((i) => (i.finding ? [`check ${i.finding.check}`] : []))]);
}

/** Items of the old cause that are in the new one, broken (or untested) in both runs. */
function continuity(oldItems: Item[], newItems: Item[]): number {
  const now = new Map(newItems.map((i) => [i.key, classOf(i.status)]));
  return oldItems.filter((i) => now.get(i.key) === classOf(i.status)).length;
}

/** Items the old cause could not test that fail in the new one: never seen to pass, now seen to fail. */
function nowSeen(oldItems: Item[], newItems: Item[]): number {
  const now = new Map(newItems.map((i) => [i.key, classOf(i.status)]));
  return oldItems.filter((i) => classOf(i.status) === 'untested' && now.get(i.key) === 'broken').length;
}

export function matchCauses(older: Side, newer: Side): Matching {
  const oldTopics = older.causes.map((c, i) => topics(c, older.items[i]));
  const newTopics = newer.causes.map((c, i) => topics(c, newer.items[i]));
  const cont = older.causes.map((_, o) => newer.causes.map((__, n) => continuity(older.items[o], newer.items[n])));
  // For the links by evidence: the same state in both runs first, else untested then failing.
  const evidence = older.causes.map((_, o) => newer.causes.map((__, n) => (cont[o][n] > 0 ? 1e6 + cont[o][n] : nowSeen(older.items[o], newer.items[n]))));
  // One to one first, the strongest likeness first: same id, then the most evidence in common.
  const candidates: { o: number; n: number; score: number[] }[] = [];
  older.causes.forEach((oc, o) => newer.causes.forEach((nc, n) => {
    const overlap = [...oldTopics[o]].filter((t) => newTopics[n].has(t)).length;
    const sameId = oc.id === nc.id;
    const sameHead = oc.kind === nc.kind && (oc.hosts[0] ?? '') === (nc.hosts[0] ?? '');
    if ((sameId && overlap > 0) || (sameHead && (overlap > 0 || cont[o][n] > 0))) candidates.push({ o, n, score: [sameId ? 1 : 0, cont[o][n], overlap] });
  }));
  candidates.sort((a, b) => b.score[0] - a.score[0] || b.score[1] - a.score[1] || b.score[2] - a.score[2] || a.o - b.o || a.n - b.n);
  const links = new Map<number, Set<number>>();
  const oldTaken = new Set<number>();
  for (const c of candidates) {
    if (oldTaken.has(c.o) || links.has(c.n)) continue;
    oldTaken.add(c.o);
    links.set(c.n, new Set([c.o]));
  }
  // Then by evidence alone, many to many: causes that merged (three hosts' inbound rules now one
  // mesh-wide rule) or split keep their history instead of reading as fixed and newly broken, and
  // what could not be tested before and fails now is the same trouble, now seen.
  const best = (scores: number[]) => scores.reduce((b, s, i) => (s > 0 && (b < 0 || s > scores[b]) ? i : b), -1);
  older.causes.forEach((_, o) => {
    if (oldTaken.has(o)) return;
    const n = best(evidence[o]);
    if (n < 0) return;
    oldTaken.add(o);
    links.set(n, (links.get(n) ?? new Set()).add(o));
  });
  newer.causes.forEach((_, n) => {
    if (links.has(n)) return;
    const o = best(evidence.map((row) => row[n]));
    if (o >= 0) links.set(n, new Set([o]));
  });
  return {
    links: [...links].sort((a, b) => a[0] - b[0]).map(([newIndex, olds]) => ({ newIndex, oldIndexes: [...olds].sort((a, b) => a - b) })),
    unmatchedOld: older.causes.map((_, o) => o).filter((o) => !oldTaken.has(o)),
    unmatchedNew: newer.causes.map((_, n) => n).filter((n) => !links.has(n)),
  };
}
