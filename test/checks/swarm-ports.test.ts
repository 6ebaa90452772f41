import test from 'ava';
import { evaluateProbe, planProbes, receiversFor } from '../../checks/swarm-ports.js';
import type { ProbeEvidence, ProbeSpec } from '../../checks/types.js';
import type { ListenItem } from '../../src/agent/protocol.js';

const hosts = [
  { id: 'm1', role: 'manager' as const },
  { id: 'w1', role: 'worker' as const },
  { id: 'w2', role: 'worker' as const },
];

test('the plan has every ordered pair and port, both directions, and no self pairs', (t) => {
  const specs = planProbes({ hosts, dataPathPort: 4789, esp: false });
  t.is(specs.length, 6 * 4);
  t.false(specs.some((s) => s.from === s.to));
  t.truthy(specs.find((s) => s.from === 'w1' && s.to === 'w2' && s.protocol === 'udp' && s.port === 4789));
  t.truthy(specs.find((s) => s.from === 'w2' && s.to === 'w1' && s.protocol === 'udp' && s.port === 4789));
  t.is(new Set(specs.map((s) => s.id)).size, specs.length);
});

test('2377/tcp is probed towards managers only and skipped towards workers with the reason', (t) => {
  const specs = planProbes({ hosts, dataPathPort: 4789, esp: false }).filter((s) => s.port === 2377);
  t.deepEqual(specs.filter((s) => !s.skip).map((s) => `${s.from}>${s.to}`).sort(), ['w1>m1', 'w2>m1']);
  t.regex(specs.find((s) => s.to === 'w1')?.skip ?? '', /worker/);
});

test('a host of unknown role is probed on 2377 as a possible manager', (t) => {
  const specs = planProbes({ hosts: [{ id: 'a', role: 'unknown' }, { id: 'b', role: 'unknown' }], dataPathPort: 4789, esp: false });
  t.is(specs.filter((s) => s.port === 2377 && !s.skip).length, 2);
});

test('the data-path port follows the swarm setting and carries the VXLAN marker', (t) => {
  const specs = planProbes({ hosts, dataPathPort: 5789, esp: false });
  t.true(specs.some((s) => s.protocol === 'udp' && s.port === 5789 && s.vxlan));
  t.false(specs.some((s) => s.port === 4789));
});

test('ESP is planned only when asked for', (t) => {
  t.false(planProbes({ hosts, dataPathPort: 4789, esp: false }).some((s) => s.protocol === 'esp'));
  t.is(planProbes({ hosts, dataPathPort: 4789, esp: true }).filter((s) => s.protocol === 'esp').length, 6);
});

test('a host opens receivers only for the probes aimed at it', (t) => {
  const specs = planProbes({ hosts, dataPathPort: 4789, esp: true });
  t.deepEqual(receiversFor(specs, 'm1'), { tcp: [2377, 7946], udp: [4789, 7946], esp: true });
  t.deepEqual(receiversFor(specs, 'w1'), { tcp: [7946], udp: [4789, 7946], esp: true });
});

const spec = (protocol: 'tcp' | 'udp' | 'esp', port: number): ProbeSpec => ({ id: 'p1', from: 'a', to: 'b', protocol, port });
const bound = (protocol: 'tcp' | 'udp' | 'esp', port: number): ListenItem => ({ proto: protocol, port, how: 'bound' });
const live = (protocol: 'tcp' | 'udp', port: number): ListenItem => ({ proto: protocol, port, how: protocol === 'tcp' ? 'live' : 'raw', owner: { pid: 42, comm: 'dockerd' } });
const evidence = (over: Partial<ProbeEvidence>): ProbeEvidence => ({ spec: spec('udp', 7946), timeoutMs: 2000, ...over });

test('a UDP probe passes only with the receiver having seen the nonce', (t) => {
  const seen = evaluateProbe(evidence({ receiver: bound('udp', 7946), sent: { count: 1, error: null, ms: 0 }, seen: { src: '198.18.0.11', via: 'socket', ms: 3 } }));
  t.is(seen.status, 'pass');
  t.is(seen.ms, 3);
  const sentOnly = evaluateProbe(evidence({ receiver: bound('udp', 7946), sent: { count: 3, error: null, ms: 1400 } }));
  t.is(sentOnly.status, 'fail');
  t.is(sentOnly.reason, 'not-received');
  t.regex(sentOnly.detail, /sent 3 times/);
});

test('a UDP probe answered by ICMP port-unreachable fails as rejected', (t) => {
  const r = evaluateProbe(evidence({ receiver: bound('udp', 7946), sent: { count: 1, error: null, ms: 0 }, icmp: 'ECONNREFUSED' }));
  t.is(r.status, 'fail');
  t.is(r.reason, 'rejected');
});

test('a live UDP probe seen by the raw socket passes and says the owner kept the port', (t) => {
  const r = evaluateProbe(evidence({ spec: spec('udp', 4789), receiver: live('udp', 4789), sent: { count: 1, error: null, ms: 0 }, seen: { src: 'x', via: 'raw', ms: 2 } }));
  t.is(r.status, 'pass');
  t.regex(r.detail, /dockerd holds the port/);
});

