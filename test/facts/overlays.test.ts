import test from 'ava';
import { localDataPathAddress, parseNetworkIds, parseNetworkInspect } from '../../src/facts/overlays.js';
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

test('only well-formed network ids are kept from docker network ls', (t) => {
  t.deepEqual(parseNetworkIds('abc123def4567890\n; rm -rf /\n\nDEF\n'), ['abc123def4567890']);
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

test('peers and task addresses that are not IPs are dropped', (t) => {
  const raw = JSON.parse(fixture('lab/swarm-wrong-advertise/docker-network-inspect-verbose.n1.json')) as Record<string, any>[];
  raw[0].Peers[0].IP = '198.18.0.11; reboot';
  raw[0].Services[''].Tasks[0].Info['Host IP'] = 'not-an-ip';
  const [net] = parseNetworkInspect(JSON.stringify(raw));
  t.deepEqual(net.peers.map((p) => p.ip), ['198.18.0.12']);
  t.is(net.tasks.length, 1);
  t.is(localDataPathAddress(net), undefined);
});
