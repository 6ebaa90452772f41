import test from 'ava';
import { InvalidDataError } from '../../src/agent/invalid-data.js';
import { parseAddrs, parseLinks, parseResolvConf, parseRouteGet, parseRoutes } from '../../src/facts/ip.js';
import { fixture } from '../fixtures/load.js';

test('the lab host lists its interfaces with MTU, state and addresses with their prefix', (t) => {
  const ifaces = parseAddrs(fixture('lab/ip-j-addr.json'));
  t.deepEqual(ifaces.map((i) => i.name), ['lo', 'eth0', 'docker0', 'docker_gwbridge', 'vethb6de61e', 'veth7a0d71a']);
  const eth0 = ifaces.find((i) => i.name === 'eth0')!;
  t.is(eth0.mtu, 1500);
  t.is(eth0.state, 'UP');
  t.deepEqual(eth0.addresses.map((a) => [a.family, a.cidr]), [['inet', '198.18.0.11/24'], ['inet6', 'fe80::5c30:d8ff:fe95:2cb8/64']]);
  const docker0 = ifaces.find((i) => i.name === 'docker0')!;
  t.is(docker0.state, 'DOWN');
  t.deepEqual(docker0.addresses.map((a) => a.cidr), ['172.17.0.1/16']);
  t.is(ifaces.find((i) => i.name === 'vethb6de61e')!.master, 'docker_gwbridge');
});

test('an interface MTU other than 1500 is read as it is', (t) => {
  // ip-j-addr.mtu1450.json: ip-j-addr.json with eth0's "mtu" changed from 1500 to 1450, nothing else.
  const eth0 = parseAddrs(fixture('lab/ip-j-addr.mtu1450.json')).find((i) => i.name === 'eth0')!;
  t.is(eth0.mtu, 1450);
  t.deepEqual(eth0.addresses.map((a) => a.cidr), ['198.18.0.11/24', 'fe80::5c30:d8ff:fe95:2cb8/64']);
});

test('links carry their kind from linkinfo and plain devices have none', (t) => {
  const links = parseLinks(fixture('lab/ip-j-d-link.json'));
  const kind = Object.fromEntries(links.map((l) => [l.name, l.kind ?? null]));
  t.deepEqual(kind, { lo: null, eth0: 'veth', docker0: 'bridge', docker_gwbridge: 'bridge', vethb6de61e: 'veth', veth7a0d71a: 'veth' });
  t.is(links.find((l) => l.name === 'eth0')!.mtu, 1500);
  t.false(links.some((l) => l.vxlan));
});

test('a vxlan device reports its VXLAN id and port', (t) => {
  // ip-j-d-link.vxlan.json: ip-j-d-link.json plus one entry copied from eth0, renamed vxlan0, MTU set to
  // 1450 and linkinfo replaced by {info_kind: vxlan, info_data: {id: 4097, port: 4789}} (spf-net's VNI
  // from docker-network-inspect.manager.json and the lab's data-path port).
  const vx = parseLinks(fixture('lab/ip-j-d-link.vxlan.json')).find((l) => l.kind === 'vxlan')!;
  t.is(vx.name, 'vxlan0');
  t.is(vx.mtu, 1450);
  t.deepEqual(vx.vxlan, { id: 4097, port: 4789 });
});

test('route get names the device and source address towards a peer, without a gateway on a flat LAN', (t) => {
  t.deepEqual(parseRouteGet(fixture('lab/ip-j-route-get.json')), { dst: '198.18.0.12', dev: 'eth0', src: '198.18.0.11' });
});

test('route get keeps the gateway when the peer is reached through one', (t) => {
  const raw = JSON.parse(fixture('lab/ip-j-route-get.json')) as Record<string, unknown>[];
  raw[0].gateway = '198.18.0.1'; // edited copy of the lab capture
  t.is(parseRouteGet(JSON.stringify(raw)).gateway, '198.18.0.1');
});

test('route get without a device says which destination it could not route', (t) => {
  t.throws(() => parseRouteGet('[{"type":"blackhole","dst":"198.18.0.12","flags":[]}]'), { message: /no device towards 198\.18\.0\.12 \(route type blackhole\)/ });
  t.throws(() => parseRouteGet('[]'), { message: /printed no route/ });
});

