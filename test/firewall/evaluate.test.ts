import test from 'ava';
import { decide } from '../../src/firewall/evaluate.js';
import { parseIptablesSave } from '../../src/firewall/iptables-save.js';
import { parseNftJson } from '../../src/firewall/nft-json.js';
import { buildRuleset } from '../../src/firewall/ruleset.js';
import type { Packet, Ruleset } from '../../src/firewall/types.js';
import { fixture } from '../fixtures/load.js';

const custom = () => buildRuleset({
  nftJson: fixture('firewall/docker-custom-nft.json'),
  nftText: fixture('firewall/docker-custom-nft-a.txt'),
  iptablesSave: fixture('firewall/docker-custom-iptables-save.txt'),
});
const iptables = () => buildRuleset({ nftJson: fixture('firewall/docker-iptables-nft.json'), iptablesSave: fixture('firewall/docker-iptables-save.txt') });

const udp = (saddr: string, daddr: string, dport: number): Packet => ({ protocol: 'udp', saddr, daddr, dport });
const tcp = (saddr: string, daddr: string, dport: number): Packet => ({ protocol: 'tcp', saddr, daddr, dport });

test('a drop rule in an admin table names its table, chain, handle and comment', (t) => {
  const d = decide(custom(), udp('198.18.0.12', '198.18.0.11', 4789), 'in');
  t.is(d.verdict, 'drop');
  t.like(d.rule, { source: 'nft', family: 'inet', table: 'corp_fw', chain: 'in_filter', handle: 6, comment: 'block vxlan from n2' });
  t.true(d.certain);
});

test('the same port from another peer passes that rule and is accepted', (t) => {
  const d = decide(custom(), udp('198.18.0.13', '198.18.0.11', 4789), 'in');
  t.is(d.verdict, 'accept');
  t.true(d.certain);
});

test('a rule without a counter is found by evaluation all the same', (t) => {
  const d = decide(custom(), udp('198.18.0.13', '198.18.0.11', 7946), 'in');
  t.like(d, { verdict: 'drop', rule: { handle: 8, comment: 'no gossip udp' } });
});

test('established-only and loopback accepts do not let a new probe from a peer through', (t) => {
  // ct state established,related accept and iifname "lo" accept come first in in_filter.
  const d = decide(custom(), udp('198.18.0.13', '198.18.0.11', 7946), 'in');
  // dockerd's nat PREROUTING jumps to DOCKER for local destinations, which returns for its bridges.
  t.deepEqual(d.path, ['nat PREROUTING', 'nat DOCKER', 'inet corp_fw in_filter']);
  t.true(d.certain);
});

test('an outbound reject in the output chain names the sender rule', (t) => {
  const d = decide(custom(), tcp('198.18.0.11', '198.18.0.12', 7946), 'out');
  t.like(d, { verdict: 'reject', rule: { chain: 'out_filter', handle: 9, comment: 'egress gossip' } });
  t.is(decide(custom(), tcp('198.18.0.11', '198.18.0.12', 7946), 'in').verdict, 'accept');
});

test('iptables rules are named by chain and number, with their comment', (t) => {
  const d = decide(iptables(), tcp('198.18.0.13', '198.18.0.12', 7946), 'in');
  t.like(d, { verdict: 'drop', rule: { source: 'iptables', table: 'filter', chain: 'INPUT', number: 2, comment: 'legacy block gossip' } });
  const multi = decide(iptables(), udp('198.18.0.11', '198.18.0.12', 7946), 'in');
  t.like(multi.rule, { number: 1 });
  t.is(decide(iptables(), udp('198.18.0.13', '198.18.0.12', 7946), 'in').verdict, 'accept');
});

