import test from 'ava';
import { evaluateOverlaySubnets, type OverlaySubnetInput, type SubnetHost, type SubnetNetwork } from '../../checks/overlay-subnet.js';
import { overlaps } from '../../src/facts/cidr.js';
import { parseDockerInfo } from '../../src/facts/docker-info.js';
import { parseAddrs, parseRoutes } from '../../src/facts/ip.js';
import { parseNetworkInspect } from '../../src/facts/overlays.js';
import type { Finding } from '../../src/model.js';
import { fixture } from '../fixtures/load.js';

// The lab as captured. Only n1's `ip addr` exists; n2 and n3 get the eth0 address their peer entry in
// docker-network-inspect.manager.json shows, with n1's /24. Routes: ip-j-route.derived.json (the
// connected routes of n1's addresses; no `ip -j route` was captured).
const info = parseDockerInfo({ code: 0, stdout: fixture('lab/docker-info.manager.json'), stderr: '', error: null });
const inspected = parseNetworkInspect(fixture('lab/docker-network-inspect.manager.json'));
const n1Addresses = parseAddrs(fixture('lab/ip-j-addr.json'))
  .flatMap((i) => i.addresses.filter((a) => a.family === 'inet').map((a) => ({ cidr: a.cidr, dev: i.name })));
const n1Routes = parseRoutes(fixture('lab/ip-j-route.derived.json'));

function labHosts(): SubnetHost[] {
  return [
    { id: 'n1', inventoryAddress: '198.18.0.11', addresses: n1Addresses, routes: n1Routes.map((r) => r.dst), nameservers: [] },
    { id: 'n2', inventoryAddress: '198.18.0.12', addresses: [{ cidr: '198.18.0.12/24', dev: 'eth0' }], routes: ['198.18.0.0/24'], nameservers: [] },
    { id: 'n3', inventoryAddress: '198.18.0.13', addresses: [{ cidr: '198.18.0.13/24', dev: 'eth0' }], routes: ['198.18.0.0/24'], nameservers: [] },
  ];
}

// Containers in `docker network inspect` include the node's load-balancer endpoint (lb-spf-net,
// ingress-sbox), which nodesAttached counts, so it is left out of `containers` here.
function labNetworks(): SubnetNetwork[] {
  return inspected.map((n) => ({
    name: n.name,
    ingress: n.ingress,
    subnets: n.subnets,
    seenOn: n.peers.map((p) => ({ host: `n${p.ip.split('.')[3].slice(-1)}`, subnets: n.subnets.map((s) => s.subnet) })),
    containers: n.name === 'spf-net' ? 1 : 0,
    vips: 0,
    nodesAttached: n.peers.length,
  }));
}

function labInput(over: Partial<OverlaySubnetInput> = {}): OverlaySubnetInput {
  return {
    networks: labNetworks(),
    defaultAddrPool: info.defaultAddrPool,
    subnetSize: info.subnetSize,
    hosts: labHosts(),
    reserved: [],
    dockerOwnedRoutes: n1Routes.filter((r) => r.dev === 'docker0' || r.dev === 'docker_gwbridge').map((r) => r.dst),
    ...over,
  };
}

const withStatus = (findings: Finding[], status: Finding['status']) => findings.filter((f) => f.status === status);

function net(name: string, subnet: string, over: Partial<SubnetNetwork> = {}): SubnetNetwork {
  return { name, ingress: false, subnets: [{ subnet }], seenOn: [], containers: 0, vips: 0, nodesAttached: 3, ...over };
}

test('the clean lab passes once per network with its subnet and usage', (t) => {
  const findings = evaluateOverlaySubnets(labInput());
  t.deepEqual(findings.map((f) => f.status), ['pass', 'pass']);
  const spf = findings.find((f) => f.evidence?.network === 'spf-net')!;
  // 1 container + 3 node load-balancer addresses + 1 gateway of 254.
  t.is(spf.summary, "overlay spf-net 10.0.1.0/24: clear of 3 hosts' addresses, routes and nameservers and the other overlays; 5 of 254 addresses in use (2%)");
  t.false('host' in spf);
});

