import test from 'ava';
import { parseNetworkIds, parseNetworkInspect } from '../../src/facts/overlays.js';
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
