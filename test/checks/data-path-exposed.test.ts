import test from 'ava';
import { check } from '../../checks/data-path-exposed.js';
import { interfacesFrom } from '../../src/facts/ip.js';
import { isPublicIpv4 } from '../../src/facts/public-address.js';
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

test('with a firewall it is noted as not evaluated; the lab\'s benchmark addresses give nothing', (t) => {
  const [f] = check.evaluate(context([host('n2', { net: publicNet, firewall: 'nftables' })]));
  t.is(f.status, 'skip');
  t.regex(f.summary, /a nftables firewall; whether it restricts 4789\/udp to the swarm nodes is not evaluated/);
  t.deepEqual(check.evaluate(context([host('n2', { net: labNet, firewall: 'none' })])), []);
});