test('the Docker default ingress 10.255.0.0/16 fails against a host address inside it, with the ingress commands', (t) => {
  const hosts = labHosts();
  hosts[1].addresses.push({ cidr: '10.255.8.20/24', dev: 'eth1' });
  const networks = [net('ingress', '10.255.0.0/16', { ingress: true })];
  const [f, ...rest] = withStatus(evaluateOverlaySubnets(labInput({ networks, hosts })), 'fail');
  t.is(rest.length, 0);
  t.is(f.host, 'n2');
  t.is(f.summary, "overlay ingress 10.255.0.0/16 overlaps n2's address 10.255.8.20/24 (eth1): containers on the overlay cannot reach that range");
  t.regex(f.remediation ?? '', /`docker network rm ingress`, then `docker network create --driver overlay --ingress --subnet 10\.\d+\.0\.0\/16 ingress`/);
  t.true(f.remediation?.includes('docker swarm init --default-addr-pool <range> --default-addr-pool-mask-length 24'));
  const suggested = /--subnet (\S+) ingress/.exec(f.remediation ?? '')![1];
  t.false(overlaps(suggested, '10.255.8.20/24'));
  t.false(overlaps(suggested, '198.18.0.0/24'));
  t.not(suggested, '10.255.0.0/16');
  t.like(f.evidence, { network: 'ingress', subnet: '10.255.0.0/16', kind: 'address', range: '10.255.8.20/24', dev: 'eth1' });
});

test("the lab's own 198.18.0.0/24 used as an overlay fails against every host's address, once each", (t) => {
  const networks = labNetworks().map((n) => (n.name === 'spf-net' ? { ...n, subnets: [{ subnet: '198.18.0.0/24' }], seenOn: [] } : n));
  const fails = withStatus(evaluateOverlaySubnets(labInput({ networks })), 'fail');
  t.deepEqual(fails.map((f) => f.host), ['n1', 'n2', 'n3']);
  t.is(fails[0].summary, "overlay spf-net 198.18.0.0/24 overlaps n1's address 198.18.0.11/24 (eth0): containers on the overlay cannot reach that range");
  // The connected route 198.18.0.0/24 and the inventory address are the same clash: not reported again.
  t.true(fails.every((f) => f.evidence?.kind === 'address'));
  // The suggestion is the first /24 of the pool that ingress (10.0.0.0/24) and the hosts leave free.
  t.true(fails[0].remediation?.includes('docker network create --driver overlay --subnet 10.0.1.0/24 spf-net'));
});

test('a --reserved range inside an overlay fails cluster-wide, naming both ranges', (t) => {
  const fails = withStatus(evaluateOverlaySubnets(labInput({ reserved: ['10.0.1.128/25'] })), 'fail');
  t.is(fails.length, 1);
  t.is(fails[0].summary, 'overlay spf-net 10.0.1.0/24 overlaps the reserved range 10.0.1.128/25 (--reserved): containers on the overlay cannot reach it');
  t.false('host' in fails[0] || 'from' in fails[0] || 'to' in fails[0]);
  t.like(fails[0].evidence, { subnet: '10.0.1.0/24', range: '10.0.1.128/25', kind: 'reserved' });
});

test('two overlapping overlays fail, and the fix moves the user network rather than ingress', (t) => {
  const networks = [...labNetworks(), net('big', '10.0.0.0/16')];
  const fails = withStatus(evaluateOverlaySubnets(labInput({ networks })), 'fail');
  t.deepEqual(fails.map((f) => f.evidence?.networks), [['ingress', 'big'], ['spf-net', 'big']]);
  t.is(fails[0].summary, 'overlays ingress 10.0.0.0/24 and big 10.0.0.0/16 overlap: addresses in the shared range are ambiguous');
  t.regex(fails[0].remediation ?? '', /give big a range nothing else uses: .*docker network create --driver overlay --subnet 10\.1\.0\.0\/16 big/);
  t.is(withStatus(evaluateOverlaySubnets(labInput({ networks })), 'pass').length, 0);
});

test('a network seen with different subnets on two nodes fails with what each node says', (t) => {
  const networks = labNetworks();
  const spf = networks.find((n) => n.name === 'spf-net')!;
  spf.seenOn = [{ host: 'n1', subnets: ['10.0.1.0/24'] }, { host: 'n2', subnets: ['10.0.9.0/24'] }, { host: 'n3', subnets: ['10.0.1.0/24'] }];
  const fails = withStatus(evaluateOverlaySubnets(labInput({ networks })), 'fail');
  t.is(fails.length, 1);
  t.is(fails[0].summary, 'overlay spf-net has different subnets on different nodes: n1 10.0.1.0/24; n2 10.0.9.0/24; n3 10.0.1.0/24 (the swarm says 10.0.1.0/24)');
  t.deepEqual(fails[0].evidence?.differing, ['n2']);
});

test('a /24 with 200 task endpoints, 3 VIPs and 3 nodes warns at 81% with the counts', (t) => {
  const networks = [net('busy', '10.0.5.0/24', { containers: 200, vips: 3 })];
  const [f] = evaluateOverlaySubnets(labInput({ networks }));
  t.is(f.status, 'warn');
  t.is(f.summary, 'overlay busy 10.0.5.0/24 is 81% full: 207 of 254 usable addresses taken (200 endpoints + 3 VIPs + 3 node load-balancer addresses + 1 gateway), 47 left');
  t.like(f.evidence, { capacity: 254, used: 207, free: 47, containers: 200, vips: 3, nodesAttached: 3, gateways: 1, networkAndBroadcast: 2 });
  // Only busy exists here, and its own range is given up when it is re-created.
  t.regex(f.remediation ?? '', /a \/22 holds 1022.*--subnet 10\.0\.0\.0\/22 busy.*--endpoint-mode dnsrr/);
});

