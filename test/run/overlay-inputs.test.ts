import test from 'ava';
import { parseAddrs, parseRoutes, type Route } from '../../src/facts/ip.js';
import { type OverlayNetwork, parseNetworkInspect } from '../../src/facts/overlays.js';
import { type NetFacts, unreadableNet } from '../../src/run/net-facts.js';
import { clusterOverlays, DOCKER_DEFAULT_POOL, type HostNet, mtuInput, subnetInput } from '../../src/run/overlay-inputs.js';
import { fixture } from '../fixtures/load.js';

// The lab as captured: n1 is the manager; its `docker network inspect` lists ingress (ingress-sbox)
// and spf-net (one container and lb-spf-net).
const inspected = parseNetworkInspect(fixture('lab/docker-network-inspect.manager.json'));
const byName = (name: string) => inspected.find((n) => n.name === name) as OverlayNetwork;

function net(over: Partial<NetFacts> = {}): NetFacts {
  return { interfaces: [], routes: [], nameservers: [], towards: new Map(), errors: [], ...over };
}

// ---- clusterOverlays ------------------------------------------------------------------------------

test('with no manager overlays the default overlay stands in, unencrypted and not ingress', (t) => {
  t.deepEqual(clusterOverlays(undefined), [{ name: 'default overlay (none created yet)', ingress: false, encrypted: false }]);
});

test('a manager\'s overlays keep name, ingress and encryption, with the MTU option as a number when set', (t) => {
  const withMtu = inspected.map((n) => (n.name === 'spf-net' ? { ...n, options: { ...n.options, 'com.docker.network.driver.mtu': '1400', encrypted: '' }, encrypted: true } : n));
  t.deepEqual(clusterOverlays(withMtu), [
    { name: 'ingress', ingress: true, encrypted: false },
    { name: 'spf-net', ingress: false, encrypted: true, mtuOption: 1400 },
  ]);
});

test('an MTU option that is not a positive number is left out', (t) => {
  const odd = ['', '0', '-5', 'jumbo'].map((v, i) => ({ ...byName('spf-net'), name: `n${i}`, options: { 'com.docker.network.driver.mtu': v } }));
  t.true(clusterOverlays(odd).every((o) => !('mtuOption' in o)));
  t.deepEqual(clusterOverlays([]), []);
});

// ---- mtuInput -------------------------------------------------------------------------------------

const peers: HostNet[] = [
  { id: 'n1', address: '198.18.0.11' },
  { id: 'n2', address: '198.18.0.12' },
  { id: 'n3', address: '198.18.0.13' },
  { id: 'n4', address: 'n4.example' },
];

test('the underlay towards each peer is the interface the host routes through, itself and unknown MTUs left out', (t) => {
  const host: HostNet = {
    id: 'n1', address: '198.18.0.11',
    net: net({ towards: new Map([
      ['198.18.0.11', { dev: 'lo', src: '127.0.0.1', mtu: 65536 }],
      ['198.18.0.12', { dev: 'eth0', src: '198.18.0.11', mtu: 1500 }],
      ['198.18.0.13', { dev: 'wg0', src: '10.8.0.1', mtu: 1420 }],
      ['n4.example', { dev: 'eth1', src: '192.0.2.1' }],
    ]) }),
  };
  const input = mtuInput(host, [...peers, { id: 'n5', address: '198.18.0.15' }], clusterOverlays(undefined));
  t.is(input.host, 'n1');
  t.deepEqual(input.underlay, [{ peer: 'n2', dev: 'eth0', mtu: 1500 }, { peer: 'n3', dev: 'wg0', mtu: 1420 }]);
});

test('the vxlan device MTU read on the host overrides what the option implies, per overlay name', (t) => {
  const overlays = clusterOverlays(inspected.map((n) => (n.name === 'spf-net' ? { ...n, options: { 'com.docker.network.driver.mtu': '1400' } } : n)));
  const host: HostNet = {
    id: 'n1', address: '198.18.0.11',
    net: net({ localOverlays: [{ ...byName('spf-net'), deviceMtu: 1300 }, { ...byName('ingress') }] }),
  };
  const input = mtuInput(host, peers, overlays);
  t.deepEqual(input.overlays, [
    { name: 'ingress', ingress: true, encrypted: false },
    { name: 'spf-net', ingress: false, encrypted: false, mtuOption: 1400, deviceMtu: 1300 },
  ]);
  t.false('deviceMtu' in overlays[1], 'the cluster list itself is not changed');
});

