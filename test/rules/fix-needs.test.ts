import test from 'ava';
import { groupCauses } from '../../src/causes/group.js';
import type { RunResult } from '../../src/model.js';
import { fixNeeds } from '../../src/rules/fix-needs.js';
import { makeResult, recount, withFacts } from '../report/results.js';

/** A grouped result of `n` hosts (198.18.0.11 ...) whose probes `decide` fails. */
function result(n: number, decide: (from: string, to: string, protocol: string, port: number) => string | undefined): RunResult {
  const r = withFacts(makeResult(n, (from, to, protocol, port) => (decide(from, to, protocol, port) ? 'fail' : 'pass')));
  r.probes.forEach((p) => {
    const reason = decide(p.from, p.to, p.protocol, p.port);
    if (reason && p.status === 'fail') p.reason = reason;
  });
  const done = recount(r);
  done.causes = groupCauses(done);
  return done;
}

test('a host that drops a port gets only that port, from the peers that failed', (t) => {
  const r = result(4, (from, to, proto, port) => (to === 'n3' && from !== 'n1' && proto === 'udp' && port === 4789 ? 'not-received' : undefined));
  const { hosts, skipped } = fixNeeds(r);
  t.deepEqual(skipped, []);
  t.deepEqual(hosts.map((h) => [h.id, h.allows]), [['n3', [{ direction: 'in', protocol: 'udp', ports: [4789], peers: ['198.18.0.12', '198.18.0.14'] }]]]);
});

test('a sender whose own rules refuse gets output rules to the receivers it could not reach', (t) => {
  const r = result(3, (from, _to, proto, port) => (from === 'n2' && proto === 'tcp' && port === 7946 ? 'blocked-outbound' : undefined));
  const { hosts } = fixNeeds(r);
  t.deepEqual(hosts.map((h) => [h.id, h.allows]), [['n2', [{ direction: 'out', protocol: 'tcp', ports: [7946], peers: ['198.18.0.11', '198.18.0.13'] }]]]);
});

test('a wrong peer is not a firewall\'s to fix, and a peer without a plain IPv4 address gets no rule', (t) => {
  const wrong = result(3, (from, to, proto, port) => (from === 'n1' && to === 'n2' && proto === 'tcp' && port === 7946 ? 'wrong-peer' : undefined));
  t.deepEqual(fixNeeds(wrong).hosts, []);
  const named = result(3, (from, to, proto, port) => (to === 'n3' && proto === 'udp' && port === 4789 ? 'not-received' : undefined));
  const n1 = named.hosts.find((h) => h.id === 'n1');
  if (n1?.facts) n1.facts.probeAddress = 'n1.example.com';
  const { hosts, skipped } = fixNeeds(named);
  t.deepEqual(hosts[0].allows[0].peers, ['198.18.0.12']);
  t.deepEqual(skipped, [{ id: 'n3', why: "n1's address is not plain IPv4, so no rule can name it" }]);
});
