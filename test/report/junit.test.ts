import test from 'ava';
import { groupCauses } from '../../src/causes/group.js';
import type { RunResult } from '../../src/model.js';
import { renderJunit } from '../../src/report/junit.js';
import { mixedCauses, unreachableCauses } from './causes-fixtures.js';
import { makeResult, mixedResult, unreachableResult, unsentResult, withFacts, withFindings } from './results.js';
import { syntheticResult } from './synthetic.js';
import { all, junitShapeErrors, parseXml } from './xml.js';

const FIXTURES: [string, () => RunResult][] = [
  ['all-pass', () => makeResult(3)],
  ['mixed', mixedResult],
  ['unreachable-host', () => unreachableResult(3)],
  ['20-host', () => makeResult(20, (from, to, proto) => (from === 'n3' && to === 'n17' && proto === 'udp' ? 'fail' : 'pass'))],
  ['mixed with causes', () => mixedCauses(mixedResult())],
  ['unreachable-host with causes', () => unreachableCauses(unreachableResult(3))],
  ['50-host synthetic', () => syntheticResult(50)],
];

for (const [name, make] of FIXTURES) {
  test(`the ${name} report is well-formed XML in the junit-10 shape, with counts equal to the result's`, (t) => {
    const result = make();
    const root = parseXml(renderJunit(result));
    t.deepEqual(junitShapeErrors(root), []);
    const cases = all(root, 'testcase');
    const causes = result.causes ?? groupCauses(result);
    t.is(cases.length, causes.length + result.probes.length + result.findings.length);
    t.is(Number(root.attrs.tests), cases.length);
    // The causes suite groups the evidence of the others: the root counts both.
    t.is(Number(root.attrs.failures), result.summary.fail + causes.filter((c) => c.status === 'fail').length);
    t.is(Number(root.attrs.errors), result.summary.error + causes.filter((c) => c.status === 'error').length);
    const suites = all(root, 'testsuite');
    t.is(suites.reduce((n, s) => n + Number(s.attrs.skipped), 0), result.summary.skip);
    for (const suite of suites) {
      const mine = suite.children.filter((c) => c.name === 'testcase');
      t.is(Number(suite.attrs.tests), mine.length);
      t.is(Number(suite.attrs.failures), mine.filter((c) => c.children.some((k) => k.name === 'failure')).length);
      t.is(Number(suite.attrs.errors), mine.filter((c) => c.children.some((k) => k.name === 'error')).length);
      t.is(Number(suite.attrs.skipped), mine.filter((c) => c.children.some((k) => k.name === 'skipped')).length);
    }
  });
}

test('after the causes, the probes form the swarm-ports suite, followed by one suite per finding check in order of appearance', (t) => {
  const root = parseXml(renderJunit(mixedResult()));
  t.deepEqual(all(root, 'testsuite').map((s) => s.attrs.name), ['causes', 'swarm-ports', 'port-owner', 'swarm-role']);
  t.is(all(root, 'testsuite')[0].attrs.timestamp, '2026-11-26T00:00:00');
});

test('a failing probe is a failure named after its pair and port, with the detail, the reason and the fix', (t) => {
  const root = parseXml(renderJunit(mixedResult()));
  const c = all(root, 'testcase').find((k) => k.attrs.name === 'n1 -> n3 4789/udp')!;
  t.is(c.attrs.classname, 'swarm-ports.n1');
  const failure = c.children[0];
  t.is(failure.name, 'failure');
  t.is(failure.attrs.message, 'not received: sent 3 times within 1000 ms, never seen (dropped)');
  t.is(failure.attrs.type, 'not-seen');
  t.is(failure.text, 'on n3: iptables -I INPUT -p udp --dport 4789 -j ACCEPT');
});

test('passing probes are empty testcases and skipped ones carry why in <skipped>', (t) => {
  const root = parseXml(renderJunit(makeResult(2)));
  const pass = all(root, 'testcase').find((k) => k.attrs.name === 'n2 -> n1 2377/tcp')!;
  t.deepEqual(pass.children, []);
  const skip = all(root, 'testcase').find((k) => k.attrs.name === 'n1 -> n2 2377/tcp')!;
  t.deepEqual(skip.children.map((k) => [k.name, k.attrs.message]), [['skipped', 'skip']]);
});

