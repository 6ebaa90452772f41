import test from 'ava';
import { groupCauses } from '../../src/causes/group.js';
import type { Cause, ProbeResult, RunResult } from '../../src/model.js';
import { makeResult, recount, unreachableResult, unsentResult, withFacts } from '../report/results.js';

type Verdict = { status: ProbeResult['status']; reason?: string } | undefined;

/** `n` hosts (n1 the manager), every probe decided by `decide` (undefined: pass), facts as the runner sets them. */
function result(n: number, decide: (from: string, to: string, protocol: string, port: number) => Verdict, firewall = 'nftables'): RunResult {
  const r = withFacts(makeResult(n, (from, to, protocol, port) => decide(from, to, protocol, port)?.status ?? 'pass'));
  r.probes.forEach((p) => {
    if (p.status === 'skip') return;
    const v = decide(p.from, p.to, p.protocol, p.port);
    if (v?.reason) p.reason = v.reason;
    if (p.status === 'error') Object.assign(p, { detail: `needs root on ${p.to} to observe ${p.port}/${p.protocol}`, ms: null });
  });
  for (const h of r.hosts) if (h.facts) h.facts.firewall = firewall;
  return recount(r);
}

/** Every non-passing, applicable probe and finding is in exactly one cause. */
function assertPartition(t: { deepEqual: (a: unknown, b: unknown, m?: string) => void }, r: RunResult, causes: Cause[]): void {
  const probes = causes.flatMap((c) => c.probes).sort((a, b) => a - b);
  const findings = causes.flatMap((c) => c.findings).sort((a, b) => a - b);
  const wantProbes = r.probes.map((p, i) => [p, i] as const).filter(([p]) => p.status === 'fail' || p.status === 'error').map(([, i]) => i);
  const wantFindings = r.findings.map((f, i) => [f, i] as const).filter(([f]) => f.status !== 'pass' && f.status !== 'skip').map(([, i]) => i);
  t.deepEqual(probes, wantProbes, 'each non-passing probe in exactly one cause');
  t.deepEqual(findings, wantFindings, 'each non-passing finding in exactly one cause');
}

const drop = { status: 'fail' as const, reason: 'not-received' };

test('a host dropping two ports from all its peers is one inbound cause with one merged rule', (t) => {
  const r = result(6, (_f, to, proto, port) => (to === 'n3' && proto === 'udp' && (port === 7946 || port === 4789) ? drop : undefined));
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 1);
  const [c] = causes;
  t.is(c.kind, 'inbound-blocked');
  t.is(c.status, 'fail');
  t.deepEqual(c.hosts, ['n3']);
  t.deepEqual(c.ports, ['7946/udp', '4789/udp']);
  t.is(c.summary, 'n3 drops 7946/udp and 4789/udp from all 5 peers');
  t.is(c.probes.length, 10);
  // One rule for the five peers and both ports, not ten.
  t.is((c.remediation.match(/nft insert rule/g) ?? []).length, 1);
  t.regex(c.remediation, /ip saddr \{ 198\.18\.0\.11, 198\.18\.0\.12, 198\.18\.0\.14, 198\.18\.0\.15, 198\.18\.0\.16 \} udp dport \{ 7946, 4789 \} accept/);
});

test('a host blocking a port from most peers (some pass) is one cause that counts them', (t) => {
  const r = result(6, (from, to, proto, port) => (to === 'n3' && from !== 'n1' && proto === 'udp' && port === 4789 ? drop : undefined));
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'inbound-blocked');
  t.is(causes[0].summary, 'n3 drops 4789/udp from n2, n4, n5 and n6 (4 of 5 peers)');
});

test('many peers become one range in the fix, not a list', (t) => {
  const r = result(12, (_f, to, proto, port) => (to === 'n12' && proto === 'udp' && port === 4789 ? drop : undefined), 'iptables');
  const [c] = groupCauses(r);
  t.is(c.summary, 'n12 drops 4789/udp from all 11 peers');
  t.regex(c.remediation, /iptables -I INPUT -p udp -s 198\.18\.0\.0\/27 --dport 4789 -j ACCEPT/);
});

test('a single blocked pair is a pair cause on the receiver, rejects told apart from drops', (t) => {
  const r = result(5, (from, to, proto, port) => (from === 'n2' && to === 'n4' && proto === 'tcp' && port === 7946 ? { status: 'fail', reason: 'refused' } : undefined));
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'pair-blocked');
  t.is(causes[0].summary, 'n4 rejects 7946/tcp from n2');
  t.deepEqual(causes[0].hosts, ['n4', 'n2']);
  t.regex(causes[0].remediation, /^on n4 \(n4 uses nftables\): nft insert rule inet filter input ip saddr 198\.18\.0\.12 tcp dport 7946 accept/);
});

