// Hosts out of the run before the probe round: their probes were planned and never sent, so a result
// holds one entry per host (RunResult.untested) instead of thousands of probes. This view gives the
// probes back where a renderer shows them (a matrix cell, a short list), as the round would have
// judged them, without ever holding all of them. Pure.
import { portRules, ruleSkip } from '../checks/swarm-ports.js';
import { sortPorts } from './causes/words.js';
import { portLabel, type ProbeResult, type Protocol, type Role, type RunResult, type UntestedHost } from './model.js';

export interface UntestedView {
  /** How many hosts were out before the round. */
  readonly size: number;
  get(host: string): UntestedHost | undefined;
  /** The unsent probes of one ordered pair, in port order; empty when neither end was out. */
  pair(from: string, to: string): ProbeResult[];
  /** Every unsent probe, in plan order (from host, to host, port). */
  probes(): Generator<ProbeResult>;
  /** The ports of every pair, in plan order. */
  ports: { protocol: Protocol; port: number }[];
}

/** The result's entries of hosts out before the round; none for a result saved before they existed. */
export function entriesOf(result: RunResult): UntestedHost[] {
  return Array.isArray(result.untested) ? result.untested : [];
}

/** Probes the entries count: unsent (error) and not applicable (skip). */
export function unsentCounts(entries: UntestedHost[]): { error: number; skip: number } {
  let error = 0;
  let skip = 0;
  for (const u of entries) {
    error += u.probes;
    skip += u.notApplicable;
  }
  return { error, skip };
}

const EMPTY: UntestedView = { size: 0, get: () => undefined, pair: () => [], *probes() { /* none */ }, ports: [] };

export function untestedView(result: RunResult): UntestedView {
  const list = entriesOf(result);
  if (!list.length) return EMPTY;
  const byHost = new Map(list.map((u) => [u.host, u]));
  const roles = new Map<string, Role>(result.hosts.map((h) => [h.id, h.role]));
  const port = Number(result.options?.dataPathPort);
  const rules = portRules(Number.isInteger(port) && port > 0 && port < 65536 ? port : 4789, result.options?.esp === true);
  // Probes the run kept whole although an end was out (a pair of one machine listed twice): theirs stand.
  const kept = new Set<string>();
  for (const p of result.probes) if (byHost.has(p.from) || byHost.has(p.to)) kept.add(`${p.from}>${p.to}>${p.protocol}:${p.port}`);
  const pair = (from: string, to: string): ProbeResult[] => {
    const sender = byHost.get(from);
    const receiver = byHost.get(to);
    if ((!sender && !receiver) || from === to) return [];
    const out: ProbeResult[] = [];
    for (const rule of rules) {
      if (kept.has(`${from}>${to}>${rule.protocol}:${rule.port}`)) continue;
      const { protocol, port: p } = rule;
      const skip = ruleSkip(rule, { id: to, role: roles.get(to) ?? 'unknown' });
      if (skip) {
        out.push({ from, to, protocol, port: p, status: 'skip', reason: 'not-applicable', detail: skip, ms: null });
      } else {
        const u = (sender ?? receiver) as UntestedHost;
        out.push({ from, to, protocol, port: p, status: 'error', reason: u.reason, detail: sender ? u.fromDetail : u.toDetail, ms: null });
      }
    }
    return out;
  };
  const ids = result.hosts.map((h) => h.id);
  return {
    size: byHost.size,
    get: (host) => byHost.get(host),
    pair,
    *probes() {
      for (const from of ids) for (const to of ids) yield* pair(from, to);
    },
    ports: rules.map(({ protocol, port: p }) => ({ protocol, port: p })),
  };
}

/** Tallies the unsent probes of the hosts out of the run as the plan is walked (port-matrix). */
export class UntestedTally {
  private readonly hosts = new Map<string, UntestedHost>();

  constructor(private readonly words: (host: string) => Pick<UntestedHost, 'reason' | 'fromDetail' | 'toDetail'>) {}

  add(host: string, protocol: Protocol, port: number, notApplicable: boolean): void {
    let u = this.hosts.get(host);
    if (!u) this.hosts.set(host, u = { host, ...this.words(host), probes: 0, notApplicable: 0, ports: [] });
    if (notApplicable) {
      u.notApplicable += 1;
      return;
    }
    u.probes += 1;
    const label = portLabel(protocol, port);
    if (!u.ports.includes(label)) u.ports.push(label);
  }

  /** In the order of `order` (the inventory's). */
  list(order: string[]): UntestedHost[] {
    return order.flatMap((id) => {
      const u = this.hosts.get(id);
      return u ? [{ ...u, ports: sortPorts(u.ports) }] : [];
    });
  }
}
