import test from 'ava';
import { evaluateCanary } from '../../checks/canary.js';
import type { CanaryPing } from '../../src/facts/canary-output.js';
import type { CanaryEvidence } from '../../src/run/canary.js';

const ips: Record<string, string> = { a: '10.0.9.2', b: '10.0.9.3', c: '10.0.9.4' };
const ping = (from: string, to: string, over: Partial<CanaryPing> = {}): CanaryPing =>
  ({ from, to, toIp: ips[to], small: true, full: true, size: 1422, requestsIn: 2, ...over });
const canary = (over: Partial<CanaryEvidence> = {}): CanaryEvidence => ({
  network: 'spf-canary-abc123',
  containers: ['a', 'b'].map((h) => ({ host: h, name: `spf-canary-abc123-${h}`, ip: ips[h], mtu: 1450 })),
  pings: [ping('a', 'b'), ping('b', 'a')],
  cleanup: { removed: ['spf-canary-abc123-a', 'spf-canary-abc123-b', 'spf-canary-abc123'], failed: [] },
  timings: {},
  ...over,
});

test('every pair that pings small and full gets one pass, and nothing else is reported', (t) => {
  const findings = evaluateCanary(canary());
  t.deepEqual(findings.map((f) => `${f.status} ${f.from}>${f.to}`), ['pass a>b', 'pass b>a']);
  t.regex(findings[0].summary, /small and full-size \(1422 bytes\)/);
  t.is((findings[0].evidence as { network: string }).network, 'spf-canary-abc123');
});

test('a lost small ping with no echo request from that source counted at the target fails as traffic into the target lost', (t) => {
  const [f] = evaluateCanary(canary({ pings: [ping('a', 'b', { small: false, full: false, requestsIn: 0 })] }));
  t.is(f.status, 'fail');
  t.regex(f.summary, /no echo request from a reached b's container: traffic from a into b is lost/);
  t.regex(f.summary, /\(10\.0\.9\.3\)/);
  t.regex(f.remediation ?? '', /data-path port/);
});

test('a lost small ping whose requests the target counted passes this direction and points at the way back', (t) => {
  const [f] = evaluateCanary(canary({ pings: [ping('a', 'b', { small: false, full: false, requestsIn: 3 })] }));
  t.is(f.status, 'pass');
  t.regex(f.summary, /echo requests from a's container reach b's \(3 counted there\); only the replies back into a are lost \(see b -> a\)/);
});

test('a lost small ping without the target counter leaves the direction unknown', (t) => {
  const [f] = evaluateCanary(canary({ pings: [ping('a', 'b', { small: false, full: false, requestsIn: null })] }));
  t.is(f.status, 'fail');
  t.regex(f.summary, /the lost direction is unknown/);
});

test('small pings that work with full-size ones lost fail as an MTU black hole with the size', (t) => {
  const [f] = evaluateCanary(canary({ pings: [ping('a', 'b', { full: false })] }));
  t.is(f.status, 'fail');
  t.regex(f.summary, /full-size ones \(1422 bytes\) do not/);
  t.regex(f.summary, /MTU black hole/);
  t.regex(f.remediation ?? '', /com\.docker\.network\.driver\.mtu/);
});

test('a full-size failure with the container MTU unknown shows the size as unknown', (t) => {
  const [f] = evaluateCanary(canary({ pings: [ping('a', 'b', { full: false, size: null })] }));
  t.regex(f.summary, /\(\? bytes\)/);
});

test('a ping that did not report either result is an error, not a fail', (t) => {
  const findings = evaluateCanary(canary({ pings: [ping('a', 'b', { small: null, full: null }), ping('b', 'a', { full: null })] }));
  t.deepEqual(findings.map((f) => f.status), ['error', 'error']);
  t.regex(findings[0].summary, /canary a -> b: the ping did not report/);
});

test('a container that did not start is an error for its host', (t) => {
  const findings = evaluateCanary(canary({
    containers: [{ host: 'a', name: 'spf-canary-abc123-a', ip: ips.a }, { host: 'b', name: 'spf-canary-abc123-b', error: 'Unable to find image \'busybox:latest\' locally' }],
    pings: [],
  }));
  t.is(findings.length, 1);
  t.is(findings[0].status, 'error');
  t.is(findings[0].host, 'b');
  t.regex(findings[0].summary, /canary container on b did not start: Unable to find image/);
  t.regex(findings[0].remediation ?? '', /--canary-image/);
});

test('a canary that could not run at all is one error naming the reason', (t) => {
  const findings = evaluateCanary({ network: 'spf-canary-abc123', error: 'no swarm manager among the reachable hosts', containers: [], pings: [], cleanup: { removed: [], failed: [] }, timings: {} });
  t.is(findings.length, 1);
  t.is(findings[0].status, 'error');
  t.regex(findings[0].summary, /canary not run: no swarm manager/);
  t.deepEqual(findings[0].evidence, { network: 'spf-canary-abc123' });
});

test('anything cleanup left behind is a warning that names it and says how to remove it', (t) => {
  const findings = evaluateCanary(canary({ cleanup: { removed: ['spf-canary-abc123-a'], failed: ['spf-canary-abc123-b', 'spf-canary-abc123'] } }));
  const warn = findings.filter((f) => f.status === 'warn');
  t.is(warn.length, 1);
  t.regex(warn[0].summary, /canary cleanup left: spf-canary-abc123-b, spf-canary-abc123$/);
  t.regex(warn[0].remediation ?? '', /docker network rm spf-canary-abc123/);
  t.is(findings.filter((f) => f.status === 'pass').length, 2);
});