test('a port blocked between every pair points at the network, not at each host', (t) => {
  const r = result(5, (_f, _t, proto, port) => (proto === 'udp' && port === 4789 ? drop : undefined));
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'mesh-blocked');
  t.is(causes[0].probes.length, 20);
  t.regex(causes[0].summary, /^4789\/udp is blocked between every pair of the 5 hosts \(20 probes\)/);
  t.regex(causes[0].remediation, /security group/);
});

test('a host that could not be reached is one cause with all its probes and its access finding', (t) => {
  const r = result(5, () => undefined);
  r.hosts[4] = { ...r.hosts[4], reachable: false, error: 'timed out after 10 s connecting to port 22', errorKind: 'timeout', facts: undefined };
  for (const p of r.probes) if ((p.from === 'n5' || p.to === 'n5') && p.status !== 'skip') Object.assign(p, { status: 'error', reason: 'timeout', detail: 'could not test on n5: timed out' });
  r.findings.push({ check: 'host-access', host: 'n5', status: 'error', summary: 'timed out after 10 s connecting to port 22', remediation: 'check the address' });
  recount(r);
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'host-untested');
  t.is(causes[0].status, 'error');
  t.deepEqual(causes[0].hosts, ['n5']);
  t.is(causes[0].findings.length, 1);
  t.is(causes[0].probes.length, r.summary.error - 1);
  t.is(causes[0].remediation, 'check the address');
});

test('partly unreachable: an untested host does not make another host\'s drop look partial, nor count as its peer', (t) => {
  const r = result(6, (_f, to, proto, port) => (to === 'n2' && proto === 'udp' && port === 4789 ? drop : undefined));
  r.hosts[5] = { ...r.hosts[5], reachable: true, error: 'python3 not found', errorKind: 'tool-missing' };
  for (const p of r.probes) if ((p.from === 'n6' || p.to === 'n6') && p.protocol === 'udp') Object.assign(p, { status: 'error', reason: 'tool-missing', detail: 'no agent on n6' });
  recount(r);
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 2);
  const inbound = causes.find((c) => c.kind === 'inbound-blocked') as Cause;
  t.is(inbound.summary, 'n2 drops 4789/udp from all 4 tested peers');
  const untested = causes.find((c) => c.kind === 'host-untested') as Cause;
  t.deepEqual(untested.hosts, ['n6']);
  // The larger cause comes first.
  t.is(causes[0], untested);
});

test('a sender whose own firewall refuses to send is one outbound cause with the fix on the sender', (t) => {
  const r = result(6, (from, _to, proto, port) => (from === 'n4' && proto === 'udp' && port === 4789 ? { status: 'fail', reason: 'blocked-outbound' } : undefined));
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'outbound-blocked');
  t.deepEqual(causes[0].hosts, ['n4']);
  t.is(causes[0].summary, "n4's own firewall refuses to send 4789/udp to all 5 peers (EPERM on n4)");
  t.regex(causes[0].remediation, /^on n4 \(n4 uses nftables\): allow the outgoing packets: nft insert rule inet filter output ip daddr \{ [^}]+ \} udp dport 4789 accept/);
});

test('silence towards every peer from one sender is put on the sender, not on each receiver', (t) => {
  const r = result(6, (from, _to, proto, port) => (from === 'n5' && proto === 'udp' && port === 7946 ? drop : undefined));
  const causes = groupCauses(r);
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'outbound-blocked');
  t.regex(causes[0].summary, /never arrive from n5/);
});

test('four faulty hosts of different kinds give exactly one cause each, the largest first', (t) => {
  const r = result(10, (from, to, proto, port) => {
    if (to === 'n3' && proto === 'udp') return drop;                                              // inbound drop, 2 ports
    if (to === 'n5' && proto === 'tcp' && port === 7946) return { status: 'fail', reason: 'refused' }; // inbound reject
    if (from === 'n7' && proto === 'udp' && port === 4789 && to !== 'n3') return { status: 'fail', reason: 'blocked-outbound' };
    if (from === 'n8' && to === 'n9' && proto === 'tcp' && port === 7946) return { status: 'fail', reason: 'filtered' };
    return undefined;
  });
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.deepEqual(causes.map((c) => [c.kind, c.hosts[0]]), [
    ['inbound-blocked', 'n3'], ['inbound-blocked', 'n5'], ['outbound-blocked', 'n7'], ['pair-blocked', 'n9'],
  ]);
});