test('the warning starts at 80% of the usable addresses', (t) => {
  // 199 + 3 VIPs + 0 nodes + 1 gateway = 203 of 254 = 79.9%; one more is 80.3%.
  const below = evaluateOverlaySubnets(labInput({ networks: [net('busy', '10.0.5.0/24', { containers: 199, vips: 3, nodesAttached: 0 })] }));
  const at = evaluateOverlaySubnets(labInput({ networks: [net('busy', '10.0.5.0/24', { containers: 200, vips: 3, nodesAttached: 0 })] }));
  t.is(below[0].status, 'pass');
  t.is(at[0].status, 'warn');
});

test('a /24 with all 254 usable addresses taken fails as full', (t) => {
  const [f] = evaluateOverlaySubnets(labInput({ networks: [net('full', '10.0.5.0/24', { containers: 247, vips: 3 })] }));
  t.is(f.status, 'fail');
  t.is(f.summary, 'overlay full 10.0.5.0/24 is full: 254 of 254 usable addresses taken (247 endpoints + 3 VIPs + 3 node load-balancer addresses + 1 gateway); new tasks stay pending without an address');
  t.like(f.evidence, { used: 254, capacity: 254, free: 0, percent: 100 });
});

test('routes docker made and the default route are not clashes, but a foreign route into the overlay is', (t) => {
  const hosts = labHosts();
  hosts[0].routes.push('default', '10.0.0.0/16');
  const networks = [...labNetworks(), net('gw', '172.18.0.0/16')];
  const fails = withStatus(evaluateOverlaySubnets(labInput({ hosts, networks })), 'fail');
  const routeFails = fails.filter((f) => f.evidence?.kind === 'route');
  t.deepEqual(routeFails.map((f) => f.evidence?.network), ['ingress', 'spf-net']);
  t.is(routeFails[0].summary, "overlay ingress 10.0.0.0/24 overlaps n1's route 10.0.0.0/16: containers on the overlay cannot reach that range");
  // 172.18.0.0/16 is docker_gwbridge's route (skipped) but also n1's address on docker_gwbridge (reported).
  const gw = fails.filter((f) => f.evidence?.network === 'gw');
  t.deepEqual(gw.map((f) => [f.evidence?.kind, f.evidence?.range]), [['address', '172.18.0.1/16']]);
});

test('a nameserver or an inventory address inside an overlay fails on that host', (t) => {
  const hosts = labHosts();
  hosts[0].nameservers = ['10.0.1.53', 'fe80::1'];
  hosts[2].inventoryAddress = '10.0.1.200';
  const fails = withStatus(evaluateOverlaySubnets(labInput({ hosts })), 'fail');
  t.deepEqual(fails.map((f) => [f.host, f.evidence?.kind, f.evidence?.range]), [['n1', 'nameserver', '10.0.1.53'], ['n3', 'inventory address', '10.0.1.200']]);
});

test('a default address pool that covers a host range warns that new overlays may land there', (t) => {
  const hosts = labHosts();
  hosts[2].addresses.push({ cidr: '10.40.0.7/16', dev: 'ens4' });
  const warns = withStatus(evaluateOverlaySubnets(labInput({ hosts })), 'warn');
  t.is(warns.length, 1);
  t.is(warns[0].host, 'n3');
  t.is(warns[0].summary, "the default address pool 10.0.0.0/8 overlaps n3's address 10.40.0.7/16 (ens4): a new overlay may be given a subnet there");
  t.regex(warns[0].remediation ?? '', /explicit --subnet outside 10\.40\.0\.7\/16/);
});

test('an unreadable range is reported as an error without stopping the other verdicts', (t) => {
  const findings = evaluateOverlaySubnets(labInput({ reserved: ['10.0.0/33'] }));
  t.is(findings[0].status, 'error');
  t.regex(findings[0].summary, /could not read the reserved range "10\.0\.0\/33"/);
  t.deepEqual(findings.slice(1).map((f) => f.status), ['pass', 'pass']);
});

test('IPv6 subnets are left out of the arithmetic', (t) => {
  const networks = [net('dual', '10.0.7.0/24', { subnets: [{ subnet: '10.0.7.0/24' }, { subnet: 'fd00:7::/64' }] })];
  const [f] = evaluateOverlaySubnets(labInput({ networks, reserved: ['fd00::/8'] }));
  t.is(f.status, 'pass');
  t.deepEqual(f.evidence?.subnets, ['10.0.7.0/24']);
});
