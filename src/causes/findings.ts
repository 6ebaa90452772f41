// Findings into causes. A pair finding (path MTU, canary) whose pair already fails at the port level
// belongs to that cause: the blocked port explains it. Path-MTU and canary failures left over are
// grouped by the host that explains most of them; host and cluster findings are a cause each per
// check and host. Pure.
import { type Finding, portLabel } from '../model.js';
import type { Cause, CauseKind } from './types.js';
import type { CauseContext, Pool } from './context.js';
import { groupEdges } from './greedy.js';
import { peersPhrase } from './words.js';

type Draft = Omit<Cause, 'id' | 'status'>;

/** Joins pair findings to the cause of a non-passing probe of the same pair (same direction first). */
export function attachPairFindings(ctx: CauseContext, pool: Pool, drafts: Draft[]): void {
  // Only the pairs of open pair findings are looked up: indexing every probe of every cause took
  // seconds for 1,000 unreachable hosts, which have no pair finding at all.
  const wanted = new Set<string>();
  for (const j of pool.findings) {
    const f = ctx.findings[j];
    if (f.from !== undefined && f.to !== undefined) wanted.add(`${f.from}\u0000${f.to}`).add(`${f.to}\u0000${f.from}`);
  }
  if (wanted.size === 0) return;
  const causeOf = new Map<number, Draft>();
  const dataPath = portLabel('udp', ctx.dataPathPort);
  const byPair = new Map<string, number[]>();
  for (const d of drafts) {
    for (const i of d.probes) {
      const p = ctx.probes[i];
      const k = `${p.from}\u0000${p.to}`;
      if (!wanted.has(k)) continue;
      causeOf.set(i, d);
      const list = byPair.get(k);
      if (list) list.push(i);
      else byPair.set(k, [i]);
    }
  }
  const pick = (from: string, to: string): Draft | undefined => {
    const same = byPair.get(`${from}\u0000${to}`) ?? [];
    const path = same.find((i) => portLabel(ctx.probes[i].protocol, ctx.probes[i].port) === dataPath);
    const any = path ?? same[0] ?? (byPair.get(`${to}\u0000${from}`) ?? [])[0];
    return any === undefined ? undefined : causeOf.get(any);
  };
  for (const i of pool.takeFindings((j) => {
    const f = ctx.findings[j];
    return f.from !== undefined && f.to !== undefined && pick(f.from, f.to) !== undefined;
  })) {
    const f = ctx.findings[i];
    (pick(f.from as string, f.to as string) as Draft).findings.push(i);
  }
}

const KINDS: Record<string, CauseKind> = {
  'path-mtu': 'path-mtu', canary: 'container-path', 'overlay-mtu': 'overlay-mtu', 'overlay-subnet': 'subnet', 'swarm-address': 'swarm-address', 'overlay-peers': 'overlay-gossip',
};

export function findingCauses(ctx: CauseContext, pool: Pool): Draft[] {
  const drafts: Draft[] = [];
  // Pair findings: by check, then by the host that fails with most peers.
  const pairIdx = pool.takeFindings((i) => ctx.findings[i].from !== undefined && ctx.findings[i].to !== undefined);
  const checks = [...new Set(pairIdx.map((i) => ctx.findings[i].check))];
  for (const check of checks) {
    for (const status of ['fail', 'error', 'warn'] as const) {
      const edges = pairIdx.filter((i) => ctx.findings[i].check === check && ctx.findings[i].status === status)
        .map((idx) => ({ idx, from: ctx.findings[idx].from as string, to: ctx.findings[idx].to as string, key: check }));
      if (!edges.length) continue;
      const { hosts, pairs } = groupEdges(edges, ctx.rank);
      for (const g of hosts) drafts.push(pairFindingCause(ctx, check, g.edges.map((e) => e.idx), g.host, g.dir));
      for (const p of pairs) drafts.push(pairFindingCause(ctx, check, p.edges.map((e) => e.idx)));
    }
  }
  // Host and cluster findings: one cause per check and host (cluster findings one each).
  const groups = new Map<string, number[]>();
  for (const i of pool.takeFindings(() => true)) {
    const f = ctx.findings[i];
    const key = f.host !== undefined ? `${f.check}\u0000${f.host}` : `${f.check}\u0000\u0000${i}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  for (const idx of groups.values()) drafts.push(hostFindingCause(ctx, idx));
  return drafts;
}

export function kindOf(check: string): CauseKind {
  return KINDS[check] ?? 'finding';
}

function worstFirst(findings: Finding[]): Finding[] {
  const rank = { fail: 0, error: 1, warn: 2, pass: 3, skip: 4 };
  return [...findings].sort((a, b) => rank[a.status] - rank[b.status]);
}

function pairFindingCause(ctx: CauseContext, check: string, idx: number[], host?: string, dir?: 'in' | 'out'): Draft {
  const findings = idx.map((i) => ctx.findings[i]);
  const first = worstFirst(findings)[0];
  const hosts = [...new Set(findings.flatMap((f) => [f.from as string, f.to as string]))].sort((a, b) => ctx.rank(a) - ctx.rank(b));
  let summary = first.summary;
  if (host && dir) {
    const peers = [...new Set(findings.map((f) => (dir === 'in' ? f.from : f.to) as string))].sort((a, b) => ctx.rank(a) - ctx.rank(b));
    const what = check === 'path-mtu' ? 'full-size overlay frames' : check === 'canary' ? 'container pings' : `${check} checks`;
    const verb = first.status === 'fail' ? 'fail' : first.status === 'error' ? 'could not be tested' : 'warn';
    summary = dir === 'in'
      ? `${what} into ${host} ${verb} from ${peersPhrase(peers, ctx.hosts.length - 1)}${largest(findings)}`
      : `${what} from ${host} ${verb} towards ${peersPhrase(peers, ctx.hosts.length - 1)}${largest(findings)}`;
  }
  return {
    kind: kindOf(check),
    summary,
    remediation: (host && dir === 'in' && check === 'path-mtu' && first.status === 'fail')
      ? `the path into ${host} carries less than a full overlay frame: ${first.remediation ?? ''}`.trim()
      : first.remediation ?? 'see the findings',
    hosts: host ? [host, ...hosts.filter((h) => h !== host)] : hosts,
    ports: check === 'path-mtu' ? [portLabel('udp', ctx.dataPathPort)] : [],
    probes: [],
    findings: idx,
  };
}

/** For path-MTU groups: the largest frame every member let through. */
function largest(findings: Finding[]): string {
  const sizes = findings.map((f) => Number((f.evidence as { largestSeen?: unknown } | undefined)?.largestSeen)).filter((n) => Number.isFinite(n) && n > 0);
  return sizes.length ? ` (the largest that passed everywhere: ${Math.min(...sizes)} bytes)` : '';
}

function hostFindingCause(ctx: CauseContext, idx: number[]): Draft {
  const findings = worstFirst(idx.map((i) => ctx.findings[i]));
  const first = findings[0];
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more ${first.check} findings${first.host ? ` on ${first.host}` : ''})` : '';
  const where = first.host ? [first.host] : [...(first.hosts ?? [])].sort((a, b) => ctx.rank(a) - ctx.rank(b));
  return {
    kind: kindOf(first.check),
    summary: `${first.host && !first.summary.startsWith(first.host) ? `${first.host}: ` : ''}${first.summary}${more}`,
    remediation: [...new Set(findings.map((f) => f.remediation).filter((r): r is string => !!r))].join('; ') || 'see the findings',
    hosts: where,
    ports: [],
    probes: [],
    findings: idx,
  };
}
