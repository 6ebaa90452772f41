// The causes step: after the checks, every non-passing probe and finding is grouped into exactly one
// cause, and the causes are ordered by how much they explain ("fix first"). Pure: a result in, causes out.
import type { RunResult } from '../model.js';
import { blockedCauses } from './blocked.js';
import { claimedCauses } from './claimed.js';
import { contextOf, Pool } from './context.js';
import { attachPairFindings, findingCauses } from './findings.js';
import type { Cause } from './types.js';
import { untestedHostCauses, untestedProbeCauses } from './untested.js';

const SEVERITY = { fail: 0, error: 1, warn: 2 } as const;

export function groupCauses(result: RunResult): Cause[] {
  const ctx = contextOf(result);
  const pool = new Pool(ctx);
  // Order matters: a host that could not be tested takes its open probes first, so its peers are not
  // blamed; then findings that name the failed probes they explain (a wrong advertise address), so
  // no firewall is blamed for those; port causes come before the pair findings that they explain.
  const drafts = [...untestedHostCauses(ctx, pool), ...claimedCauses(ctx, pool), ...blockedCauses(ctx, pool), ...untestedProbeCauses(ctx, pool)];
  attachPairFindings(ctx, pool, drafts);
  drafts.push(...findingCauses(ctx, pool));
  const ids = new Map<string, number>();
  const causes: Cause[] = drafts.map((d) => {
    // Looked up in place: a host that could not be reached may leave millions of probes (1,000 hosts).
    const has = (status: string) => d.probes.some((i) => ctx.probes[i].status === status) || d.findings.some((i) => ctx.findings[i].status === status);
    const status = has('fail') ? 'fail' : has('error') || d.untested ? 'error' : 'warn';
    const base = [d.kind, d.hosts.join('+'), d.ports.join('+')].filter(Boolean).join(':');
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    return {
      id: n > 1 ? `${base}#${n}` : base,
      kind: d.kind,
      status,
      summary: d.summary,
      remediation: d.remediation,
      hosts: d.hosts,
      ports: d.ports,
      probes: ascending(d.probes),
      findings: ascending(d.findings),
      ...(d.untested ? { untested: d.untested } : {}),
    };
  });
  const weight = (c: Cause) => c.probes.length + (c.untested ?? 0) + c.findings.length;
  return causes.sort((a, b) => weight(b) - weight(a)
    || SEVERITY[a.status] - SEVERITY[b.status]
    || ctx.rank(a.hosts[0] ?? '') - ctx.rank(b.hosts[0] ?? '')
    || a.id.localeCompare(b.id));
}

/** The indexes in ascending order; most drafts take them in order already, and are kept as they are. */
function ascending(indexes: number[]): number[] {
  for (let i = 1; i < indexes.length; i++) if ((indexes[i] as number) < (indexes[i - 1] as number)) return [...indexes].sort((a, b) => a - b);
  return indexes;
}
