import test from 'ava';
import { evaluatePathMtu } from '../../checks/path-mtu.js';
import type { PmtuEvidence, PmtuTry } from '../../src/run/pmtu-round.js';

const seen = (size: number): PmtuTry => ({ size, seen: true, error: null });
const lost = (size: number, error: string | null = null): PmtuTry => ({ size, seen: false, error });
const pmtu = (tries: PmtuTry[], over: Partial<PmtuEvidence> = {}): PmtuEvidence => ({ from: 'a', to: 'b', full: 1500, control: 576, tries, ...over });

test('a full-size frame that arrived makes the pair pass, without a remediation', (t) => {
  const f = evaluatePathMtu(pmtu([seen(576), seen(1500)], { largestSeen: 1500 }), 4789);
  t.is(f.status, 'pass');
  t.is(f.check, 'path-mtu');
  t.is(f.from, 'a');
  t.is(f.to, 'b');
  t.regex(f.summary, /1500-byte/);
  t.is(f.remediation, undefined);
});

test('a full frame that arrived passes without a control: small datagrams were already known to pass', (t) => {
  const f = evaluatePathMtu(pmtu([seen(1500)], { largestSeen: 1500 }), 4789);
  t.is(f.status, 'pass');
});

test('a lost full frame whose control was never sent is not a path-MTU verdict', (t) => {
  const f = evaluatePathMtu(pmtu([lost(1500)]), 4789);
  t.is(f.status, 'error');
  t.regex(f.summary, /not measured/);
});

test('a lost full frame with the control seen fails, naming the largest size seen and the overlay MTU to set', (t) => {
  const tries = [seen(576), lost(1500), seen(1397), lost(1408), seen(1295)];
  const f = evaluatePathMtu(pmtu(tries, { largestSeen: 1397, smallestLost: 1408 }), 4789);
  t.is(f.status, 'fail');
  t.regex(f.summary, /1500-byte don't-fragment frames from a never reach b/);
  t.regex(f.summary, /the largest that did is 1397 bytes/);
  t.regex(f.remediation ?? '', /com\.docker\.network\.driver\.mtu=1397 /);
  // Both the general advice and the ingress re-creation carry the measured value.
  t.is((f.remediation ?? '').match(/driver\.mtu=1397/g)?.length, 2);
  t.regex(f.remediation ?? '', /at least 1500/);
});

test('the evidence lists the tries by size with the measured bounds', (t) => {
  const f = evaluatePathMtu(pmtu([seen(576), lost(1500), seen(1397), lost(1408)], { largestSeen: 1397, smallestLost: 1408 }), 4789);
  const evidence = f.evidence as { tries: PmtuTry[]; largestSeen: number | null; smallestLost: number | null; port: number };
  t.deepEqual(evidence.tries.map((x) => x.size), [576, 1397, 1408, 1500]);
  t.is(evidence.largestSeen, 1397);
  t.is(evidence.smallestLost, 1408);
  t.is(evidence.port, 4789);
});

test('without a measured largest size the remediation falls back to the control size', (t) => {
  const f = evaluatePathMtu(pmtu([seen(576), lost(1500)]), 4789);
  t.is(f.status, 'fail');
  t.regex(f.remediation ?? '', /driver\.mtu=576 /);
  t.is((f.evidence as { largestSeen: number | null }).largestSeen, null);
});

test('a try the sender refused with EMSGSIZE fails and blames the sender\'s own interface', (t) => {
  const f = evaluatePathMtu(pmtu([seen(576), lost(1500, 'EMSGSIZE'), seen(1400), lost(1450, 'EMSGSIZE')], { largestSeen: 1400, smallestLost: 1450 }), 4789);
  t.is(f.status, 'fail');
  t.regex(f.summary, /a's own interface cannot send 1500-byte frames \(EMSGSIZE\)/);
  t.regex(f.summary, /MTU is below 1500/);
  t.regex(f.remediation ?? '', /driver\.mtu=1400 /);
});

test('a lost control makes the pair an error that points at the port check, not a path-MTU fail', (t) => {
  const f = evaluatePathMtu(pmtu([lost(576), lost(1500)]), 5789);
  t.is(f.status, 'error');
  t.regex(f.summary, /even 576-byte datagrams to 5789\/udp were lost/);
  t.regex(f.summary, /swarm-ports/);
  t.regex(f.remediation ?? '', /open 5789\/udp from a to b/);
});

test('a pair whose data-path probe never arrived is an error pointing at the port, with nothing sent for it', (t) => {
  const f = evaluatePathMtu(pmtu([], { portBlocked: true }), 4789);
  t.is(f.status, 'error');
  t.regex(f.summary, /not measurable: the probe of 4789\/udp itself did not get through \(see swarm-ports\)/);
  t.regex(f.remediation ?? '', /open 4789\/udp from a to b first/);
  t.deepEqual((f.evidence as { tries: unknown[] }).tries, []);
});

test('a pair with no tries at all is an error saying the probes were not sent', (t) => {
  const f = evaluatePathMtu(pmtu([]), 4789);
  t.is(f.status, 'error');
  t.regex(f.summary, /not measured: the probes were not sent/);
});

test('a pair with the control sent but the full size never tried is an error too', (t) => {
  const f = evaluatePathMtu(pmtu([seen(576)]), 4789);
  t.is(f.status, 'error');
  t.regex(f.summary, /not measured/);
});
