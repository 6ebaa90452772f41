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

/**
 * For each old cause, the new causes that share items with it: how many are in the same state in
 * both runs (broken, or untested), and how many were untested and fail now. Sparse: a key index,
 * not every pair of causes, so hundreds of causes on each side stay fast.
 */
function shared(older: Side, newer: Side): { same: Map<number, number>; seen: Map<number, number> }[] {
  const holder = new Map<string, { n: number; now: string }>();
  newer.items.forEach((items, n) => { for (const i of items) holder.set(i.key, { n, now: classOf(i.status) }); });
  return older.items.map((items) => {
    const same = new Map<number, number>();
    const seen = new Map<number, number>();
    for (const i of items) {
      const h = holder.get(i.key);
      if (!h) continue;
      const was = classOf(i.status);
      if (h.now === was) same.set(h.n, (same.get(h.n) ?? 0) + 1);
      else if (was === 'untested' && h.now === 'broken') seen.set(h.n, (seen.get(h.n) ?? 0) + 1);
    }
    return { same, seen };
  });
}

export function matchCauses(older: Side, newer: Side): Matching {
  const oldTopics = older.causes.map((c, i) => topics(c, older.items[i]));
  const newTopics = newer.causes.map((c, i) => topics(c, newer.items[i]));
  const common = shared(older, newer);
  const cont = (o: number, n: number) => common[o].same.get(n) ?? 0;
  // For the links by evidence: the same state in both runs first, else untested then failing.
  const evidence = (o: number, n: number) => (cont(o, n) > 0 ? 1e6 + cont(o, n) : common[o].seen.get(n) ?? 0);
  const byHead = new Map<string, number[]>();
  const head = (c: Cause) => `${c.kind}\u0000${c.hosts[0] ?? ''}`;
  newer.causes.forEach((c, n) => byHead.set(head(c), [...(byHead.get(head(c)) ?? []), n]));
  // One to one first, the strongest likeness first: same id, then the most evidence in common.
  const candidates: { o: number; n: number; score: number[] }[] = [];
  older.causes.forEach((oc, o) => {
    const near = new Set([...(byHead.get(head(oc)) ?? []), ...common[o].same.keys()]);
    for (const n of near) {
      const nc = newer.causes[n];
      const overlap = [...oldTopics[o]].filter((t) => newTopics[n].has(t)).length;
      const sameId = oc.id === nc.id;
      const sameHead = head(oc) === head(nc);
      if ((sameId && overlap > 0) || (sameHead && (overlap > 0 || cont(o, n) > 0))) candidates.push({ o, n, score: [sameId ? 1 : 0, cont(o, n), overlap] });
    }
  });
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
  const best = (options: Iterable<number>, score: (i: number) => number) => {
    let b = -1;
    for (const i of [...options].sort((x, y) => x - y)) if (score(i) > 0 && (b < 0 || score(i) > score(b))) b = i;
    return b;
  };
  older.causes.forEach((_, o) => {
    if (oldTaken.has(o)) return;
    const n = best([...common[o].same.keys(), ...common[o].seen.keys()], (k) => evidence(o, k));
    if (n < 0) return;
    oldTaken.add(o);
    links.set(n, (links.get(n) ?? new Set()).add(o));
  });
  newer.causes.forEach((_, n) => {
    if (links.has(n)) return;
    const o = best(older.causes.map((_c, k) => k).filter((k) => common[k].same.has(n) || common[k].seen.has(n)), (k) => evidence(k, n));
    if (o >= 0) links.set(n, new Set([o]));
  });
  return {
    links: [...links].sort((a, b) => a[0] - b[0]).map(([newIndex, olds]) => ({ newIndex, oldIndexes: [...olds].sort((a, b) => a - b) })),
    unmatchedOld: older.causes.map((_, o) => o).filter((o) => !oldTaken.has(o)),
    unmatchedNew: newer.causes.map((_, n) => n).filter((n) => !links.has(n)),
  };
}
