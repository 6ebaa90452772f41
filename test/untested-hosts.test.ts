import test from 'ava';
import type { ProbeResult } from '../src/model.js';
import { untestedView } from '../src/untested-hosts.js';
import { asUnsent, unreachableResult, unsentResult } from './report/results.js';

// The fixtures' skipped probes carry no reason; the runner's say not-applicable.
const shape = (p: ProbeResult) => `${p.from}>${p.to} ${p.port}/${p.protocol} ${p.status} ${p.status === 'skip' ? '' : p.reason ?? ''}`;

test('the probes an untested entry gives back are the ones a result listing them holds, pair by pair and port by port', (t) => {
  const listed = unreachableResult(5).probes.filter((p) => p.from === 'n5' || p.to === 'n5');
  const view = untestedView(unsentResult(5));
  t.deepEqual([...view.probes()].map(shape), listed.map(shape));
  t.deepEqual(view.pair('n2', 'n5').map((p) => p.detail), ['n5 is a worker; only managers listen on 2377/tcp', ...Array(3).fill('could not test on n5: timed out after 10 s connecting to port 22')]);
  t.true(view.pair('n5', 'n1').every((p) => p.detail === 'could not test from n5: timed out after 10 s connecting to port 22'));
  t.deepEqual(view.pair('n1', 'n2'), []);
});

test('a probe between two hosts out of the run speaks of its sender, and a pair the result lists keeps that entry', (t) => {
  const result = asUnsent(asUnsent(unreachableResult(4), 'n4'), 'n3');
  // Put one probe of n3's back in the list, as the runner does for a machine listed twice.
  result.probes.push({ from: 'n3', to: 'n2', protocol: 'udp', port: 7946, status: 'skip', reason: 'not-applicable', detail: 'n2 and n3 are the same machine', ms: null });
  const view = untestedView(result);
  t.true(view.pair('n3', 'n4').every((p) => p.status === 'skip' || p.detail.startsWith('could not test from n3')));
  t.true(view.pair('n4', 'n3').every((p) => p.status === 'skip' || p.detail.startsWith('could not test from n4')));
  t.deepEqual(view.pair('n3', 'n2').map((p) => `${p.port}/${p.protocol}`), ['2377/tcp', '7946/tcp', '4789/udp']);
});

test('a forged data-path port in the options falls back to 4789, and a result without entries gives back nothing', (t) => {
  const result = unsentResult(3);
  result.options = { ...result.options, dataPathPort: '4789; rm -rf /' };
  t.deepEqual(untestedView(result).ports.map((p) => p.port), [2377, 7946, 7946, 4789]);
  t.deepEqual([...untestedView(unreachableResult(3)).probes()], []);
});