test('a host without network facts has no underlay and the overlays as the manager lists them', (t) => {
  const overlays = clusterOverlays(inspected);
  const input = mtuInput({ id: 'n2', address: '198.18.0.12' }, peers, overlays);
  t.deepEqual(input.underlay, []);
  t.deepEqual(input.overlays, overlays);
});

// ---- subnetInput ----------------------------------------------------------------------------------

const n1Interfaces = parseAddrs(fixture('lab/ip-j-addr.json'));
const n1Routes: Route[] = [
  { dst: 'default', dev: 'eth0', gateway: '198.18.0.1' },
  ...parseRoutes(fixture('lab/ip-j-route.derived.json')),
  { dst: '203.0.113.0/24', type: 'blackhole' },
  { dst: '127.0.0.0/8', dev: 'lo', type: 'local' },
  { dst: '192.0.2.0/24', dev: 'eth0', type: 'unicast' },
];

function lab(): HostNet[] {
  return [
    {
      id: 'n1', address: '198.18.0.11',
      net: net({
        interfaces: n1Interfaces, routes: n1Routes, nameservers: ['127.0.0.11', '2001:db8::53', '198.18.0.1'],
        localOverlays: inspected, // ingress: ingress-sbox; spf-net: one container + lb-spf-net
      }),
    },
    {
      id: 'n2', address: 'n2.lab',
      net: net({
        interfaces: [{ name: 'eth0', state: 'UP', flags: [], addresses: [{ family: 'inet', address: '198.18.0.12', prefix: 24, cidr: '198.18.0.12/24', scope: 'global' }] }],
        // Attached to spf-net (its id) with a container and its lb endpoint; ingress found by name only.
        localOverlays: [
          { ...byName('ingress'), id: 'other-id-for-ingress', containers: 1 },
          { ...byName('spf-net'), name: 'renamed?', containers: 3, subnets: [{ subnet: '10.0.1.0/24' }] },
        ],
      }),
    },
    { id: 'n3', address: '198.18.0.13', net: net({ localOverlays: [{ ...byName('ingress'), containers: 1, subnets: [{ subnet: '10.0.0.0/24' }] }] }) },
    { id: 'n4', address: '198.18.0.14' },
  ];
}

test('each overlay lists the subnets every attached host reports and counts the nodes attached', (t) => {
  const input = subnetInput(lab(), inspected, undefined, undefined, []);
  const ingress = input.networks.find((n) => n.name === 'ingress');
  const spf = input.networks.find((n) => n.name === 'spf-net');
  t.deepEqual(ingress?.seenOn, [{ host: 'n1', subnets: ['10.0.0.0/24'] }, { host: 'n2', subnets: ['10.0.0.0/24'] }, { host: 'n3', subnets: ['10.0.0.0/24'] }]);
  t.is(ingress?.nodesAttached, 3);
  t.true(ingress?.ingress);
  t.deepEqual(spf?.seenOn.map((s) => s.host), ['n1', 'n2']);
  t.deepEqual(spf?.subnets, [{ subnet: '10.0.1.0/24', gateway: '10.0.1.1' }]);
  t.is(spf?.vips, 0);
});

test('containers leave out one load-balancer endpoint per attached node', (t) => {
  const input = subnetInput(lab(), inspected, undefined, undefined, []);
  // ingress: 1 + 1 + 1 endpoints on 3 nodes, all ingress-sbox.
  t.is(input.networks.find((n) => n.name === 'ingress')?.containers, 0);
  // spf-net: n1 2 (container + lb), n2 3 (two containers + lb).
  t.is(input.networks.find((n) => n.name === 'spf-net')?.containers, 3);
});

