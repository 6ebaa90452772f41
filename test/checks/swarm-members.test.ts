import test from 'ava';
import { evaluateSwarmMembers } from '../../checks/swarm-members.js';
import { labView } from './swarm-view-fixture.js';

const warnings = (fs: ReturnType<typeof evaluateSwarmMembers>) => fs.filter((f) => f.status !== 'pass');

test('a swarm node missing from the inventory is a warning naming it, and nothing else is said of the tested nodes', (t) => {
  const view = labView((p) => {
    p.hosts.splice(2, 1);
  });
  const findings = evaluateSwarmMembers(view);
  const missing = findings.find((f) => /not in the inventory/.test(f.summary));
  t.like(missing, { check: 'swarm-members', status: 'warn', host: undefined });
  t.is(missing?.summary, 'a swarm node is not in the inventory and was not tested: n3 (198.18.0.13, worker)');
  t.regex(missing?.remediation ?? '', /add n3 to the inventory/);
  // The only other finding is the quorum of one manager.
  t.deepEqual(warnings(findings).map((f) => f.summary.slice(0, 40)), [missing!.summary.slice(0, 40), '1 manager (n1): raft needs a majority of']);
});

test('one manager, or an even number, is a warning that explains raft\'s majority; three is a pass', (t) => {
  const one = evaluateSwarmMembers(labView()).find((f) => /manager/.test(f.summary) && !/inventory/.test(f.summary));
  t.like(one, { status: 'warn' });
  t.regex(one?.summary ?? '', /raft needs a majority of the managers, so losing it leaves the swarm unable/);
  t.regex(one?.remediation ?? '', /run 3 managers/);
  const promote = (n: number) => labView((p) => {
    const nodes = p.facts.get('n1')!.nodes!;
    const extra = Array.from({ length: Math.max(0, n - nodes.length) }, (_, i) => ({ ...nodes[1], id: `extra${i}abcdefghijklmnopq`, hostname: `m${i}` }));
    p.facts.get('n1')!.nodes = [...nodes, ...extra].map((node, i) => ({ ...node, role: i < n ? 'manager' as const : 'worker' as const }));
  });
  const two = evaluateSwarmMembers(promote(2)).find((f) => /managers?/.test(f.summary) && f.evidence?.tolerates !== undefined);
  t.is(two?.status, 'warn');
  const three = evaluateSwarmMembers(promote(3)).find((f) => f.evidence?.tolerates !== undefined);
  t.like(three, { status: 'pass', summary: '3 managers: the swarm keeps its raft quorum with 1 of them down' });
  const four = evaluateSwarmMembers(promote(4)).find((f) => f.evidence?.tolerates !== undefined);
  t.like(four, { status: 'warn' });
  t.regex(four?.summary ?? '', /^4 managers: an even number/);
  t.regex(four?.remediation ?? '', /run 3 or 5 managers/);
});

test('down and drained nodes are named; down is a failure when the node itself thinks it is in the swarm', (t) => {
  const view = labView((p) => {
    p.facts.get('n1')!.nodes = p.facts.get('n1')!.nodes!.map((n) => (n.hostname === 'n2' ? { ...n, state: 'down' } : n.hostname === 'n3' ? { ...n, availability: 'drain' } : n));
  });
  const findings = warnings(evaluateSwarmMembers(view));
  t.like(findings.find((f) => f.host === 'n2'), { status: 'fail' });
  t.regex(findings.find((f) => f.host === 'n2')?.summary ?? '', /lists n2 down, though n2's own docker says it is in the swarm/);
  t.like(findings.find((f) => f.host === 'n3'), { status: 'warn', summary: 'n3 is drained: no new tasks are scheduled on it' });
});

test('an inventory host outside the swarm, or in another swarm, is named', (t) => {
  const view = labView((p) => {
    const n2 = p.facts.get('n2')!;
    n2.docker = { running: true, version: '20.10', swarmState: 'inactive' };
    const n3 = p.facts.get('n3')!;
    n3.docker = { ...n3.docker, nodeId: 'zzzzzzzzzzzzzzzzzzzzzzzzz' };
  });
  const findings = warnings(evaluateSwarmMembers(view));
  t.like(findings.find((f) => f.host === 'n2'), { status: 'warn' });
  t.regex(findings.find((f) => f.host === 'n2')?.summary ?? '', /n2 is not in the swarm \(docker reports swarm inactive\)/);
  t.like(findings.find((f) => f.host === 'n3'), { status: 'fail' });
  t.regex(findings.find((f) => f.host === 'n3')?.summary ?? '', /not in n1's/);
});

test('an inventory host that could not be reached is matched by address, not reported as missing', (t) => {
  const view = labView((p) => {
    p.facts.delete('n3');
    p.net.delete('n3');
  });
  t.false(evaluateSwarmMembers(view).some((f) => /not in the inventory/.test(f.summary)));
});

test('without a manager\'s view there is nothing to compare', (t) => {
  t.deepEqual(evaluateSwarmMembers(labView((p) => { p.facts.get('n1')!.nodes = undefined; })), []);
});
