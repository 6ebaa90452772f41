import test from 'ava';
import { evaluateWhoDrops, type RulesetEvidence } from '../../checks/who-drops.js';
import { buildRuleset } from '../../src/firewall/ruleset.js';
import type { ProbeResult } from '../../src/model.js';
import { fixture } from '../fixtures/load.js';

const ADDR: Record<string, string> = { n1: '198.18.0.11', n2: '198.18.0.12', n3: '198.18.0.13' };
const address = (id: string) => ADDR[id];

const fail = (from: string, to: string, protocol: 'tcp' | 'udp', port: number, reason: string): ProbeResult =>
  ({ from, to, protocol, port, status: 'fail', detail: '', ms: null, reason });

const customText = {
  nftJson: fixture('firewall/docker-custom-nft.json'),
  nftText: fixture('firewall/docker-custom-nft-a.txt'),
  iptablesSave: fixture('firewall/docker-custom-iptables-save.txt'),
};
const open = () => buildRuleset({ iptablesSave: '*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' });

function counted(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`expected exactly one ${from}`);
  return text.replace(from, to);
}

test('a drop rule whose counter rose during the round is named by its counters', (t) => {
  const before = buildRuleset(customText);
  const after = buildRuleset({ ...customText, nftJson: counted(customText.nftJson, '4789}}, {"counter": {"packets": 0, "bytes": 0}}', '4789}}, {"counter": {"packets": 3, "bytes": 87}}') });
  const rulesets = new Map<string, RulesetEvidence>([['n1', { before, after }], ['n2', { before: open(), after: open() }]]);
  const drops = evaluateWhoDrops({ probes: [fail('n2', 'n1', 'udp', 4789, 'not-received')], address, rulesets });
  t.like(drops.get(0), { where: 'receiver', host: 'n1', how: 'counters', packets: 3, rule: { table: 'corp_fw', chain: 'in_filter', handle: 6, comment: 'block vxlan from n2' } });
});

test('a drop rule without a counter is named by evaluation', (t) => {
  const rs = buildRuleset(customText);
  const rulesets = new Map<string, RulesetEvidence>([['n1', { before: rs, after: rs }], ['n3', { before: open(), after: open() }]]);
  const drops = evaluateWhoDrops({ probes: [fail('n3', 'n1', 'udp', 7946, 'not-received')], address, rulesets });
  t.like(drops.get(0), { where: 'receiver', host: 'n1', how: 'evaluation', rule: { handle: 8 } });
  t.is(drops.get(0)?.note, undefined);
});

test('a counted rule whose counter did not rise is still named, with a note that the packets may not have arrived', (t) => {
  const rs = buildRuleset(customText);
  const rulesets = new Map<string, RulesetEvidence>([['n1', { before: rs, after: rs }], ['n2', { before: open(), after: open() }]]);
  const drop = evaluateWhoDrops({ probes: [fail('n2', 'n1', 'udp', 4789, 'not-received')], address, rulesets }).get(0);
  t.like(drop, { where: 'receiver', how: 'evaluation' });
  t.regex(drop?.note ?? '', /counter did not rise/);
});

test('the sender\'s output rule comes first: the packets never left it', (t) => {
  const rs = buildRuleset(customText);
  const rulesets = new Map<string, RulesetEvidence>([['n1', { before: rs, after: rs }], ['n2', { before: rs, after: rs }]]);
  const drop = evaluateWhoDrops({ probes: [fail('n1', 'n2', 'tcp', 7946, 'blocked-outbound')], address, rulesets }).get(0);
  t.like(drop, { where: 'sender', host: 'n1', rule: { chain: 'out_filter', handle: 9 } });
});

test('with both rulesets read and neither dropping, a silent loss is in the network', (t) => {
  const rulesets = new Map<string, RulesetEvidence>([['n1', { before: open(), after: open() }], ['n2', { before: open(), after: open() }]]);
  const drops = evaluateWhoDrops({ probes: [fail('n1', 'n2', 'udp', 4789, 'not-received'), fail('n1', 'n2', 'tcp', 7946, 'refused')], address, rulesets });
  t.deepEqual(drops.get(0), { where: 'network' });
  // A refusal is an answer from somewhere: without a rejecting rule, the network is not the one to blame.
  t.is(drops.get(1)?.where, 'unknown');
});

test('an unread ruleset makes the answer unknown and says why', (t) => {
  const rulesets = new Map<string, RulesetEvidence>([['n1', { before: open(), after: open() }], ['n2', { error: 'needs root: run with --sudo' }]]);
  const drop = evaluateWhoDrops({ probes: [fail('n1', 'n2', 'udp', 4789, 'not-received')], address, rulesets }).get(0);
  t.is(drop?.where, 'unknown');
  t.regex(drop?.note ?? '', /could not read n2's rules: needs root/);
});

test('passing probes and probes that failed for other reasons get no attribution', (t) => {
  const pass: ProbeResult = { from: 'n1', to: 'n2', protocol: 'udp', port: 4789, status: 'pass', detail: '', ms: 1 };
  const wrong = fail('n1', 'n2', 'tcp', 2377, 'wrong-peer');
  t.is(evaluateWhoDrops({ probes: [pass, wrong], address, rulesets: new Map() }).size, 0);
});
