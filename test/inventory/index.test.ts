import test from 'ava';
import { fileURLToPath } from 'node:url';
import { loadInventory, parseInventory } from '../../src/inventory/index.js';
import { PreflightError } from '../../src/errors.js';
import { throwsInventory } from './helpers.js';

// Compiled tests run from dist/test/inventory; the examples stay at the project root.
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

const EXPECTED = [
  { id: 'manager1', address: '192.0.2.10', role: 'manager', user: 'deploy' },
  { id: 'worker1', address: '192.0.2.11', role: 'worker', user: 'deploy' },
  { id: 'worker2', address: '192.0.2.12', role: 'worker', user: 'deploy', port: 2222 },
];

for (const name of ['inventory.yml', 'inventory.ini']) {
  test(`examples/${name} parses into one manager and two workers`, (t) => {
    const hosts = loadInventory(examples + name);
    t.is(hosts.length, 3);
    hosts.forEach((h, i) => t.like(h, EXPECTED[i]));
    t.true(hosts.every((h) => h.source?.startsWith(examples + name + ':')));
  });
}

test('examples/inventory.yml merges worker1\'s values into worker2 and keeps worker2\'s own address and port', (t) => {
  const [, worker1, worker2] = loadInventory(examples + 'inventory.yml');
  t.is(worker1.pythonInterpreter, '/usr/bin/python3');
  t.like(worker2, { address: '192.0.2.12', port: 2222, pythonInterpreter: '/usr/bin/python3' });
});

test('examples/hosts.txt parses into one manager and two workers keyed by address', (t) => {
  const hosts = loadInventory(examples + 'hosts.txt');
  t.deepEqual(hosts.map((h) => [h.id, h.role, h.user, h.port]), [
    ['192.0.2.10', 'manager', 'deploy', undefined],
    ['192.0.2.11', 'worker', 'deploy', undefined],
    ['192.0.2.12', 'worker', 'deploy', 2222],
  ]);
});

test('a missing inventory file is an inventory error naming the path and ENOENT', (t) => {
  const err = t.throws<PreflightError>(() => loadInventory('/nonexistent/inventory.yml'), { instanceOf: PreflightError });
  t.is(err?.kind, 'inventory');
  t.regex(err?.message ?? '', /^cannot read inventory \/nonexistent\/inventory.yml: ENOENT/);
  t.truthy(err?.cause);
});

test('an empty inventory text is rejected at line 1', (t) => {
  throwsInventory(t, () => parseInventory('', 'empty.yml'), 'empty.yml:1', /inventory is empty/);
});

test('an inventory with only a YAML document marker has no hosts', (t) => {
  throwsInventory(t, () => parseInventory('---\n', 'inv.yml'), 'inv.yml:1', /no hosts found/);
});

test('an unknown format is rejected', (t) => {
  throwsInventory(t, () => parseInventory('{"name": "not-an-inventory"}', 'x.json'), 'x.json:1', /cannot tell the inventory format/);
});
