import test from 'ava';
import { check as hostPairs } from '../../checks/host-pairs.js';
import { check, sameMachinePairs, skipSameMachine } from '../../checks/same-machine.js';
import { planProbes } from '../../checks/swarm-ports.js';
import { context, host, labFiles } from './helpers/host-context.js';

// Two agents on lab host n1 (one machine listed twice) and one on n2 (another namespace of the same kernel).
const n1 = labFiles('hostfacts.n1.json');
const n1Again = labFiles('hostfacts.n1-second-agent.json');
const n2 = labFiles('hostfacts.n2.ipforward0-rpstrict.json');

test('entries with the same boot id and network namespace are one machine; namespaces of one kernel are not', (t) => {
  t.is(n1.bootId, n2.bootId);
  t.deepEqual(sameMachinePairs([{ id: 'a', files: n1 }, { id: 'b', files: n2 }, { id: 'c', files: n1Again }, { id: 'd' }]), [['a', 'c']]);
});

test('the probes between one machine\'s entries are skipped with the reason; the others are planned', (t) => {
  const specs = planProbes({ hosts: [{ id: 'a', role: 'manager' }, { id: 'c', role: 'manager' }, { id: 'b', role: 'manager' }], dataPathPort: 4789, esp: false });
  skipSameMachine(specs, [['a', 'c']]);
  const skipped = specs.filter((s) => s.skip);
  t.is(skipped.length, 8);
  t.true(skipped.every((s) => [s.from, s.to].sort().join() === 'a,c' && s.skip === 'a and c are the same machine; nothing to test between them'));
});

test('one machine listed twice is one error naming both entries', (t) => {
  const findings = check.evaluate(context([host('a'), host('c')], { sameMachine: [['a', 'c']] }));
  t.deepEqual(findings.map((f) => [f.status, f.hosts]), [['error', ['a', 'c']]]);
  t.regex(findings[0].summary, /^a and c are the same machine/);
});

test('fewer than two machines: "nothing was tested between hosts" as an error', (t) => {
  const [one] = hostPairs.evaluate(context([host('n1')]));
  t.is(one.status, 'error');
  t.is(one.summary, 'nothing was tested between hosts: the run has one host (n1); only host facts were checked');
  const [twice] = hostPairs.evaluate(context([host('a'), host('c')], { sameMachine: [['a', 'c']] }));
  t.regex(twice.summary, /nothing was tested between hosts: a and c are one machine/);
  t.deepEqual(hostPairs.evaluate(context([host('a'), host('b')])), []);
});
