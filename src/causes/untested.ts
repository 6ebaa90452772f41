// What could not be tested, as causes: a host that could not be reached or run its agent is one cause
// with every probe and finding it left open; other untested probes are grouped by reason and host. Pure.
import { hintFor } from '../outcome.js';
import type { Cause } from './types.js';
import type { CauseContext, Pool } from './context.js';
import { and, portsOf, sortPorts } from './words.js';

type Draft = Omit<Cause, 'id' | 'status'>;

export function untestedHostCauses(ctx: CauseContext, pool: Pool): Draft[] {
  const drafts: Draft[] = [];
  // Each broken host's error probes, indexed in one pass: a scan of every probe for every broken host
  // took 10 minutes for 1,000 unreachable hosts (4 million probes, 1,000 scans).
  const errorsAt = new Map<string, number[]>();
  for (const i of pool.probes) {
    const p = ctx.probes[i];
    if (p.status !== 'error') continue;
    for (const host of p.from === p.to ? [p.from] : [p.from, p.to]) {
      if (!ctx.broken.has(host)) continue;
      const list = errorsAt.get(host);
      if (list) list.push(i);
      else errorsAt.set(host, [i]);
    }
  }
  for (const host of ctx.hosts) {
    const why = ctx.broken.get(host);
    if (!why) continue;
    const probes = pool.takeProbesAt(errorsAt.get(host) ?? []);
    const findings = pool.takeFindings((i) => {
      const f = ctx.findings[i];
      return f.host === host || (f.status === 'error' && (f.from === host || f.to === host));
    });
    const access = findings.map((i) => ctx.findings[i]).find((f) => f.check === 'host-access');
    // Its unsent probes are counted in the result's `untested`, not listed one by one.
    const unsent = ctx.untested.get(host);
    const total = probes.length + (unsent?.probes ?? 0);
    const left = total ? `; ${total} probes to and from it untested` : '';
    drafts.push({
      kind: 'host-untested',
      summary: `${host} could not be tested: ${why.message}${left}`,
      remediation: access?.remediation ?? hintFor(why.kind),
      hosts: [host],
      ports: sortPorts([...portsOf(ctx.probes, probes), ...(unsent?.ports ?? [])]),
      probes,
      findings,
      ...(unsent?.probes ? { untested: unsent.probes } : {}),
    });
  }
  return drafts;
}

/** Reasons the sender reports (it could not send); every other error is the receiver's. */
function atHost(ctx: CauseContext, i: number): string {
  const p = ctx.probes[i];
  if (p.reason === 'send-failed') return p.from;
  if (p.reason === 'needs-root' && p.detail.includes(`on ${p.from} to send`)) return p.from;
  if (p.reason === 'agent' && p.detail.includes(`${p.from} reported no`)) return p.from;
  return p.to;
}

export function untestedProbeCauses(ctx: CauseContext, pool: Pool): Draft[] {
  const groups = new Map<string, number[]>();
  for (const i of pool.takeProbes((j) => ctx.probes[j].status === 'error')) {
    const p = ctx.probes[i];
    // A run cut short is one cause for all hosts; everything else is per reason and host.
    const key = p.reason === 'interrupted' ? 'interrupted\u0000' : `${p.reason ?? 'agent'}\u0000${atHost(ctx, i)}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  return [...groups].map(([key, idx]) => {
    const [reason, host] = key.split('\u0000');
    const first = ctx.probes[idx[0]];
    const ports = portsOf(ctx.probes, idx);
    const more = idx.length > 1 ? ` (${idx.length} probes of ${and(ports)}${host ? ` at ${host}` : ''})` : '';
    const hosts = host ? [host] : [...new Set(idx.flatMap((i) => [ctx.probes[i].from, ctx.probes[i].to]))].sort((a, b) => ctx.rank(a) - ctx.rank(b));
    return {
      kind: 'untested' as const,
      summary: `${first.detail}${more}`,
      remediation: hintFor(reason),
      hosts,
      ports,
      probes: idx,
      findings: [],
    };
  });
}
