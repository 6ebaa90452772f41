import test from 'ava';
import { check } from '../../checks/rp-filter.js';
import { interfacesFrom, routesFrom } from '../../src/facts/ip.js';
import { fixture } from '../fixtures/load.js';
import { context, host, labFiles } from './helpers/host-context.js';

// n2 in the lab with a second interface (side0, 10.99.0.1/24) carrying the default route, rp_filter all=1.
const captured = JSON.parse(fixture('lab/netinfo.n2.multihomed.json')) as { netinfo: { links: unknown[]; routes: unknown[] }; routes: { peer: string; src: string }[] };
const net = {
  interfaces: interfacesFrom(captured.netinfo.links),
  routes: routesFrom(captured.netinfo.routes),
  towards: new Map(captured.routes.map((r) => [r.peer, { dev: 'eth0', src: r.src }])),
};

test('strict rp_filter on a host whose default route leaves by another interface warns, fix rp_filter=2', (t) => {
  const [f] = check.evaluate(context([host('n2', { address: '198.18.0.12', files: labFiles('hostfacts.n2.ipforward0-rpstrict.json'), net })]));
  t.is(f.status, 'warn');
  t.is(f.summary, "strict rp_filter on n2's eth0 (198.18.0.12), while its default route leaves by side0: packets from peers outside eth0's subnets are dropped");
  t.regex(f.remediation ?? '', /sysctl -w net\.ipv4\.conf\.all\.rp_filter=2/);
});

test('peers routed back through another interface are named', (t) => {
  const towards = new Map([['198.18.0.11', { dev: 'eth0', src: '198.18.0.12' }], ['10.50.0.9', { dev: 'side0', src: '10.99.0.1' }]]);
  const [f] = check.evaluate(context([host('n2', { address: '198.18.0.12', files: labFiles('hostfacts.n2.ipforward0-rpstrict.json'), net: { ...net, towards } })]));
  t.regex(f.summary, /drops packets from 10\.50\.0\.9: the route back to them leaves by side0/);
});

test('loose or no rp_filter, or a single-homed host, gives nothing', (t) => {
  t.deepEqual(check.evaluate(context([host('n2', { address: '198.18.0.12', files: labFiles('hostfacts.n1.json'), net })])), []);
  const single = { ...net, routes: net.routes.filter((r) => r.dst !== 'default') };
  t.deepEqual(check.evaluate(context([host('n2', { address: '198.18.0.12', files: labFiles('hostfacts.n2.ipforward0-rpstrict.json'), net: single })])), []);
});