test('TCP refused and TCP filtered are both fails with different reasons', (t) => {
  const refused = evaluateProbe(evidence({ spec: spec('tcp', 7946), receiver: bound('tcp', 7946), tcp: { outcome: 'refused', ms: 1, errno: 'ECONNREFUSED' } }));
  const filtered = evaluateProbe(evidence({ spec: spec('tcp', 7946), receiver: bound('tcp', 7946), tcp: { outcome: 'timeout', ms: 2000, errno: null } }));
  t.is(refused.status, 'fail');
  t.is(refused.reason, 'refused');
  t.regex(refused.detail, /REJECT/);
  t.is(filtered.status, 'fail');
  t.is(filtered.reason, 'filtered');
  t.regex(filtered.detail, /silently dropped/);
});

test('a pre-mode TCP connect whose nonce never arrived is a fail, not a pass', (t) => {
  const r = evaluateProbe(evidence({ spec: spec('tcp', 7946), receiver: bound('tcp', 7946), tcp: { outcome: 'connected', ms: 1, errno: null } }));
  t.is(r.status, 'fail');
  t.is(r.reason, 'wrong-peer');
});

test('a live TCP connect to the real listener is a pass without a nonce', (t) => {
  const r = evaluateProbe(evidence({ spec: spec('tcp', 2377), receiver: live('tcp', 2377), tcp: { outcome: 'connected', ms: 1, errno: null } }));
  t.is(r.status, 'pass');
});

test('an unreachable host makes its probes errors, never fails or passes', (t) => {
  const r = evaluateProbe(evidence({ targetError: { kind: 'timeout', message: 'no answer' } }));
  t.is(r.status, 'error');
  t.is(r.reason, 'timeout');
  const s = evaluateProbe(evidence({ sourceError: { kind: 'auth', message: 'denied' } }));
  t.is(s.status, 'error');
});

test('a receiver that needs root makes the probe an error that says so', (t) => {
  const r = evaluateProbe(evidence({ receiver: { proto: 'udp', port: 4789, how: 'error', kind: 'needs-root', error: 'needs root to observe 4789/udp' } }));
  t.is(r.status, 'error');
  t.is(r.reason, 'needs-root');
});

test('an ESP send without root is an error, not a fail', (t) => {
  const r = evaluateProbe(evidence({ spec: spec('esp', 0), receiver: { proto: 'esp', port: 0, how: 'raw' }, sent: { count: 0, error: 'needs-root', ms: 0 } }));
  t.is(r.status, 'error');
  t.is(r.reason, 'needs-root');
});

test('a skipped spec stays skip with its reason', (t) => {
  const r = evaluateProbe(evidence({ spec: { ...spec('tcp', 2377), skip: 'b is a worker' } }));
  t.is(r.status, 'skip');
  t.is(r.detail, 'b is a worker');
});

test('a probe cut short by Ctrl-C is an error, not a fail', (t) => {
  const r = evaluateProbe(evidence({ receiver: bound('udp', 7946), sent: { count: 1, error: null, ms: 0 }, cutShort: 'interrupted' }));
  t.is(r.status, 'error');
});

test('a send its own host refuses (EPERM from its output rules) is a conclusive fail put on the sender, never an error', (t) => {
  const udp = evaluateProbe(evidence({ spec: spec('udp', 4789), receiver: bound('udp', 4789), sent: { count: 0, error: 'EPERM', ms: 0 } }));
  t.is(udp.status, 'fail');
  t.is(udp.reason, 'blocked-outbound');
  t.regex(udp.detail, /blocked on a itself: sending 4789\/udp failed with EPERM/);
  const tcp = evaluateProbe(evidence({ spec: spec('tcp', 7946), receiver: bound('tcp', 7946), tcp: { outcome: 'unreachable', ms: 0, errno: 'EPERM' } }));
  t.is(tcp.status, 'fail');
  t.is(tcp.reason, 'blocked-outbound');
  const esp = evaluateProbe(evidence({ spec: spec('esp', 0), receiver: bound('esp', 0), sent: { count: 0, error: 'EACCES', ms: 0 } }));
  t.is(esp.reason, 'blocked-outbound');
});

test('a raw socket the sender may not open is still "needs root", and an ICMP unreachable still a network fail', (t) => {
  const esp = evaluateProbe(evidence({ spec: spec('esp', 0), receiver: bound('esp', 0), sent: { count: 0, error: 'needs-root', ms: 0 } }));
  t.is(esp.status, 'error');
  t.is(esp.reason, 'needs-root');
  const tcp = evaluateProbe(evidence({ spec: spec('tcp', 7946), receiver: bound('tcp', 7946), tcp: { outcome: 'unreachable', ms: 3, errno: 'EHOSTUNREACH' } }));
  t.is(tcp.status, 'fail');
  t.is(tcp.reason, 'unreachable');
});
