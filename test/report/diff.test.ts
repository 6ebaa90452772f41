import test from 'ava';
import type { RunResult } from '../../src/model.js';
import { diffHeadline, diffResults, hostsLine } from '../../src/report/diff.js';
import { both, n3Drops, run, unreachable, withCauses } from './diff-fixtures.js';
import { asUnsent, recount } from './results.js';

const ids = (list: { id: string }[]) => list.map((c) => c.id);

test('a cause of the old run whose probes all pass now is fixed, and nothing else is listed', (t) => {
  const diff = diffResults(run(5, n3Drops([4789])), run(5));
  t.deepEqual(ids(diff.fixed), ['inbound-blocked:n3:4789/udp']);
  t.deepEqual(diff.fixed[0].probes, 4);
  t.deepEqual([diff.broken, diff.still, diff.untested], [[], [], []]);
  t.is(diffHeadline(diff), '1 fixed, 0 newly broken, 0 still broken');
});

test('a cause only in the new run is newly broken, with its fix and what its probes were before', (t) => {
  const diff = diffResults(run(5), run(5, n3Drops([4789])));
  t.deepEqual(ids(diff.broken), ['inbound-blocked:n3:4789/udp']);
  t.regex(diff.broken[0].remediation, /4789\/udp into n3/);
  t.deepEqual(diff.broken[0].before, { pass: 4, failing: 0, untested: 0, absent: 0 });
  t.is(diff.broken[0].explains, 4);
  t.deepEqual([diff.fixed, diff.still], [[], []]);
});

test('the same cause in both runs is still broken and unchanged', (t) => {
  const diff = diffResults(run(5, n3Drops([4789])), run(5, n3Drops([4789])));
  t.deepEqual(ids(diff.still), ['inbound-blocked:n3:4789/udp']);
  const [still] = diff.still;
  t.is(still.change, 'unchanged');
  t.false(still.partlyFixed);
  t.deepEqual(still.explains, { old: 4, new: 4 });
  t.deepEqual(still.was.map((w) => w.id), ['inbound-blocked:n3:4789/udp']);
  t.deepEqual([diff.fixed, diff.broken], [[], []]);
});

test('a cause whose id shifted because one of its ports was opened is still broken, partly fixed, naming that port', (t) => {
  const diff = diffResults(run(5, n3Drops([7946, 4789])), run(5, n3Drops([4789])));
  t.deepEqual(ids(diff.still), ['inbound-blocked:n3:4789/udp']);
  const [still] = diff.still;
  t.deepEqual(still.was.map((w) => w.id), ['inbound-blocked:n3:7946/udp+4789/udp']);
  t.true(still.partlyFixed);
  t.deepEqual(still.fixedPorts, ['7946/udp']);
  t.is(still.nowPass, 4);
  t.is(still.change, 'partly fixed: 7946/udp now passes');
  t.deepEqual([diff.fixed, diff.broken], [[], []], 'neither fixed nor newly broken');
});

test('a host cause with fewer failing peers says how many of its peers now pass', (t) => {
  const diff = diffResults(run(6, n3Drops([4789])), run(6, n3Drops([4789], ['n4', 'n5', 'n6'])));
  const [still] = diff.still;
  t.is(still.id, 'inbound-blocked:n3:4789/udp');
  t.deepEqual(still.fixedPeers, ['n1', 'n2']);
  t.is(still.change, 'partly fixed: 2 of 5 peers now pass (n1 and n2)');
  t.deepEqual(still.explains, { old: 5, new: 3 });
});

test('a cause whose probes became untested is no longer tested, not fixed', (t) => {
  const diff = diffResults(run(5, n3Drops([4789])), unreachable(run(5), 'n3'));
  t.deepEqual(diff.fixed, []);
  t.deepEqual(ids(diff.untested), ['inbound-blocked:n3:4789/udp']);
  t.like(diff.untested[0], { explained: 4, untested: 4, nowPass: 0, gone: 0 });
  t.deepEqual(diff.untested[0].heldBy, [diff.broken[0].id]);
  t.is(diff.broken[0].kind, 'host-untested', 'the unreachable host is itself new');
  t.is(diffHeadline(diff), '0 fixed, 1 newly broken, 0 still broken, 1 no longer tested');
});

