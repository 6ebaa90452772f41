import test from 'ava';
import { nftPlacement, renderNftables } from '../../src/rules/nftables.js';
import { parseNftRuleset } from '../../src/rules/ruleset.js';
import { fixture } from '../fixtures/load.js';
import { needs } from './inventory.js';

const chains = (name: string) => parseNftRuleset(fixture(`rules/${name}.nft.json`));

test('on a host whose input chain drops, the accepts go into a chain of ours in that table, created by the file and jumped to from its top', (t) => {
  const [m1] = needs();
  const text = renderNftables(m1, nftPlacement(chains('nft-default-deny'), undefined, ['in']), 'm1.nft');
  t.is(text.split('\n').filter((l) => !l.startsWith('#')).join('\n'), [
    // `create` fails where the chain exists: nft -f applies the file whole or not at all, so a
    // second apply of the same file changes nothing instead of adding a second jump.
    'create chain inet filter swarm_preflight_in',
    'add rule inet filter swarm_preflight_in ip saddr { 10.0.0.21, 10.0.0.22 } tcp dport { 2377, 7946 } accept comment "swarm-preflight"',
    'add rule inet filter swarm_preflight_in ip saddr { 10.0.0.21, 10.0.0.22 } udp dport { 7946, 4789 } accept comment "swarm-preflight"',
    'insert rule inet filter input jump swarm_preflight_in comment "swarm-preflight"',
    '',
  ].join('\n'));
  t.regex(text, /^#!\/usr\/sbin\/nft -f\n# swarm-preflight rules for m1 \(10\.0\.0\.11, manager\), nftables\n/);
  t.regex(text, /^# where: the host's own chains, ahead of their drops: inet filter input \(policy drop\)/m);
  t.regex(text, /^# apply: nft -f m1\.nft   \(once: applied again it stops at "create chain" with "File exists" and changes nothing;/m);
  t.regex(text, /^# remove: nft -a list chain inet filter input \| sed .*xargs -r -n1 nft delete rule inet filter input handle && nft delete chain inet filter swarm_preflight_in$/m);
});

test('where an earlier apply left its jump, the script only refills our chain', (t) => {
  const [, w1] = needs();
  const applied = chains('nft-default-deny').map((c) => ({ ...c, jumpsToOurs: true }));
  const text = renderNftables(w1, nftPlacement(applied, undefined, ['in']), 'w1.nft');
  t.notRegex(text, /^insert rule/m);
  t.notRegex(text, /^create chain/m);
  t.regex(text, /^add chain inet filter swarm_preflight_in\nflush chain inet filter swarm_preflight_in$/m);
});

test('where nothing filters, or the ruleset is unread, a table of our own replaces itself whole and says why', (t) => {
  const [, w1] = needs({ esp: true, dataPathPort: 4790 });
  const open = renderNftables(w1, nftPlacement([], undefined, ['in']), 'w1.nft');
  t.regex(open, /^table inet swarm_preflight \{\}\ndelete table inet swarm_preflight\ntable inet swarm_preflight \{\n  chain input \{\n    type filter hook input priority filter; policy accept;\n/m);
  t.regex(open, /ip saddr \{ 10\.0\.0\.11, 10\.0\.0\.22 \} udp dport \{ 7946, 4790 \} accept/);
  t.regex(open, /ip saddr \{ 10\.0\.0\.11, 10\.0\.0\.22 \} meta l4proto esp accept/);
  t.notRegex(open, /2377/);
  t.regex(open, /nothing on it filters input now/);
  t.regex(open, /^# remove: nft delete table inet swarm_preflight$/m);
  const unread = renderNftables(w1, nftPlacement(undefined, 'nft -j list ruleset failed: Operation not permitted (it needs root: connect as root or pass --sudo)', ['in']), 'w1.nft');
  t.regex(unread, /its ruleset could not be read \(nft -j list ruleset failed: Operation not permitted/);
  t.regex(unread, /put these rules into that chain ahead of its drops/);
});

test('a host with two filtering tables gets our chain in each, and outbound fixes go to the output hook', (t) => {
  const host = { id: 'h', address: '10.0.0.1', role: 'worker' as const, allows: [
    { direction: 'in' as const, protocol: 'udp' as const, ports: [4789], peers: ['10.0.0.2'] },
    { direction: 'out' as const, protocol: 'tcp' as const, ports: [7946], peers: ['10.0.0.3'] },
  ] };
  const base = { priority: 0, policy: 'drop' as const, drops: true, jumpsToOurs: false };
  const text = renderNftables(host, { chains: [
    { ...base, family: 'inet', table: 'filter', name: 'input', hook: 'input' },
    { ...base, family: 'ip', table: 'legacy', name: 'INPUT', hook: 'input' },
    { ...base, family: 'inet', table: 'filter', name: 'output', hook: 'output' },
  ] }, 'h.nft');
  t.regex(text, /^insert rule inet filter input jump swarm_preflight_in/m);
  t.regex(text, /^insert rule ip legacy INPUT jump swarm_preflight_in/m);
  t.regex(text, /^add rule inet filter swarm_preflight_out ip daddr 10\.0\.0\.3 tcp dport 7946 accept/m);
  t.regex(text, /^insert rule inet filter output jump swarm_preflight_out/m);
});
