// Directed failures (probes, or pair findings) grouped by the host that explains most of them: a host
// that fails with many peers on the same key (a port, a check) is one cause, inbound at the receiver or
// outbound at the sender; what is left over are single pairs. Pure.

export interface Edge { idx: number; from: string; to: string; key: string }

export interface HostGroup { dir: 'in' | 'out'; host: string; edges: Edge[] }
export interface PairGroup { a: string; b: string; edges: Edge[] }

/**
 * Repeatedly takes the (direction, host) whose keys fail with at least two peers each, the largest
 * first (inbound before outbound on a tie: host input rules are the commoner cause), until none is
 * left; the remaining edges are grouped by unordered pair.
 */
export function groupEdges(edges: Edge[], rank: (id: string) => number): { hosts: HostGroup[]; pairs: PairGroup[] } {
  const left = new Set(edges);
  const hosts: HostGroup[] = [];
  for (;;) {
    const buckets = new Map<string, Edge[]>();
    for (const e of left) {
      for (const [dir, host] of [['in', e.to], ['out', e.from]] as const) {
        const k = `${dir}\u0000${host}\u0000${e.key}`;
        const list = buckets.get(k);
        if (list) list.push(e); else buckets.set(k, [e]);
      }
    }
    const scores = new Map<string, Edge[]>();
    for (const [k, list] of buckets) {
      if (list.length < 2) continue;
      const hk = k.slice(0, k.lastIndexOf('\u0000'));
      scores.set(hk, [...(scores.get(hk) ?? []), ...list]);
    }
    let best: [string, Edge[]] | undefined;
    for (const entry of scores) {
      if (!best || better(entry, best, rank)) best = entry;
    }
    if (!best) break;
    const [dir, host] = best[0].split('\u0000') as ['in' | 'out', string];
    for (const e of best[1]) left.delete(e);
    hosts.push({ dir, host, edges: best[1] });
  }
  const pairs = new Map<string, PairGroup>();
  for (const e of left) {
    const [a, b] = rank(e.from) <= rank(e.to) ? [e.from, e.to] : [e.to, e.from];
    const k = `${a}\u0000${b}`;
    const g = pairs.get(k);
    if (g) g.edges.push(e); else pairs.set(k, { a, b, edges: [e] });
  }
  return { hosts, pairs: [...pairs.values()] };
}

function better([ka, a]: [string, Edge[]], [kb, b]: [string, Edge[]], rank: (id: string) => number): boolean {
  if (a.length !== b.length) return a.length > b.length;
  const [da, ha] = ka.split('\u0000');
  const [db, hb] = kb.split('\u0000');
  if (da !== db) return da === 'in';
  return rank(ha) < rank(hb);
}