test('hosts added and removed are listed, and a removed host\'s cause is no longer tested', (t) => {
  const added = diffResults(run(4), run(5));
  t.deepEqual(added.hosts, { added: ['n5'], removed: [] });
  t.is(hostsLine(added), '1 host added (n5)');
  const removed = diffResults(run(5, (_f, to, protocol, port) => (to === 'n5' && protocol === 'udp' && port === 4789 ? 'fail' : undefined)), run(4));
  t.deepEqual(removed.hosts, { added: [], removed: ['n5'] });
  t.deepEqual(ids(removed.untested), ['inbound-blocked:n5:4789/udp']);
  t.like(removed.untested[0], { gone: 4, untested: 0 });
  t.deepEqual(removed.fixed, []);
});

test('a probe failing in both runs under causes of another shape keeps its history (merged into a mesh-wide cause)', (t) => {
  const diff = diffResults(run(5, n3Drops([4789])), run(5, (_f, _t, protocol, port) => (protocol === 'udp' && port === 4789 ? 'fail' : undefined)));
  t.deepEqual(diff.fixed, []);
  t.deepEqual(diff.broken, []);
  t.is(diff.still.length, 1);
  t.is(diff.still[0].kind, 'mesh-blocked');
  t.deepEqual(diff.still[0].was.map((w) => w.id), ['inbound-blocked:n3:4789/udp']);
  t.is(diff.still[0].newlyFailing, 16);
  t.regex(diff.still[0].change, /16 newly failing; was inbound-blocked:n3:4789\/udp/);
});

test('two findings on one host are told apart by their check, not by their id numbering', (t) => {
  const withFindings = (portOwner: boolean): RunResult => {
    const r = run(3);
    if (portOwner) r.findings.push({ check: 'port-owner', host: 'n2', status: 'warn', summary: '7946/tcp on n2 is held by consul', remediation: 'stop consul' });
    r.findings.push({ check: 'swarm-role', host: 'n2', status: 'fail', summary: 'swarm state on n2 is error', remediation: 'rejoin' });
    return withCauses(recount(r));
  };
  const older = withFindings(true);
  t.deepEqual(older.causes?.map((c) => c.id).sort(), ['finding:n2', 'finding:n2#2'], 'the ids differ only by #2');
  const diff = diffResults(older, withFindings(false));
  t.deepEqual(diff.fixed.map((c) => c.summary), ['n2: 7946/tcp on n2 is held by consul']);
  t.deepEqual(diff.still.map((c) => c.summary), ['n2: swarm state on n2 is error']);
  t.is(diff.still[0].change, 'unchanged');
  // By id alone the new swarm-role cause ("finding:n2") would have continued the old port-owner one.
  t.deepEqual([diff.still[0].id, diff.still[0].was[0].id], ['finding:n2', 'finding:n2#2']);
  t.deepEqual(diff.broken, []);
});

test('a finding of a check that did not run again is no longer tested, not fixed', (t) => {
  const older = run(3);
  older.findings.push({ check: 'path-mtu', from: 'n1', to: 'n2', status: 'fail', summary: 'full frames from n1 never reach n2' }, { check: 'path-mtu', from: 'n2', to: 'n1', status: 'pass', summary: 'fine' });
  withCauses(recount(older));
  const diff = diffResults(older, run(3));
  t.deepEqual(diff.fixed, []);
  t.is(diff.untested.length, 1);
  t.like(diff.untested[0], { kind: 'path-mtu', gone: 1 });
});

