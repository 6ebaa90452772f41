import test from 'ava';
import type { Finding, ProbeResult, RunResult } from '../../src/model.js';
import { judgeBrokenNode } from './broken-node.js';

const IDS = ['n1', 'n2', 'n3', 'n4'];
const BROKEN = 'n3';

/** What a run says of a 4-node swarm whose n3 drops 4789/udp: the truth, which tests then spoil. */
function truthful(): RunResult {
  const probes: ProbeResult[] = [];
  const findings: Finding[] = [];
  for (const from of IDS) {
    for (const to of IDS) {
      if (from === to) continue;
      for (const [protocol, port] of [['tcp', 7946], ['udp', 7946], ['udp', 4789]] as const) {
        const dropped = to === BROKEN && protocol === 'udp' && port === 4789;
        probes.push({ from, to, protocol, port, status: dropped ? 'fail' : 'pass', detail: dropped ? 'not seen' : 'received', ms: 1 });
      }
      findings.push({ check: 'path-mtu', from, to, status: to === BROKEN ? 'error' : 'pass', summary: 'path MTU' });
      findings.push({ check: 'canary', from, to, status: to === BROKEN ? 'fail' : 'pass', summary: 'ping' });
    }
  }
  findings.push({ check: 'swarm-members', status: 'warn', summary: '1 manager' });
  return {
    hosts: IDS.map((id) => ({ id })), probes, findings,
    causes: [{ id: 'inbound-blocked:n3:4789/udp', kind: 'inbound-blocked', status: 'fail', summary: 'n3 drops 4789/udp from all 3 peers', remediation: '', hosts: [BROKEN], ports: ['4789/udp'], probes: [] }],
  } as unknown as RunResult;
}

const findingOf = (r: RunResult, check: string, from: string, to: string): Finding =>
  r.findings.find((f) => f.check === check && f.from === from && f.to === to) as Finding;

test('a run that says exactly the fault has no false verdict, and its failing canary pairs are those into the broken node', (t) => {
  const j = judgeBrokenNode(truthful(), BROKEN, 4789);
  t.is(j.falseVerdicts, 0, j.wrong.join('\n'));
  t.deepEqual(j.canaryFails, ['n1>n3', 'n2>n3', 'n4>n3']);
});

test('a failing probe on a port nothing drops is a false verdict', (t) => {
  const r = truthful();
  const p = r.probes.find((x) => x.from === 'n1' && x.to === 'n2' && x.protocol === 'tcp') as ProbeResult;
  p.status = 'fail';
  const j = judgeBrokenNode(r, BROKEN, 4789);
  t.is(j.falseVerdicts, 1);
  t.regex(j.wrong[0] as string, /n1 -> n2 7946\/tcp is fail/);
});

test('a dropped probe reported as passing is a false verdict', (t) => {
  const r = truthful();
  (r.probes.find((x) => x.from === 'n4' && x.to === BROKEN && x.port === 4789) as ProbeResult).status = 'pass';
  t.is(judgeBrokenNode(r, BROKEN, 4789).falseVerdicts, 1);
});

test('a canary pair into the broken node that passes, or one out of it that fails, is a false verdict each', (t) => {
  const r = truthful();
  findingOf(r, 'canary', 'n1', BROKEN).status = 'pass';
  findingOf(r, 'canary', BROKEN, 'n2').status = 'fail';
  const j = judgeBrokenNode(r, BROKEN, 4789);
  // The failing pair out of n3 is both unexpected as a fail and missing as a pass.
  t.is(j.falseVerdicts, 3);
  t.deepEqual(j.canaryFails, ['n2>n3', 'n3>n2', 'n4>n3']);
});

test('a path-MTU error between two healthy nodes is a false verdict', (t) => {
  const r = truthful();
  findingOf(r, 'path-mtu', 'n1', 'n2').status = 'error';
  t.is(judgeBrokenNode(r, BROKEN, 4789).falseVerdicts, 1);
});

test('a run whose causes do not name the broken node and port is judged wrong, a warning is not', (t) => {
  const r = truthful();
  r.causes = [];
  const j = judgeBrokenNode(r, BROKEN, 4789);
  t.is(j.falseVerdicts, 1);
  t.regex(j.wrong[0] as string, /0 causes name n3 and 4789\/udp/);
});