test('the route table lists destinations as CIDRs, keeping default and widening host routes to /32', (t) => {
  // ip-j-route.derived.json: no `ip -j route` was captured in the lab; this holds the kernel's connected
  // route for each global IPv4 address in ip-j-addr.json, in iproute2's JSON form.
  const routes = parseRoutes(fixture('lab/ip-j-route.derived.json'));
  t.deepEqual(routes.map((r) => [r.dst, r.dev]), [['198.18.0.0/24', 'eth0'], ['172.17.0.0/16', 'docker0'], ['172.18.0.0/16', 'docker_gwbridge']]);
  const raw = JSON.parse(fixture('lab/ip-j-route.derived.json')) as unknown[];
  raw.unshift({ dst: 'default', gateway: '198.18.0.1', dev: 'eth0', flags: [] }, { type: 'blackhole', dst: '10.9.9.9', flags: [] });
  const more = parseRoutes(JSON.stringify(raw));
  t.deepEqual(more[0], { dst: 'default', dev: 'eth0', gateway: '198.18.0.1' });
  t.deepEqual(more[1], { dst: '10.9.9.9/32', type: 'blackhole' });
});

test('entries with missing fields are kept with what they have, an address without prefix as /32, and empty objects are dropped', (t) => {
  const ifaces = parseAddrs('[{}, {"ifname":"eth9","addr_info":[{}, {"family":"inet","local":"10.0.0.2"}]}]');
  t.deepEqual(ifaces, [{ name: 'eth9', state: 'UNKNOWN', flags: [], addresses: [{ family: 'inet', address: '10.0.0.2', prefix: 32, cidr: '10.0.0.2/32' }] }]);
  t.deepEqual(parseLinks('[{"ifname":"x"}]'), [{ name: 'x', state: 'UNKNOWN' }]);
});

test('output that is not JSON throws an error naming the command and what it printed', (t) => {
  t.throws(() => parseRouteGet('RTNETLINK answers: Network is unreachable\n'), { message: 'ip -j route get did not print JSON: RTNETLINK answers: Network is unreachable' });
  t.throws(() => parseAddrs(''), { message: /ip -j addr did not print JSON \(empty output\)/ });
  t.throws(() => parseLinks('Option "-j" is unknown'), { message: /ip -j -d link did not print JSON/ });
  t.throws(() => parseRoutes('{"dst":"default"}'), { message: /did not print a JSON array/ });
});

test('resolv.conf yields its nameservers in order and ignores comments and other lines', (t) => {
  // Written here: no resolv.conf was captured in the lab.
  const text = '# Generated by NetworkManager\nsearch lab.example\nnameserver 10.0.0.2 # office DNS\n;nameserver 9.9.9.9\nnameserver\tfe80::1%eth0\noptions edns0\n';
  t.deepEqual(parseResolvConf(text), ['10.0.0.2', 'fe80::1%eth0']);
  t.deepEqual(parseResolvConf(''), []);
});

test('interface names, MTUs, addresses and routes that are not what iproute2 prints are invalid data', (t) => {
  const addrs = JSON.parse(fixture('lab/ip-j-addr.json')) as Record<string, unknown>[];
  const cases: [string, (e: Record<string, any>[]) => void, RegExp][] = [
    ['an interface name with an escape', (e) => { e[1].ifname = 'eth0\u001b[2J'; }, /ifname "eth0\\u001b\[2J" is not an interface name/],
    ['an interface name with shell text', (e) => { e[1].ifname = 'e;sh'; }, /ifname/],
    ['an MTU as text', (e) => { e[1].mtu = '1500<script>'; }, /mtu "1500<script>" is not a whole number/],
    ['an address that is not one', (e) => { e[1].addr_info[0].local = '10.0.0.1; curl x|sh'; }, /local .* is not an IP address/],
    ['a prefix out of range', (e) => { e[1].addr_info[0].prefixlen = 33; }, /prefixlen 33/],
  ];
  for (const [what, edit, message] of cases) {
    const copy = structuredClone(addrs);
    edit(copy);
    t.throws(() => parseAddrs(JSON.stringify(copy)), { instanceOf: InvalidDataError, message }, what);
  }
  t.throws(() => parseRoutes(JSON.stringify([{ dst: '10.0.0.0/8; reboot', dev: 'eth0' }])), { instanceOf: InvalidDataError });
  t.throws(() => parseRoutes(JSON.stringify([{ dst: 'default', gateway: '<b>', dev: 'eth0' }])), { instanceOf: InvalidDataError });
  t.throws(() => parseResolvConf('nameserver $(reboot)\n'), { instanceOf: InvalidDataError, message: /nameserver "\$\(reboot\)" is not an IP address/ });
  t.deepEqual(parseResolvConf('nameserver fe80::1%eth0\n'), ['fe80::1%eth0']);
});
