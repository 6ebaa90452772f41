// The evidence behind a cause, named so two runs can be compared: each probe and finding gets a key
// that is the same in both runs (pair and port; check and hosts), and each old item gets its state in
// the new run (passes now, still broken, could not be tested, no longer probed). Pure.
import type { Cause, Finding, ProbeResult, RunResult, Status } from '../model.js';
import { portLabel } from '../model.js';
import type { UntestedView } from '../untested-hosts.js';

/** What became of an old item in the new run. */
export type Now = 'pass' | 'broken' | 'untested' | 'gone';

export interface Item { key: string; kind: 'probe' | 'finding'; status: Status; probe?: ProbeResult; finding?: Finding }

export function probeKey(p: ProbeResult): string {
  return `probe ${p.from}>${p.to} ${portLabel(p.protocol, p.port)}`;
}

export function findingKey(f: Finding): string {
  return `finding ${f.check} ${f.host ?? ''} ${f.from ?? ''}>${f.to ?? ''}`;
}

/** Fail and warn are broken, error is untested: the class a status belongs to across runs. */
export function classOf(status: Status): Now {
  if (status === 'pass') return 'pass';
  if (status === 'skip') return 'gone';
  return status === 'error' ? 'untested' : 'broken';
}

/**
 * The probes and findings a cause explains, by key; indexes out of range (a hand-edited file) are left
 * out. `unsent` is the result's untestedView, made once for all its causes.
 */
export function itemsOf(result: RunResult, cause: Cause, unsent: UntestedView): Item[] {
  const probes = [...cause.probes.map((i) => result.probes[i]).filter((p): p is ProbeResult => !!p), ...unsentOf(result, cause, unsent)]
    .map((p) => ({ key: probeKey(p), kind: 'probe' as const, status: p.status, probe: p }));
  const findings = cause.findings.map((i) => result.findings[i]).filter((f): f is Finding => !!f)
    .map((f) => ({ key: findingKey(f), kind: 'finding' as const, status: f.status, finding: f }));
  return [...probes, ...findings];
}

/** The probes a host out of the run left unsent, that its cause counts (a probe between two such hosts is its sender's). */
function unsentOf(result: RunResult, cause: Cause, view: UntestedView): ProbeResult[] {
  const host = cause.hosts[0];
  if (!cause.untested || host === undefined || !view.get(host)) return [];
  const out: ProbeResult[] = [];
  for (const peer of result.hosts.map((h) => h.id)) {
    if (peer === host) continue;
    out.push(...view.pair(host, peer), ...(view.get(peer) ? [] : view.pair(peer, host)));
  }
  return out.filter((p) => p.status === 'error');
}

const WORST: Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

/** Looks up old items in the new run. */
export class Later {
  private readonly probes = new Map<string, Status>();
  private readonly findings = new Map<string, Status>();
  private readonly present = new Set<string>();
  private readonly tested = new Set<string>();
  private readonly checks = new Set<string>();
  private readonly passingChecks = new Set<string>();

  /** `asked`: the items `now` will be asked about; only their pairs' probes are indexed. `unsent`: the newer result's untestedView. */
  constructor(newer: RunResult, older: RunResult, asked: Item[], private readonly unsent: UntestedView) {
    const pairs = new Map<string, Set<string>>();
    for (const i of asked) if (i.probe) pairs.set(i.probe.from, (pairs.get(i.probe.from) ?? new Set()).add(i.probe.to));
    for (const p of newer.probes) if (pairs.get(p.from)?.has(p.to)) this.probes.set(probeKey(p), p.status);
    for (const f of newer.findings) {
      const k = findingKey(f);
      const before = this.findings.get(k);
      // Several findings can share a key (one per overlay ...): the worst speaks for them.
      if (!before || WORST.indexOf(f.status) < WORST.indexOf(before)) this.findings.set(k, f.status);
      this.checks.add(f.check);
    }
    for (const h of newer.hosts) {
      this.present.add(h.id);
      if (h.reachable && !h.error) this.tested.add(h.id);
    }
    for (const f of older.findings) if (f.status === 'pass') this.passingChecks.add(f.check);
  }

  now(item: Item): Now {
    if (item.probe) {
      const p = item.probe;
      // Not listed: one that a host out of the new run left unsent, or no longer probed.
      const status = this.probes.get(item.key) ?? this.unsent.pair(p.from, p.to).find((m) => m.protocol === p.protocol && m.port === p.port)?.status;
      return status === undefined ? 'gone' : classOf(status);
    }
    const status = this.findings.get(item.key);
    if (status !== undefined) return classOf(status);
    const f = item.finding as Finding;
    const hosts = [f.host, f.from, f.to].filter((h): h is string => !!h);
    if (hosts.some((h) => !this.present.has(h))) return 'gone';
    if (hosts.some((h) => !this.tested.has(h))) return 'untested';
    // A finding that is simply absent is resolved only if its check ran: either the new run has
    // findings of it, or the check reports nothing when all is well (it never reported a pass).
    return this.checks.has(f.check) || !this.passingChecks.has(f.check) ? 'pass' : 'gone';
  }
}
