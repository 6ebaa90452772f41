import test from 'ava';
import { parseIptablesSave, tokenize } from '../../src/firewall/iptables-save.js';
import { parseNftJson } from '../../src/firewall/nft-json.js';
import { parseNftText } from '../../src/firewall/nft-text.js';
import { buildRuleset, counterOf, rise } from '../../src/firewall/ruleset.js';
import { fixture } from '../fixtures/load.js';

// Captured in the lab: a docker host with an admin's own nftables table (inet corp_fw) beside the
// tables iptables-nft writes for dockerd; and a docker host whose admin used iptables.
const customNft = () => parseNftJson(fixture('firewall/docker-custom-nft.json'), parseNftText(fixture('firewall/docker-custom-nft-a.txt')));

test('an nft listing gives base chains with their hook, priority and policy', (t) => {
  const { chains, version } = customNft();
  t.is(version, '1.0.6');
  const input = chains.find((c) => c.table === 'corp_fw' && c.name === 'in_filter');
  t.like(input, { source: 'nft', family: 'inet', hook: 'input', priority: 0, policy: 'accept' });
  const forward = chains.find((c) => c.family === 'ip' && c.table === 'filter' && c.name === 'FORWARD');
  t.like(forward, { hook: 'forward', policy: 'drop' });
  t.is(chains.find((c) => c.name === 'DOCKER-USER')?.hook, undefined);
});

test('an nft rule keeps its handle, comment, counter, operator text and matches', (t) => {
  const rule = customNft().chains.find((c) => c.name === 'in_filter')?.rules.find((r) => r.handle === 6);
  t.like(rule, { handle: 6, comment: 'block vxlan from n2', counter: { packets: 0, bytes: 0 }, verdict: { k: 'drop' } });
  t.is(rule?.text, 'ip saddr 198.18.0.12 udp dport 4789 counter drop comment "block vxlan from n2"');
  t.deepEqual(rule?.conds, [
    { k: 'saddr', cidrs: ['198.18.0.12'], neg: false },
    { k: 'l4proto', values: ['udp'], neg: false },
    { k: 'dport', ranges: [[4789, 4789]], neg: false },
  ]);
});

test('an nft rule without a counter has none, and a set of ports becomes ranges', (t) => {
  const rule = customNft().chains.find((c) => c.name === 'in_filter')?.rules.find((r) => r.handle === 8);
  t.is(rule?.counter, undefined);
  t.deepEqual(rule?.conds.find((c) => c.k === 'dport'), { k: 'dport', ranges: [[7946, 7946], [7947, 7947]], neg: false });
});

test('an iptables match nft cannot show becomes an unknown condition, never a guess', (t) => {
  const { chains } = parseNftJson(fixture('firewall/docker-iptables-nft.json'));
  const rule = chains.find((c) => c.table === 'filter' && c.name === 'INPUT')?.rules.find((r) => r.handle === 31);
  t.true(rule?.conds.some((c) => c.k === 'unknown' && c.text === 'xt match multiport'));
});

test('iptables-save gives numbered rules with counters, comments and multiport ranges', (t) => {
  const xt = parseIptablesSave(fixture('firewall/docker-iptables-save.txt'));
  t.is(xt.backend, 'nf_tables');
  const input = xt.chains.find((c) => c.table === 'filter' && c.name === 'INPUT');
  t.like(input, { hook: 'input', priority: 0, policy: 'accept', policyCounter: { packets: 0, bytes: 0 } });
  t.like(input?.rules[0], { number: 1, counter: { packets: 1, bytes: 29 }, verdict: { k: 'drop' } });
  t.deepEqual(input?.rules[0].conds, [
    { k: 'saddr', cidrs: ['198.18.0.11/32'], neg: false },
    { k: 'l4proto', values: ['udp'], neg: false },
    { k: 'dport', ranges: [[4789, 4789], [7946, 7946]], neg: false },
  ]);
  t.like(input?.rules[1], { number: 2, comment: 'legacy block gossip' });
  const output = xt.chains.find((c) => c.table === 'filter' && c.name === 'OUTPUT');
  t.like(output?.rules[0], { verdict: { k: 'reject' }, counter: { packets: 3, bytes: 87 } });
  t.deepEqual(xt.chains.find((c) => c.name === 'FORWARD')?.rules[0].verdict, { k: 'jump', chain: 'DOCKER-USER' });
});

