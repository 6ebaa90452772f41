import test from 'ava';
import { check } from '../../checks/data-path-exposed.js';
import { interfacesFrom } from '../../src/facts/ip.js';
import { isPublicIpv4 } from '../../src/facts/public-address.js';
import { buildRuleset } from '../../src/firewall/ruleset.js';
import { fixture } from '../fixtures/load.js';
import { context, host } from './helpers/host-context.js';

// The lab's n2 interfaces (198.18.0.12 on eth0), with eth0's address edited to a public one for the exposed case.
const captured = JSON.parse(fixture('lab/netinfo.n2.multihomed.json')) as { netinfo: { links: unknown[] } };
const labNet = { interfaces: interfacesFrom(captured.netinfo.links), routes: [], towards: new Map() };
const publicNet = { ...labNet, interfaces: interfacesFrom(JSON.parse(JSON.stringify(captured.netinfo.links).replaceAll('198.18.0.12', '51.15.7.20')) as unknown[]) };

test('private, shared, benchmark and documentation ranges are not public', (t) => {
  for (const a of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.3.4', '198.18.0.12', '127.0.0.1', '169.254.1.1', '203.0.113.5']) t.false(isPublicIpv4(a), a);
  t.true(isPublicIpv4('51.15.7.20'));
  t.false(isPublicIpv4('not an address'));
});

test('a public address and no host firewall: a security warning to allow the data-path port from the nodes only', (t) => {
  const [f] = check.evaluate(context([host('n2', { net: publicNet, firewall: 'none', address: '51.15.7.20' }), host('n1', { address: '198.18.0.11' })]));
  t.is(f.status, 'warn');
  t.regex(f.summary, /n2 has the public address 51\.15\.7\.20 \(eth0\) and no host firewall: 4789\/udp \(VXLAN, unauthenticated\) is open to the internet/);
  t.regex(f.remediation ?? '', /allow 4789\/udp on n2 only from the swarm nodes \(198\.18\.0\.11\)/);
});

test('without its rules, a host with a firewall is noted as not known; the lab\'s benchmark addresses give nothing', (t) => {
  const [f] = check.evaluate(context([host('n2', { net: publicNet, firewall: 'nftables', rulesetError: 'reading the firewall rules needs root (run as root or with --sudo)' })]));
  t.is(f.status, 'skip');
  t.regex(f.summary, /its rules could not be read \(reading the firewall rules needs root .*\), so whether 4789\/udp is open to the internet is not known/);
  t.deepEqual(check.evaluate(context([host('n2', { net: labNet, firewall: 'none' })])), []);
});

test('the host\'s own rules decide: a lab docker host\'s ruleset, which drops 4789/udp from one peer only, leaves it open', (t) => {
  const ruleset = buildRuleset({ nftJson: fixture('firewall/docker-custom-nft.json'), nftText: fixture('firewall/docker-custom-nft-a.txt'), iptablesSave: fixture('firewall/docker-custom-iptables-save.txt') });
  const [f] = check.evaluate(context([host('n2', { net: publicNet, firewall: 'nftables', ruleset })]));
  t.is(f.status, 'warn');
  t.regex(f.summary, /its firewall accepts 4789\/udp there from any address/);
  t.like((f.evidence as { decisions: unknown[] }).decisions[0], { address: '51.15.7.20', verdict: 'accept' });
});

test('rules that take the data-path port from the swarm subnet only: nothing to warn about', (t) => {
  // Written by hand in iptables-save's format: accept 4789/udp from the nodes' subnet, drop the rest.
  const ruleset = buildRuleset({ iptablesSave: '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 198.18.0.0/24 -p udp -m udp --dport 4789 -j ACCEPT\n-A INPUT -p udp -m udp --dport 4789 -j DROP\nCOMMIT\n' });
  t.deepEqual(check.evaluate(context([host('n2', { net: publicNet, firewall: 'iptables', ruleset })])), []);
});
