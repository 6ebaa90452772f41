import test from 'ava';
import { groupCauses } from '../../src/causes/group.js';
import type { Finding, RunResult } from '../../src/model.js';
import { makeResult, recount, withFacts } from '../report/results.js';

/** Three hosts, every probe into n3 dropped (as when n3 advertises an address nobody answers). */
function intoN3Dropped(): RunResult {
  const r = withFacts(makeResult(3, (_from, to) => (to === 'n3' ? 'fail' : 'pass')));
  for (const p of r.probes) if (p.status === 'fail') Object.assign(p, { reason: 'filtered', detail: 'filtered: no answer within 1000 ms (silently dropped)' });
  for (const h of r.hosts) if (h.facts) h.facts.firewall = 'none';
  return r;
}

const wrongAddress: Finding = {
  check: 'swarm-address', host: 'n3', status: 'fail',
  summary: 'n3 advertises 198.18.0.99 to the swarm, an address n3 does not have',
  remediation: 'on n3: docker swarm leave, then docker swarm join --advertise-addr 198.18.0.13 ...',
  explains: [{ to: 'n3' }],
};

test('a finding that explains the probes towards a host takes them, and no firewall cause is made for them', (t) => {
  const r = intoN3Dropped();
  r.findings.push(wrongAddress);
  recount(r);
  const causes = groupCauses(r);
  t.is(causes.length, 1);
  const [c] = causes;
  t.is(c.kind, 'swarm-address');
  t.deepEqual(c.hosts, ['n3']);
  t.is(c.summary, wrongAddress.summary);
  t.is(c.remediation, wrongAddress.remediation as string);
  t.deepEqual(c.probes, r.probes.flatMap((p, i) => (p.status === 'fail' ? [i] : [])));
  t.deepEqual(c.findings, [r.findings.length - 1]);
  t.deepEqual(c.ports, ['7946/tcp', '7946/udp', '4789/udp']);
  t.false(causes.some((x) => /firewall|iptables|nft/.test(x.remediation)));
});

test('without the finding the same probes are a firewall cause at that host', (t) => {
  const causes = groupCauses(intoN3Dropped());
  t.is(causes.length, 1);
  t.is(causes[0].kind, 'inbound-blocked');
});

test('pair findings of the explained pairs join the finding\'s cause', (t) => {
  const r = intoN3Dropped();
  r.findings.push(wrongAddress, { check: 'path-mtu', from: 'n1', to: 'n3', status: 'error', summary: 'not tested: the data-path port is blocked' });
  recount(r);
  const causes = groupCauses(r);
  t.is(causes.length, 1);
  t.is(causes[0].findings.length, 2);
});

test('probes the finding does not name are left to the other causes', (t) => {
  const r = intoN3Dropped();
  r.findings.push({ ...wrongAddress, explains: [{ from: 'n1', to: 'n3' }] });
  recount(r);
  const causes = groupCauses(r);
  const claimed = causes.find((c) => c.kind === 'swarm-address')!;
  t.true(claimed.probes.every((i) => r.probes[i].from === 'n1'));
  t.true(causes.some((c) => c.kind !== 'swarm-address' && c.probes.some((i) => r.probes[i].from === 'n2')));
});

test('a warning, or a selector that names no host, claims nothing', (t) => {
  for (const f of [{ ...wrongAddress, status: 'warn' as const }, { ...wrongAddress, explains: [{}] }]) {
    const r = intoN3Dropped();
    r.findings.push(f);
    recount(r);
    const causes = groupCauses(r);
    t.true(causes.some((c) => c.kind === 'inbound-blocked'));
    t.true(causes.every((c) => c.kind !== 'swarm-address' || c.probes.length === 0));
  }
});
