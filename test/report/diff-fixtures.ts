// Pairs of results for the diff tests, built like the runner builds them, causes by groupCauses.
import { groupCauses } from '../../src/causes/group.js';
import type { ProbeResult, RunResult } from '../../src/model.js';
import { makeResult, recount, withFacts } from './results.js';

export type Decide = (from: string, to: string, protocol: string, port: number) => ProbeResult['status'] | undefined;

/** `n` hosts, each probe decided by `decide` (undefined: pass), failures as drops, causes grouped. */
export function run(n: number, decide: Decide = () => undefined, startedAt = '2026-11-26T00:00:00.000Z'): RunResult {
  const r = withFacts(makeResult(n, (from, to, protocol, port) => decide(from, to, protocol, port) ?? 'pass'));
  for (const p of r.probes) {
    if (p.status === 'fail') p.reason = 'not-received';
    if (p.status === 'error') Object.assign(p, { reason: 'needs-root', detail: `needs root on ${p.to} to observe ${p.port}/${p.protocol}`, ms: null });
  }
  r.startedAt = startedAt;
  return withCauses(recount(r));
}

export function withCauses(r: RunResult): RunResult {
  r.causes = groupCauses(r);
  return r;
}

/** Host `id` could not be reached: every probe to or from it an error, and its access finding. */
export function unreachable(r: RunResult, id: string): RunResult {
  const i = r.hosts.findIndex((h) => h.id === id);
  r.hosts[i] = { ...r.hosts[i], reachable: false, error: 'timed out after 10 s connecting to port 22', errorKind: 'timeout', facts: undefined };
  for (const p of r.probes) if ((p.from === id || p.to === id) && p.status !== 'skip') Object.assign(p, { status: 'error', reason: 'timeout', detail: `could not test on ${id}: timed out`, ms: null });
  r.findings.push({ check: 'host-access', host: id, status: 'error', summary: 'timed out after 10 s connecting to port 22', remediation: 'check the address' });
  return withCauses(recount(r));
}

/** n3 drops the given UDP ports from every peer (or from the listed ones). */
export const n3Drops = (ports: number[], from?: string[]): Decide => (f, to, protocol, port) =>
  (to === 'n3' && protocol === 'udp' && ports.includes(port) && (!from || from.includes(f)) ? 'fail' : undefined);

export const both = (...ds: Decide[]): Decide => (...args) => ds.map((d) => d(...args)).find((s) => s !== undefined);

/**
 * A diff with every list filled: n1 -> n4 7946/tcp fixed; n3's 7946/udp opened but 4789/udp still
 * dropped; n5 no longer reachable, so its dropped 4789/udp is no longer tested; n2 newly drops
 * 7946/tcp; n6 added.
 */
export function richPair(): [RunResult, RunResult] {
  const older = run(5, both(n3Drops([7946, 4789]), (from, to, protocol, port) => {
    if (from === 'n1' && to === 'n4' && protocol === 'tcp' && port === 7946) return 'fail';
    return to === 'n5' && protocol === 'udp' && port === 4789 ? 'fail' : undefined;
  }), '2026-11-26T10:00:00.000Z');
  const newer = unreachable(run(6, both(n3Drops([4789]), (_f, to, protocol, port) => (to === 'n2' && protocol === 'tcp' && port === 7946 ? 'fail' : undefined)), '2026-11-26T11:00:00.000Z'), 'n5');
  return [older, newer];
}

/** `n` hosts where each host drops 7946/tcp from the next one: one pair cause per host. */
export function chain(n: number, fixedBelow = 0): RunResult {
  const next = (i: number) => `n${(i % n) + 1}`;
  return run(n, (from, to, protocol, port) => {
    const i = Number(from.slice(1));
    return protocol === 'tcp' && port === 7946 && to === next(i) && i >= fixedBelow ? 'fail' : undefined;
  });
}

/** `n` hosts where each host drops 4789/udp from both its neighbours: one inbound cause per host. */
export function ring(n: number): RunResult {
  const near = (a: number, b: number) => Math.abs(a - b) === 1 || Math.abs(a - b) === n - 1;
  return run(n, (from, to, protocol, port) => (protocol === 'udp' && port === 4789 && near(Number(from.slice(1)), Number(to.slice(1))) ? 'fail' : undefined));
}
