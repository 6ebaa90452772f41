// What the grouping reads from a result, computed once: host order, addresses, firewalls, hosts that
// could not be tested, and which probes and findings are still without a cause.
import type { FirewallKind } from '../facts/firewall.js';
import { type Finding, portLabel, type ProbeResult, type RunResult, type UntestedHost } from '../model.js';
import { entriesOf } from '../untested-hosts.js';

export interface CauseContext {
  hosts: string[];
  /** Position in the inventory, for stable ordering. */
  rank(id: string): number;
  /** The address peers reach the host at (its probe address). */
  address(id: string): string;
  firewall(id: string): FirewallKind;
  /** Hosts that could not be reached or whose agent did not run, with why. */
  broken: Map<string, { kind: string; message: string }>;
  probes: ProbeResult[];
  /** Hosts out of the run before the round, with the probes they left unsent (not in `probes`). */
  untested: Map<string, UntestedHost>;
  findings: Finding[];
  dataPathPort: number;
  /** Probes of one port into (`in`) or out of (`out`) a host that were concluded (pass or fail). */
  tested(dir: 'in' | 'out', host: string, port: string): number;
}

export function contextOf(result: RunResult): CauseContext {
  const hosts = result.hosts.map((h) => h.id);
  const ranks = new Map(hosts.map((id, i) => [id, i]));
  const byId = new Map(result.hosts.map((h) => [h.id, h]));
  const broken = new Map<string, { kind: string; message: string }>();
  for (const h of result.hosts) if (!h.reachable || h.error) broken.set(h.id, { kind: h.errorKind ?? 'agent', message: h.error ?? 'not reachable' });
  const tested = new Map<string, number>();
  for (const p of result.probes) {
    if (p.status !== 'pass' && p.status !== 'fail') continue;
    const port = portLabel(p.protocol, p.port);
    // A send its own host refused never reached the receiver: it tested the sender only.
    const keys = p.reason === 'blocked-outbound' ? [`out|${p.from}|${port}`] : [`in|${p.to}|${port}`, `out|${p.from}|${port}`];
    for (const key of keys) tested.set(key, (tested.get(key) ?? 0) + 1);
  }
  const dataPathPort = Number(result.options?.dataPathPort);
  return {
    hosts,
    rank: (id) => ranks.get(id) ?? hosts.length,
    address: (id) => {
      const facts = byId.get(id)?.facts;
      const probe = facts?.probeAddress ?? facts?.nodeAddr;
      return typeof probe === 'string' && probe ? probe : byId.get(id)?.address ?? id;
    },
    firewall: (id) => (byId.get(id)?.facts?.firewall as FirewallKind | undefined) ?? 'unknown',
    broken,
    probes: result.probes,
    untested: new Map(entriesOf(result).map((u) => [u.host, u])),
    findings: result.findings,
    dataPathPort: Number.isInteger(dataPathPort) && dataPathPort > 0 ? dataPathPort : 4789,
    tested: (dir, host, port) => tested.get(`${dir}|${host}|${port}`) ?? 0,
  };
}

/** The probes and findings not yet explained by a cause. Only non-passing, applicable ones enter. */
export class Pool {
  readonly probes = new Set<number>();
  readonly findings = new Set<number>();

  constructor(ctx: CauseContext) {
    ctx.probes.forEach((p, i) => { if (p.status === 'fail' || p.status === 'error') this.probes.add(i); });
    ctx.findings.forEach((f, i) => { if (f.status === 'fail' || f.status === 'error' || f.status === 'warn') this.findings.add(i); });
  }

  takeProbes(filter: (i: number) => boolean): number[] {
    const taken = [...this.probes].filter(filter);
    for (const i of taken) this.probes.delete(i);
    return taken;
  }

  /** Those of `indexes` still in the pool, taken out; no scan of the whole pool. */
  takeProbesAt(indexes: number[]): number[] {
    const taken = indexes.filter((i) => this.probes.has(i));
    for (const i of taken) this.probes.delete(i);
    return taken;
  }

  takeFindings(filter: (i: number) => boolean): number[] {
    const taken = [...this.findings].filter(filter);
    for (const i of taken) this.findings.delete(i);
    return taken;
  }
}
