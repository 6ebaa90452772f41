import test from 'ava';
import { InvalidDataError } from '../../src/agent/invalid-data.js';
import { localDataPathAddress, parseNetworkInspect, parseNetworkList } from '../../src/facts/overlays.js';
import { fixture } from '../fixtures/load.js';

test('the lab swarm lists ingress and the attachable overlay with their subnets', (t) => {
  const nets = parseNetworkInspect(fixture('lab/docker-network-inspect.manager.json'));
  t.deepEqual(nets.map((n) => n.name).sort(), ['ingress', 'spf-net']);
  const ingress = nets.find((n) => n.name === 'ingress')!;
  t.true(ingress.ingress);
  t.is(ingress.subnets.length, 1);
  t.regex(ingress.subnets[0].subnet, /^\d+\.\d+\.\d+\.\d+\/\d+$/);
  t.false(nets.some((n) => n.encrypted));
});

test('an encrypted overlay is recognised by the presence of its option', (t) => {
  const raw = JSON.parse(fixture('lab/docker-network-inspect.manager.json')) as { Options: Record<string, string> }[];
  raw[0].Options = { ...raw[0].Options, encrypted: '' };
  t.true(parseNetworkInspect(JSON.stringify(raw))[0].encrypted);
});

test('only well-formed network ids are kept from the engine\'s network list, each once', (t) => {
  const list = [{ Id: 'abc123def4567890' }, { Id: '; rm -rf /' }, { Id: 'DEF' }, null, { Id: 7 }, { Id: 'abc123def4567890' }];
  t.deepEqual(parseNetworkList(JSON.stringify(list)), ['abc123def4567890']);
});

test('a network list that is not a JSON array is an error, not an empty list', (t) => {
  t.throws(() => parseNetworkList('{"message":"x"}'), { message: /not a JSON array/ });
  t.throws(() => parseNetworkList('<html>'), { instanceOf: SyntaxError });
});

test('the verbose inspect gives each node its gossip peers, its own endpoints and the data-path address of its tasks', (t) => {
  const [n1] = parseNetworkInspect(fixture('lab/swarm-wrong-advertise/docker-network-inspect-verbose.n1.json'));
  t.deepEqual(n1.peers.map((p) => p.ip), ['198.18.0.11', '198.18.0.12']);
  t.is(n1.endpoints.length, 2);
  t.is(localDataPathAddress(n1), '198.18.0.11');
  const [n3] = parseNetworkInspect(fixture('lab/swarm-wrong-advertise/docker-network-inspect-verbose.n3.json'));
  // n3 advertises 198.18.0.99, an address it does not have: it gossips with nobody but itself.
  t.deepEqual(n3.peers.map((p) => p.ip), ['198.18.0.99']);
  t.is(localDataPathAddress(n3), '198.18.0.99');
});

test('a task address that is not an IP is dropped (a peer address that is not one is invalid data: below)', (t) => {
  const raw = JSON.parse(fixture('lab/swarm-wrong-advertise/docker-network-inspect-verbose.n1.json')) as Record<string, any>[];
  raw[0].Services[''].Tasks[0].Info['Host IP'] = 'not-an-ip';
  const [net] = parseNetworkInspect(JSON.stringify(raw));
  t.is(net.tasks.length, 1);
  t.is(localDataPathAddress(net), undefined);
});

test('a network name, subnet, option or peer that is not what docker prints is invalid data', (t) => {
  const nets = JSON.parse(fixture('lab/docker-network-inspect.manager.json')) as Record<string, any>[];
  const at = nets.findIndex((n) => n.Driver === 'overlay');
  const cases: [string, (n: Record<string, any>) => void, RegExp][] = [
    ['a name with markup', (n) => { n.Name = '<img src=x onerror=alert(1)>'; }, /\[\d+\] Name/],
    ['a subnet with shell text', (n) => { n.IPAM.Config[0].Subnet = '10.0.0.0/24; reboot'; }, /Subnet .* is not an address range/],
    ['an option with an escape', (n) => { n.Options = { 'com.docker.network.driver.mtu': '1400\u001b[2J' }; }, /option value/],
    ['a peer address that is not one', (n) => { n.Peers = [{ Name: 'b1', IP: 'x' }]; }, /IP "x" is not an IP address/],
  ];
  for (const [what, edit, message] of cases) {
    const copy = structuredClone(nets);
    edit(copy[at]);
    t.throws(() => parseNetworkInspect(JSON.stringify(copy)), { instanceOf: InvalidDataError, message }, what);
  }
});
