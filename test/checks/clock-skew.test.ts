import test from 'ava';
import { bestReading, evaluateClocks } from '../../checks/clock-skew.js';
import { host } from './helpers/host-context.js';

const at = (offsetMs: number, rttMs: number, t0 = 1_000_000) => ({ sentMs: t0, hostMs: t0 + rttMs / 2 + offsetMs, receivedMs: t0 + rttMs });

test('the reading with the shortest round trip gives the offset, half of it the error bar', (t) => {
  t.deepEqual(bestReading([at(2000, 300), at(2000, 20), at(2000, 90)]), { offsetMs: 2000, errorMs: 10, samples: 3 });
});

test('a host 3 s ahead warns with NTP as the fix; within a second, or inside the error bar, nothing', (t) => {
  const findings = evaluateClocks([host('n1', { clock: [at(20, 10)] }), host('n2', { clock: [at(3000, 10)] }), host('n3', { clock: [at(1500, 1200)] })]);
  t.deepEqual(findings.map((f) => [f.host, f.status]), [['n2', 'warn']]);
  t.is(findings[0].summary, "n2's clock is 3.0 s ahead of this machine's (±0.0 s)");
  t.regex(findings[0].remediation ?? '', /chrony/);
});

test('every host off by the same amount points at this machine\'s own clock', (t) => {
  const findings = evaluateClocks([host('n1', { clock: [at(-5000, 10)] }), host('n2', { clock: [at(-5200, 10)] })]);
  t.is(findings.length, 2);
  t.regex(findings[0].summary, /behind this machine's .*this machine's own clock may be the one that is wrong/);
});
