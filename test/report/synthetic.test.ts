import test from 'ava';
import { faultCauses, faultHosts, syntheticResult } from './synthetic.js';

test('the runner\'s grouping finds each of the generator\'s faults as one cause with exactly the evidence the fault broke', (t) => {
  const result = syntheticResult(50);
  const grouped = result.causes ?? [];
  const built = faultCauses(result);
  t.is(grouped.length, 7);
  const key = (c: { kind: string; probes: number[]; findings: number[] }) => `${c.kind} ${c.probes.join(',')} / ${c.findings.join(',')}`;
  t.deepEqual(grouped.map(key).sort(), built.map(key).sort());
});

test('a fault-free synthetic run passes and has no causes; a faulty one has every shape', (t) => {
  const clean = syntheticResult(12, { faults: false });
  t.deepEqual(clean.summary.fail + clean.summary.error, 0);
  t.deepEqual(clean.causes, []);
  const f = faultHosts(50);
  const kinds = new Set((syntheticResult(50).causes ?? []).map((c) => c.kind));
  t.deepEqual([...kinds].sort(), ['finding', 'host-untested', 'inbound-blocked', 'outbound-blocked', 'pair-blocked', 'path-mtu']);
  t.true(syntheticResult(50).probes.some((p) => p.from === f.outboundBlocked && p.reason === 'blocked-outbound' && p.status === 'fail'));
});