test('a network no host has attached yet has no nodes, no containers and never a negative count', (t) => {
  const input = subnetInput([{ id: 'n9', address: '198.18.0.19', net: net() }], inspected, undefined, undefined, []);
  t.true(input.networks.every((n) => n.seenOn.length === 0 && n.nodesAttached === 0 && n.containers === 0));
  const odd = subnetInput([{ id: 'n9', address: '198.18.0.19', net: net({ localOverlays: [{ ...byName('spf-net'), containers: 0 }] }) }], inspected, undefined, undefined, []);
  t.is(odd.networks.find((n) => n.name === 'spf-net')?.containers, 0);
});

test('without a known address pool docker\'s default 10.0.0.0/8 is assumed; a known pool and subnet size are kept', (t) => {
  const unknown = subnetInput(lab(), inspected, undefined, undefined, []);
  t.deepEqual(unknown.defaultAddrPool, ['10.0.0.0/8']);
  t.deepEqual(DOCKER_DEFAULT_POOL, ['10.0.0.0/8']);
  t.false('subnetSize' in unknown);
  const known = subnetInput(lab(), inspected, ['172.30.0.0/16'], 26, ['192.0.2.0/24']);
  t.deepEqual(known.defaultAddrPool, ['172.30.0.0/16']);
  t.is(known.subnetSize, 26);
  t.deepEqual(known.reserved, ['192.0.2.0/24']);
});

test('hosts bring their IPv4 addresses with devices, loopback left out', (t) => {
  const input = subnetInput(lab(), inspected, undefined, undefined, []);
  const n1 = input.hosts.find((h) => h.id === 'n1');
  t.is(n1?.inventoryAddress, '198.18.0.11');
  t.deepEqual(n1?.addresses, [
    { cidr: '198.18.0.11/24', dev: 'eth0' },
    { cidr: '172.17.0.1/16', dev: 'docker0' },
    { cidr: '172.18.0.1/16', dev: 'docker_gwbridge' },
  ]);
  t.is(input.hosts.find((h) => h.id === 'n2')?.inventoryAddress, 'n2.lab');
});

test('routes leave out the default route and non-unicast routes', (t) => {
  const n1 = subnetInput(lab(), inspected, undefined, undefined, []).hosts.find((h) => h.id === 'n1');
  t.deepEqual(n1?.routes, ['198.18.0.0/24', '172.17.0.0/16', '172.18.0.0/16', '192.0.2.0/24']);
});

test('IPv6 nameservers are dropped and IPv4 ones kept in order', (t) => {
  const n1 = subnetInput(lab(), inspected, undefined, undefined, []).hosts.find((h) => h.id === 'n1');
  t.deepEqual(n1?.nameservers, ['127.0.0.11', '198.18.0.1']);
});

test('hosts without network facts are left out of the host list', (t) => {
  const input = subnetInput(lab(), inspected, undefined, undefined, []);
  t.deepEqual(input.hosts.map((h) => h.id), ['n1', 'n2', 'n3']);
});

test('a host whose network could not be read is left out of the subnet comparison and carries the reason to overlay-mtu', (t) => {
  const hosts: HostNet[] = [...lab(), { id: 'n5', address: '198.18.0.15', net: unreadableNet('n5: timed out after 8000 ms waiting for interfaces and routes') }];
  t.false(subnetInput(hosts, inspected, undefined, undefined, []).hosts.some((h) => h.id === 'n5'));
  const input = mtuInput(hosts[4] as HostNet, hosts, clusterOverlays(inspected));
  t.is(input.unreadable, 'n5: timed out after 8000 ms waiting for interfaces and routes');
  t.is(mtuInput(hosts[0] as HostNet, hosts, clusterOverlays(inspected)).unreadable, undefined);
});

test('before deployment there are no networks but hosts are still compared', (t) => {
  const input = subnetInput(lab(), undefined, undefined, undefined, []);
  t.deepEqual(input.networks, []);
  t.is(input.hosts.length, 3);
});

test('service VIPs are counted on the network they belong to', (t) => {
  const nets = parseNetworkInspect(fixture('lab/docker-network-inspect.manager.json'));
  const spf = nets.find((n) => n.name === 'spf-net')!;
  const input = subnetInput([], nets, undefined, undefined, [], new Map([[spf.id, 3]]));
  t.is(input.networks.find((n) => n.name === 'spf-net')?.vips, 3);
  t.is(input.networks.find((n) => n.name === 'ingress')?.vips, 0);
});
