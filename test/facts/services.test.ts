import test from 'ava';
import { parseServiceVips } from '../../src/facts/services.js';
import { fixture } from '../fixtures/load.js';

test('a VIP-mode service on the lab overlay counts one virtual IP on that network', (t) => {
  // Captured from the lab: `docker service create --network spf-net --replicas 2 ...`, then inspect.
  const vips = parseServiceVips(fixture('lab/docker-service-inspect.json'));
  t.deepEqual([...vips], [['c7nwtrbzw9780q6jd0mrs3o6v', 1]]);
});

test('dnsrr services and services without an endpoint hold no VIP', (t) => {
  const raw = JSON.stringify([{ Spec: { EndpointSpec: { Mode: 'dnsrr' } }, Endpoint: { VirtualIPs: null } }, {}]);
  t.is(parseServiceVips(raw).size, 0);
});

test('output that is not a JSON array is an error, not zero VIPs', (t) => {
  t.throws(() => parseServiceVips('{}'), { message: /JSON array/ });
});