test('probes that could not be tested before and fail now continue the untested cause: never seen to pass, not newly broken', (t) => {
  const untestedBefore = run(5, (_f, to, protocol, port) => (to === 'n3' && protocol === 'udp' && port === 4789 ? 'error' : undefined));
  t.deepEqual(untestedBefore.causes?.map((c) => c.kind), ['untested']);
  const diff = diffResults(untestedBefore, run(5, n3Drops([4789])));
  t.deepEqual([diff.fixed, diff.broken, diff.untested], [[], [], []]);
  t.deepEqual(ids(diff.still), ['inbound-blocked:n3:4789/udp']);
  t.like(diff.still[0], { nowSeenFailing: 4, newlyFailing: 0, nowPass: 0, partlyFixed: false });
  t.is(diff.still[0].change, `4 not tested in the old run and failing now; was ${untestedBefore.causes?.[0].id}`);
});

test('a newly broken cause on a host added since says its probes were not in the old run', (t) => {
  const diff = diffResults(run(4), run(5, (_f, to, protocol, port) => (to === 'n5' && protocol === 'udp' && port === 4789 ? 'fail' : undefined)));
  t.deepEqual(ids(diff.broken), ['inbound-blocked:n5:4789/udp']);
  t.deepEqual(diff.broken[0].before, { pass: 0, failing: 0, untested: 0, absent: 4 });
});

test('a result saved before causes existed diffs the same as one with causes', (t) => {
  const older = run(5, both(n3Drops([7946, 4789]), (f, to, p, port) => (f === 'n1' && to === 'n4' && p === 'tcp' && port === 7946 ? 'fail' : undefined)));
  const newer = run(5, n3Drops([4789]));
  const bare = structuredClone(older);
  delete bare.causes;
  t.deepEqual(diffResults(bare, newer), diffResults(older, newer));
  const diff = diffResults(older, newer);
  t.deepEqual(ids(diff.fixed), ['pair-blocked:n4+n1:7946/tcp']);
  t.deepEqual(ids(diff.still), ['inbound-blocked:n3:4789/udp']);
});

test('the verdict lines and start times of both runs are kept', (t) => {
  const diff = diffResults(run(3, undefined, '2026-11-26T10:00:00.000Z'), run(3, n3Drops([4789]), '2026-11-26T11:00:00.000Z'));
  t.like(diff.old, { startedAt: '2026-11-26T10:00:00.000Z', hosts: 3, causes: 0 });
  t.like(diff.new, { startedAt: '2026-11-26T11:00:00.000Z', hosts: 3, causes: 1 });
  t.regex(diff.old.verdict, /^PASS/);
  t.regex(diff.new.verdict, /^FAIL/);
});

/** n3 out before probing, as the runner writes it now: its probes one untested entry. */
const unsentN3 = (r: RunResult) => withCauses(asUnsent(unreachable(r, 'n3'), 'n3'));

test('a host that was out before probing and passes now is fixed, with every probe it had left unsent', (t) => {
  const diff = diffResults(unsentN3(run(5)), run(5));
  t.deepEqual(ids(diff.fixed), ['host-untested:n3:2377/tcp+7946/tcp+7946/udp+4789/udp']);
  t.like(diff.fixed[0], { probes: 25, findings: 1 });
  t.deepEqual([diff.broken, diff.still, diff.untested], [[], [], []]);
});

test('a cause whose probes a host out before probing left unsent is no longer tested, held by that host\'s cause', (t) => {
  const diff = diffResults(run(5, n3Drops([4789])), unsentN3(run(5)));
  t.deepEqual(diff.fixed, []);
  t.deepEqual(ids(diff.untested), ['inbound-blocked:n3:4789/udp']);
  t.like(diff.untested[0], { explained: 4, untested: 4, nowPass: 0, gone: 0 });
  t.deepEqual(diff.untested[0].heldBy, [diff.broken[0].id]);
  t.is(diff.broken[0].kind, 'host-untested');
});
