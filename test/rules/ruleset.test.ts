import test from 'ava';
import { parseIptablesSave, parseNftRuleset, RulesetError } from '../../src/rules/ruleset.js';
import { fixture } from '../fixtures/load.js';

const nft = (name: string) => parseNftRuleset(fixture(`rules/${name}.nft.json`));
const ipt = (name: string) => parseIptablesSave(fixture(`rules/${name}.iptables-save`));

test('an nftables input chain with policy drop is a filtering base chain', (t) => {
  t.deepEqual(nft('nft-default-deny'), [
    { family: 'inet', table: 'filter', name: 'input', hook: 'input', priority: 0, policy: 'drop', drops: true, jumpsToOurs: false },
  ]);
});

test('the lab fault table filters input with a drop rule while its policy accepts, and output not at all', (t) => {
  const chains = nft('lab-fault');
  t.like(chains.find((c) => c.hook === 'input'), { family: 'inet', table: 'spf_fault', name: 'input', priority: -10, policy: 'accept', drops: true });
  t.like(chains.find((c) => c.hook === 'output'), { drops: false });
});

test('iptables-nft and ufw show their INPUT with policy drop in the ip filter table', (t) => {
  t.like(nft('iptables-default-deny').find((c) => c.hook === 'input'), { family: 'ip', table: 'filter', name: 'INPUT', policy: 'drop', drops: true });
  t.like(nft('ufw-default-deny').find((c) => c.hook === 'input'), { name: 'INPUT', policy: 'drop' });
});

test('a drop reached through a jump makes the base chain filtering', (t) => {
  const doc = { nftables: [
    { chain: { family: 'inet', table: 't', name: 'input', handle: 1, type: 'filter', hook: 'input', prio: 0, policy: 'accept' } },
    { chain: { family: 'inet', table: 't', name: 'mine', handle: 2 } },
    { rule: { family: 'inet', table: 't', chain: 'input', handle: 3, expr: [{ jump: { target: 'mine' } }] } },
    { rule: { family: 'inet', table: 't', chain: 'mine', handle: 4, expr: [{ match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: 4789 } }, { drop: null }] } },
  ] };
  t.true(parseNftRuleset(JSON.stringify(doc))[0].drops);
});

test('an earlier apply is noticed by its jump, and ip6 or netdev chains are not ours to fill', (t) => {
  const doc = { nftables: [
    { chain: { family: 'inet', table: 'filter', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'drop' } },
    { chain: { family: 'inet', table: 'filter', name: 'swarm_preflight_in' } },
    { chain: { family: 'ip6', table: 'f6', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'drop' } },
    { rule: { family: 'inet', table: 'filter', chain: 'input', expr: [{ jump: { target: 'swarm_preflight_in' } }] } },
  ] };
  const chains = parseNftRuleset(JSON.stringify(doc));
  t.is(chains.length, 1);
  t.true(chains[0].jumpsToOurs);
});

test('output that is not nft\'s JSON, or names that could not be written back, are refused', (t) => {
  t.throws(() => parseNftRuleset('Error: Operation not permitted'), { instanceOf: RulesetError });
  t.throws(() => parseNftRuleset('{"nftables": 3}'), { instanceOf: RulesetError });
  t.throws(() => parseNftRuleset(JSON.stringify({ nftables: [{ rule: { family: 'inet', table: 'x', chain: 'nope', expr: [] } }] })), { message: /unknown chain/ });
  const evil = { nftables: [{ chain: { family: 'inet', table: 'filter; flush ruleset', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'drop' } }] };
  t.throws(() => parseNftRuleset(JSON.stringify(evil)), { message: /cannot be written back safely/ });
});

test('iptables-save: a DROP policy, a REJECT behind a jump, and ufw\'s chains are seen', (t) => {
  t.like(ipt('iptables-default-deny'), { inputDrops: true, outputDrops: false, ufw: false, firewalld: false });
  t.like(ipt('ufw-default-deny'), { inputDrops: true, ufw: true });
  t.like(ipt('nft-default-deny'), { inputDrops: false, ufw: false });
  const applied = parseIptablesSave('*filter\n:INPUT ACCEPT [0:0]\n:SWARM-PREFLIGHT-IN - [0:0]\n-A INPUT -j SWARM-PREFLIGHT-IN\n-A SWARM-PREFLIGHT-IN -p udp -j REJECT\nCOMMIT\n');
  t.true(applied.inputDrops);
});