test('a path-MTU black hole at one host is one cause; a path MTU not measurable for a blocked port joins the port cause', (t) => {
  const r = result(5, (from, to, proto, port) => (from === 'n1' && to === 'n2' && proto === 'udp' && port === 4789 ? drop : undefined));
  for (const from of ['n1', 'n2', 'n4', 'n5']) {
    r.findings.push({ check: 'path-mtu', from, to: 'n3', status: 'fail', summary: `1550-byte frames from ${from} never reach n3`, remediation: 'raise the MTU', evidence: { largestSeen: from === 'n1' ? 1400 : 1450 } });
  }
  r.findings.push({ check: 'path-mtu', from: 'n1', to: 'n2', status: 'error', summary: 'path MTU n1 -> n2 not measurable: the probe of 4789/udp itself did not get through', remediation: 'open 4789/udp first' });
  r.findings.push({ check: 'path-mtu', from: 'n2', to: 'n1', status: 'pass', summary: 'fine' });
  recount(r);
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 2);
  const mtu = causes[0];
  t.is(mtu.kind, 'path-mtu');
  t.deepEqual(mtu.hosts[0], 'n3');
  t.is(mtu.findings.length, 4);
  t.is(mtu.summary, 'full-size overlay frames into n3 fail from all 4 peers (the largest that passed everywhere: 1400 bytes)');
  const pair = causes[1];
  t.is(pair.kind, 'pair-blocked');
  t.deepEqual(pair.findings, [r.findings.findIndex((f) => f.status === 'error')]);
});

test('untested probes are grouped by reason and host, and say how many', (t) => {
  const r = result(5, (_f, to, proto) => (to === 'n2' && proto === 'udp' ? { status: 'error', reason: 'needs-root' } : undefined));
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'untested');
  t.deepEqual(causes[0].hosts, ['n2']);
  t.regex(causes[0].summary, /\(8 probes of 7946\/udp and 4789\/udp at n2\)$/);
  t.regex(causes[0].remediation, /--sudo/);
});

test('host findings are a cause per check and host; ids are stable and unique', (t) => {
  const r = result(3, () => undefined);
  r.findings.push(
    { check: 'overlay-mtu', host: 'n2', status: 'fail', summary: 'n2: overlay web needs 1500', remediation: 'set the mtu' },
    { check: 'overlay-mtu', host: 'n2', status: 'warn', summary: 'n2: overlay db is tight', remediation: 'set the mtu' },
    { check: 'overlay-subnet', status: 'warn', summary: 'overlay a is 90% full' },
    { check: 'overlay-subnet', status: 'warn', summary: 'overlay b is 95% full' },
  );
  recount(r);
  const causes = groupCauses(r);
  assertPartition(t, r, causes);
  t.is(causes.length, 3);
  t.is(causes[0].kind, 'overlay-mtu');
  t.is(causes[0].status, 'fail');
  t.regex(causes[0].summary, /and 1 more overlay-mtu findings on n2/);
  t.is(new Set(causes.map((c) => c.id)).size, 3);
  t.deepEqual(groupCauses(r).map((c) => c.id), causes.map((c) => c.id));
});

test('a clean run has no cause', (t) => {
  t.deepEqual(groupCauses(result(4, () => undefined)), []);
});

test('a host out before probing is one cause that counts the probes it left unsent, as it did when they were listed', (t) => {
  const listed = groupCauses(unreachableResult(4));
  const [cause] = groupCauses(unsentResult(4));
  t.is(listed.length, 1);
  t.like(cause, { id: listed[0].id, kind: 'host-untested', status: 'error', hosts: ['n4'], ports: listed[0].ports, probes: [], untested: 19, findings: listed[0].findings });
  t.is(listed[0].probes.length, 19);
  t.is(cause.summary, listed[0].summary);
});

test('a host out before probing outweighs a cause of fewer probes, and leaves its peers unblamed', (t) => {
  const r = unsentResult(5);
  // n2 drops 7946/udp from n1 and n3: 2 probes against the 25 n5 left unsent.
  for (const p of r.probes) if (p.to === 'n2' && p.protocol === 'udp' && p.port === 7946 && p.from !== 'n4') Object.assign(p, { status: 'fail', reason: 'not-received' });
  const causes = groupCauses(recount(r));
  t.deepEqual(causes.map((c) => [c.kind, c.hosts[0]]), [['host-untested', 'n5'], ['inbound-blocked', 'n2']]);
  t.is(causes[0].untested, 25);
});
