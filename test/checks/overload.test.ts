// The overload rule on real /proc/net/netstat and /proc/net/snmp files of lab hosts (each its own
// network namespace), captured around a TCP listener whose accept queue overflowed, a UDP socket
// whose receive buffer overflowed, and a host that saw neither in the same seconds.
import test from 'ava';
import { countersRose, overloadOf, parseCounters } from '../../checks/overload.js';
import { evaluateProbe } from '../../checks/swarm-ports.js';
import type { ProbeEvidence } from '../../checks/types.js';
import type { CounterTexts } from '../../src/agent/protocol.js';
import { fixture } from '../fixtures/load.js';

const texts = (name: string): CounterTexts => ({ netstat: fixture(`lab/procnet/${name}.netstat`), snmp: fixture(`lab/procnet/${name}.snmp`) });
const rise = (name: string) => countersRose(texts(`${name}-before`), texts(`${name}-after`));

test('the counters are read by section and name from the files as the kernel writes them', (t) => {
  const after = parseCounters(fixture('lab/procnet/listen-overflow-after.netstat'));
  t.is(after.get('TcpExt.ListenOverflows'), 15);
  t.true(after.has('IpExt.InOctets'));
  const snmp = parseCounters(fixture('lab/procnet/rcvbuf-overflow-after.snmp'));
  t.is(typeof snmp.get('Udp.RcvbufErrors'), 'number');
  t.is(typeof snmp.get('Udp.SndbufErrors'), 'number');
});

test('a full accept queue shows as ListenOverflows and ListenDrops rising on that host only', (t) => {
  t.deepEqual(rise('listen-overflow'), { 'TcpExt.ListenOverflows': 15, 'TcpExt.ListenDrops': 15 });
  t.deepEqual(rise('quiet'), {});
});

test('a full receive buffer shows as RcvbufErrors and InErrors rising', (t) => {
  t.deepEqual(rise('rcvbuf-overflow'), { 'Udp.RcvbufErrors': 99, 'Udp.InErrors': 99 });
});

test('a missing TCP probe is the receiver\'s when its listen counters rose, and the network\'s when they did not', (t) => {
  t.deepEqual(overloadOf('tcp', 'n1', 'n2', { receiver: rise('listen-overflow'), sender: {} }), { host: 'n2', counters: { 'TcpExt.ListenOverflows': 15, 'TcpExt.ListenDrops': 15 } });
  t.is(overloadOf('tcp', 'n1', 'n2', { receiver: rise('quiet'), sender: rise('quiet') }), undefined);
  // A UDP buffer overflow says nothing about a TCP listener.
  t.is(overloadOf('tcp', 'n1', 'n2', { receiver: rise('rcvbuf-overflow') }), undefined);
});

test('a missing datagram is the receiver\'s when its receive errors rose, the sender\'s when its send-buffer errors rose', (t) => {
  t.like(overloadOf('udp', 'n1', 'n2', { receiver: rise('rcvbuf-overflow') }), { host: 'n2' });
  t.deepEqual(overloadOf('udp', 'n1', 'n2', { sender: { 'Udp.SndbufErrors': 3 } }), { host: 'n1', counters: { 'Udp.SndbufErrors': 3 } });
  t.is(overloadOf('udp', 'n1', 'n2', { receiver: rise('listen-overflow') }), undefined);
  t.is(overloadOf('esp', 'n1', 'n2', { receiver: rise('rcvbuf-overflow') }), undefined);
});

test('counters that are missing or unreadable on either side explain nothing', (t) => {
  t.deepEqual(countersRose(null, texts('listen-overflow-after')), {});
  t.deepEqual(countersRose({ netstat: null, snmp: null }, texts('listen-overflow-after')), {});
  t.deepEqual(countersRose(texts('listen-overflow-before'), { netstat: 'garbage\nlines', snmp: null }), {});
});

const tcpEvidence = (overload: ProbeEvidence['overload']): ProbeEvidence => ({
  spec: { id: 'p1', from: 'n1', to: 'b7', protocol: 'tcp', port: 7946 }, timeoutMs: 2000,
  receiver: { proto: 'tcp', port: 7946, how: 'bound' }, tcp: { outcome: 'timeout', ms: 2000, errno: null, connects: 2 },
  ...(overload ? { overload } : {}),
});

test('a TCP timeout at a receiver whose counters rose is an error naming the overloaded host, never a fail', (t) => {
  const verdict = evaluateProbe(tcpEvidence({ receiver: rise('listen-overflow'), sender: {} }));
  t.like(verdict, { status: 'error', reason: 'overloaded' });
  t.regex(verdict.detail, /^b7 was overloaded and dropped probes itself \(ListenOverflows \+15, ListenDrops \+15\)/);
});

test('a TCP timeout at a receiver whose counters did not rise stays a filtered fail, after two connects', (t) => {
  const verdict = evaluateProbe(tcpEvidence({ receiver: rise('quiet'), sender: rise('quiet') }));
  t.like(verdict, { status: 'fail', reason: 'filtered' });
  t.regex(verdict.detail, /no answer to 2 connects within 2000 ms/);
  t.like(evaluateProbe(tcpEvidence(undefined)), { status: 'fail', reason: 'filtered' });
});

test('a datagram never seen by a receiver whose buffer overflowed is an error, not a drop in the network', (t) => {
  const e: ProbeEvidence = {
    spec: { id: 'p2', from: 'n1', to: 'b7', protocol: 'udp', port: 4789, vxlan: true }, timeoutMs: 2000,
    receiver: { proto: 'udp', port: 4789, how: 'bound' }, sent: { count: 3, error: null, ms: 1 },
  };
  t.like(evaluateProbe({ ...e, overload: { receiver: rise('rcvbuf-overflow') } }), { status: 'error', reason: 'overloaded' });
  t.like(evaluateProbe({ ...e, overload: { receiver: rise('quiet') } }), { status: 'fail', reason: 'not-received' });
});