test('iptables-save arguments split on spaces outside double quotes', (t) => {
  t.deepEqual(tokenize('-m comment --comment "a \\"quoted\\" note" -j DROP'), ['-m', 'comment', '--comment', 'a "quoted" note', '-j', 'DROP']);
  t.deepEqual(tokenize('--comment ""'), ['--comment', '']);
});

test('the hardening rule with -m policy --pol none is understood as matching plain packets', (t) => {
  const xt = parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\n[0:0] -A INPUT -p udp -m udp --dport 4789 -m policy --dir in --pol none -j DROP\nCOMMIT\n');
  t.deepEqual(xt.chains[0].rules[0].conds.at(-1), { k: 'ipsec', policy: 'none' });
});

test('the combined ruleset takes iptables-nft tables from iptables-save and the admin tables from nft', (t) => {
  const rs = buildRuleset({
    nftJson: fixture('firewall/docker-iptables-nft.json'),
    nftText: fixture('firewall/docker-iptables-nft-a.txt'),
    iptablesSave: fixture('firewall/docker-iptables-save.txt'),
  });
  t.deepEqual(rs.readers, ['iptables-save v1.8.9 (nf_tables)', 'nft 1.0.6']);
  const inputs = rs.chains.filter((c) => c.hook === 'input');
  t.deepEqual(inputs.map((c) => `${c.source} ${c.table} ${c.name}`), ['iptables filter INPUT', 'iptables nat INPUT']);
  t.false(rs.chains.some((c) => c.source === 'nft' && c.family === 'ip' && c.table === 'filter'));
});

test('hostile values in a listing are left out, not passed on', (t) => {
  const hostile = JSON.stringify({ nftables: [
    { table: { family: 'inet', name: 'x;rm -rf /', handle: 1 } },
    { chain: { family: 'inet', table: 'ok', name: 'in', handle: 1, type: 'filter', hook: 'input', prio: 0, policy: 'drop' } },
    { rule: { family: 'inet', table: 'ok', chain: 'in', handle: 2, comment: '\u001b]0;pwned\u0007hi', expr: [
      { match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '1.2.3.4; curl x|sh' } }, { drop: null }] } },
    { chain: { family: 'inet', table: 'x y', name: 'in', hook: 'input' } },
  ] });
  const { chains } = parseNftJson(hostile);
  t.is(chains.length, 1);
  const rule = chains[0].rules[0];
  t.is(rule.comment, ']0;pwned hi');
  t.deepEqual(rule.conds, [{ k: 'unknown', text: 'saddr ==' }]);
  t.throws(() => parseNftJson('not json'), { message: /not JSON/ });
});

test('a counter rise is the packets gained between two readings', (t) => {
  const before = buildRuleset({ iptablesSave: fixture('firewall/docker-iptables-save.txt') });
  const after = buildRuleset({ iptablesSave: fixture('firewall/docker-iptables-save.txt').replace('[1:29] -A INPUT', '[5:145] -A INPUT') });
  const ref = { source: 'iptables' as const, family: 'ip', table: 'filter', chain: 'INPUT', number: 1, text: '-A INPUT -s 198.18.0.11/32 -p udp -m multiport --dports 4789,7946 -j DROP' };
  t.is(rise(counterOf(before, ref), counterOf(after, ref)), 4);
  t.is(rise(undefined, counterOf(after, ref)), undefined);
});