test("an unreachable host's probes are errors, and its access finding is an error in the host-access suite", (t) => {
  const root = parseXml(renderJunit(unreachableResult(3)));
  const errored = all(root, 'testcase').filter((k) => !k.attrs.classname.startsWith('causes.') && k.children.some((c) => c.name === 'error'));
  // 13 probes (2377 towards a worker is skipped, not errored) and the host-access finding.
  t.is(errored.length, 14);
  const probe = errored.find((k) => k.attrs.name === 'n3 -> n1 7946/tcp')!;
  t.deepEqual(probe.children[0].attrs, { message: 'could not test on n3: timed out after 10 s connecting to port 22', type: 'unreachable' });
  const access = all(root, 'testsuite').find((s) => s.attrs.name === 'host-access')!;
  t.is(access.attrs.errors, '1');
  t.is(access.children[0].attrs.classname, 'host-access.n3');
  t.regex(access.children[0].children[0].text, /check the address/);
});

test('a warning finding is a passing testcase that says what it saw and the fix in its output', (t) => {
  const root = parseXml(renderJunit(withFindings(makeResult(2))));
  const owner = all(root, 'testsuite').find((s) => s.attrs.name === 'port-owner')!;
  t.is(owner.attrs.failures, '0');
  const c = owner.children[0];
  t.is(c.attrs.name, 'n2: 7946/tcp on n2 is held by consul (pid 812), not by docker');
  t.deepEqual(c.children.map((k) => k.name), ['system-out']);
  t.regex(c.children[0].text, /^warning: 7946\/tcp on n2 is held by consul.*\nfix: swarm needs 7946\/tcp/);
  const role = all(root, 'testsuite').find((s) => s.attrs.name === 'swarm-role')!;
  t.deepEqual(role.children[0].children[0].attrs, { message: 'swarm state on n1 is error: rpc error', type: 'swarm-role' });
});

test("times are seconds: each probe its own, each suite the sum of its cases, the whole report the run's duration", (t) => {
  const result = withFindings(makeResult(3));
  result.probes.forEach((p, i) => { p.ms = i === 5 ? null : 10 + i; });
  const root = parseXml(renderJunit(result));
  const cases = all(root, 'testsuite').find((x) => x.attrs.name === 'swarm-ports')!.children;
  t.is(cases[0].attrs.time, '0.010');
  t.is(cases[5].attrs.time, '0.000');
  const expected = result.probes.reduce((sum, p) => sum + (p.ms ?? 0), 0) / 1000;
  const suites = all(root, 'testsuite');
  t.is(suites.find((x) => x.attrs.name === 'swarm-ports')!.attrs.time, expected.toFixed(3));
  t.is(suites.find((x) => x.attrs.name === 'causes')!.attrs.time, '0.000');
  t.is(suites.find((x) => x.attrs.name === 'port-owner')!.attrs.time, '0.000');
  t.is(root.attrs.time, '1.234');
});

test('markup is escaped and characters XML 1.0 forbids are stripped, in attributes and in text', (t) => {
  const result = withFacts(makeResult(2, (from) => (from === 'n1' ? 'fail' : 'pass')));
  const nasty = `a<b>&"c'\u0001\u001b[31m\uFFFE\uD800]]>\ttab\nline\rcr`;
  const clean = `a<b>&"c'[31m]]>\ttab\nline\rcr`;
  for (const p of result.probes) if (p.status === 'fail') Object.assign(p, { detail: nasty, reason: nasty, remediation: nasty });
  result.hosts[0].id = 'n1 <&>';
  for (const p of result.probes) { if (p.from === 'n1') p.from = 'n1 <&>'; if (p.to === 'n1') p.to = 'n1 <&>'; }
  const xml = renderJunit(result);
  t.false(xml.includes(']]>'));
  const root = parseXml(xml);
  t.deepEqual(junitShapeErrors(root), []);
  const failure = all(all(root, 'testsuite').find((x) => x.attrs.name === 'swarm-ports')!, 'failure')[0];
  t.is(failure.attrs.message, clean);
  t.is(failure.attrs.type, clean);
  t.is(failure.text, clean);
  t.truthy(all(root, 'testcase').find((k) => k.attrs.classname === 'swarm-ports.n1 <&>'));
});