test('a policy drop with no accept for the port is the answer, naming the chain', (t) => {
  const rs: Ruleset = { readers: [], chains: parseIptablesSave([
    '*filter', ':INPUT DROP [12:720]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]',
    '[0:0] -A INPUT -i lo -j ACCEPT', '[0:0] -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '[3:180] -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n')).chains };
  const d = decide(rs, udp('198.18.0.12', '198.18.0.11', 4789), 'in');
  t.deepEqual(d.policy, { source: 'iptables', family: 'ip', table: 'filter', chain: 'INPUT' });
  t.is(d.rule, undefined);
  t.is(decide(rs, tcp('198.18.0.12', '198.18.0.11', 22), 'in').verdict, 'accept');
});

test('an accept in one nft base chain does not stop a drop in another on the same hook', (t) => {
  const json = JSON.stringify({ nftables: [
    { chain: { family: 'inet', table: 'a', name: 'in', type: 'filter', hook: 'input', prio: -10, policy: 'accept' } },
    { rule: { family: 'inet', table: 'a', chain: 'in', handle: 2, expr: [{ match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: 4789 } }, { accept: null }] } },
    { chain: { family: 'ip', table: 'b', name: 'in', type: 'filter', hook: 'input', prio: 10, policy: 'drop' } },
  ] });
  const d = decide({ readers: [], chains: parseNftJson(json).chains }, udp('10.0.0.2', '10.0.0.1', 4789), 'in');
  t.like(d, { verdict: 'drop', policy: { family: 'ip', table: 'b', chain: 'in' } });
  t.deepEqual(d.path, ['inet a in', 'ip b in']);
});

test('jumps are followed into user chains and a return comes back', (t) => {
  const rs: Ruleset = { readers: [], chains: parseIptablesSave([
    '*filter', ':INPUT ACCEPT [0:0]', ':SWARM - [0:0]', ':DOCKER-USER - [0:0]',
    '[0:0] -A INPUT -p udp -j SWARM', '[0:0] -A INPUT -p udp --dport 4789 -j DROP',
    '[0:0] -A SWARM -s 10.0.0.0/24 -j RETURN', '[0:0] -A SWARM -p udp --dport 7946 -m comment --comment "outsiders" -j DROP', 'COMMIT', ''].join('\n')).chains };
  t.like(decide(rs, udp('192.168.1.5', '10.0.0.1', 7946), 'in'), { verdict: 'drop', rule: { chain: 'SWARM', number: 2, comment: 'outsiders' } });
  const back = decide(rs, udp('10.0.0.7', '10.0.0.1', 4789), 'in');
  t.like(back, { verdict: 'drop', rule: { chain: 'INPUT', number: 2 } });
  t.deepEqual(back.path, ['filter INPUT', 'filter SWARM']);
});

test('a rule the model cannot judge makes the answer uncertain and is named as a possible dropper', (t) => {
  const rs: Ruleset = { readers: [], chains: parseIptablesSave([
    '*filter', ':INPUT ACCEPT [0:0]',
    '[0:0] -A INPUT -p udp -m u32 --u32 "0>>22&0x3C@8=0x0" -j DROP', 'COMMIT', ''].join('\n')).chains };
  const d = decide(rs, udp('10.0.0.2', '10.0.0.1', 4789), 'in');
  t.is(d.verdict, 'accept');
  t.false(d.certain);
  t.like(d.maybe, { chain: 'INPUT', number: 1 });
});

test('an nft verdict map on the connection state is evaluated', (t) => {
  const json = JSON.stringify({ nftables: [
    { chain: { family: 'inet', table: 'f', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'accept' } },
    { rule: { family: 'inet', table: 'f', chain: 'input', handle: 4, expr: [{ vmap: { key: { ct: { key: 'state' } }, data: { set: [['established', { accept: null }], ['related', { accept: null }], ['invalid', { drop: null }], ['new', { jump: { target: 'closed' } }]] } } }] } },
    { chain: { family: 'inet', table: 'f', name: 'closed', handle: 9 } },
    { rule: { family: 'inet', table: 'f', chain: 'closed', handle: 10, expr: [{ match: { op: '==', left: { meta: { key: 'l4proto' } }, right: 'udp' } }, { drop: null }] } },
  ] });
  const d = decide({ readers: [], chains: parseNftJson(json).chains }, udp('10.0.0.2', '10.0.0.1', 4789), 'in');
  t.like(d, { verdict: 'drop', rule: { chain: 'closed', handle: 10 } });
});

test('ESP has no ports, so a port rule never holds it', (t) => {
  const d = decide(iptables(), { protocol: 'esp', saddr: '198.18.0.11', daddr: '198.18.0.12' }, 'in');
  t.is(d.verdict, 'accept');
});