test('the XML checker rejects what is not well-formed, so the tests above can fail', (t) => {
  for (const bad of ['<a><b></a></b>', '<a x="1" x="2"/>', '<a>&nbsp;</a>', '<a>1 < 2</a>', '<a/><b/>', '<a x=1/>', '<a>\u0001</a>', '<a>&#0;</a>', '<a>x]]>y</a>', '<a', '<a>&amp</a>']) {
    t.throws(() => parseXml(bad), undefined, bad);
  }
  t.notThrows(() => parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x="&lt;&#10;"><!-- c --><b/>t&amp;<![CDATA[<raw>]]></a>\n'));
  t.deepEqual(junitShapeErrors(parseXml('<testsuites skipped="1"><testsuite name="x"><testcase/></testsuite></testsuites>')), [
    '<testsuites> has no attribute skipped', '<testsuite> lacks tests', '<testsuite> lacks failures', '<testsuite> lacks errors', '<testcase> lacks name',
  ]);
});

test('causes come first as a suite of their own: one testcase per cause, named by its id, message the summary, body the fix', (t) => {
  const result = mixedCauses(mixedResult());
  const root = parseXml(renderJunit(result));
  const suites = all(root, 'testsuite');
  t.deepEqual(suites.map((s) => s.attrs.name), ['causes', 'swarm-ports', 'port-owner', 'swarm-role']);
  const causes = suites[0];
  t.deepEqual(causes.attrs, { name: 'causes', tests: '4', failures: '2', errors: '1', skipped: '0', time: '0.000', timestamp: '2026-11-26T00:00:00' });
  const cases = causes.children.filter((c) => c.name === 'testcase');
  t.deepEqual(cases.map((c) => [c.attrs.name, c.attrs.classname]), (result.causes ?? []).map((c) => [c.id, `causes.${c.kind}`]));
  t.deepEqual(cases[0].children[0], { name: 'failure', attrs: { message: 'n3 drops 4789/udp from all its peers', type: 'inbound-blocked' }, children: [], text: 'fix: on n3: iptables -I INPUT -p udp --dport 4789 -j ACCEPT\nexplains 3 probes\nhosts: n3\nports: 4789/udp' });
  t.is(cases[2].children[0].name, 'error');
  // A warning passes, and says so in its output.
  t.deepEqual(cases[3].children.map((c) => c.name), ['system-out']);
  t.regex(cases[3].children[0].text, /^warning: 7946\/tcp on n2 is held by consul/);
  // The suite's output is the verdict line.
  t.regex(causes.children.find((c) => c.name === 'system-out')?.text ?? '', /^FAIL: 4 causes · probes 35 pass, 3 fail, 1 untested, 9 n\/a · findings 1 fail, 1 warn/);
  // The probes keep their names.
  t.truthy(all(root, 'testcase').find((k) => k.attrs.name === 'n1 -> n3 4789/udp' && k.attrs.classname === 'swarm-ports.n1'));
});

test('a result saved without causes gets them grouped as the runner would', (t) => {
  const result = mixedResult();
  t.is(renderJunit(result), renderJunit({ ...result, causes: groupCauses(result) }));
  t.true(all(parseXml(renderJunit(result)), 'testsuite')[0].children.some((c) => c.name === 'testcase'));
});

test('a host out of the run before probing is one error case for all the probes it left unsent, not one a probe', (t) => {
  const result = unsentResult(4);
  const xml = renderJunit({ ...result, causes: groupCauses(result) });
  const root = parseXml(xml);
  t.deepEqual(junitShapeErrors(root), []);
  const ports = all(root, 'testsuite').find((s) => s.attrs.name === 'swarm-ports')!;
  const cases = all(ports, 'testcase');
  t.is(cases.length, result.probes.length + 1);
  const n4 = cases.find((c) => c.attrs.classname === 'swarm-ports.n4')!;
  t.is(n4.attrs.name, 'n4 <-> its peers 2377/tcp, 7946/tcp, 7946/udp, 4789/udp');
  t.is(all(n4, 'error')[0]?.attrs.message, '19 probes to and from n4 not sent: could not test from n4: timed out after 10 s connecting to port 22');
  t.false(cases.some((c) => c.attrs.classname !== 'swarm-ports.n4' && /n4/.test(c.attrs.name)));
});
