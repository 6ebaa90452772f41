import test from 'ava';
import { parseInventory } from '../../src/inventory/index.js';
import { file, throwsInventory, withoutOrigins } from './helpers.js';

// What `ansible-inventory -i examples/inventory.yml --list` prints, one key a line.
const LIST = file(
  '{',                                                                           // 1
  '  "_meta": {',                                                                // 2
  '    "hostvars": {',                                                           // 3
  '      "manager1": {"ansible_host": "192.0.2.10", "ansible_user": "deploy"},', // 4
  '      "worker1": {"ansible_host": "192.0.2.11", "ansible_port": 2222, "ansible_user": "deploy", "tags": ["a"]},', // 5
  '      "worker2": {"ansible_host": "192.0.2.12", "swarm_role": "worker", "zone": "eu"}', // 6
  '    }',                                                                       // 7
  '  },',                                                                        // 8
  '  "all": {"children": ["ungrouped", "swarm"]},',                             // 9
  '  "swarm": {"children": ["managers", "workers"]},',                          // 10
  '  "managers": {"hosts": ["manager1"]},',                                     // 11
  '  "workers": {"hosts": ["worker1"]},',                                       // 12
  '  "ungrouped": {"hosts": ["worker2"]}',                                      // 13
  '}',
);

test('ansible-inventory --list output yields hosts with roles, ports, users and vars', (t) => {
  t.deepEqual(withoutOrigins(parseInventory(LIST, 'inv.json')), [
    { id: 'manager1', address: '192.0.2.10', user: 'deploy', role: 'manager', source: 'inv.json:4' },
    { id: 'worker1', address: '192.0.2.11', port: 2222, user: 'deploy', role: 'worker', source: 'inv.json:5' },
    { id: 'worker2', address: '192.0.2.12', role: 'worker', source: 'inv.json:6', vars: { zone: 'eu' } },
  ]);
});

test('group vars in JSON are inherited by the hosts of the group', (t) => {
  const text = '{"workers": {"hosts": ["w1"], "vars": {"ansible_port": 2200}}}';
  t.like(parseInventory(text, 'inv.json')[0], { id: 'w1', port: 2200, role: 'worker' });
});

test('the older dynamic-inventory form with a bare list of hosts per group is accepted', (t) => {
  t.deepEqual(parseInventory('{"managers": ["m1"], "workers": ["w1", "w2"]}', 'inv.json').map((h) => [h.id, h.role]),
    [['m1', 'manager'], ['w1', 'worker'], ['w2', 'worker']]);
});

test('a hostile host name in a group list is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(file('{', '"workers": {"hosts": [', '"ok",', '"a;rm"', ']}}'), 'inv.json'), 'inv.json:4', /host "a;rm" has characters outside/);
});

test('a newline smuggled into ansible_host via an escape is rejected at its line', (t) => {
  const text = file('{', '"_meta": {"hostvars": {"a":', '{"ansible_host": "192.0.2.1\\nreboot"}}},', '"all": {"hosts": ["a"]}}');
  throwsInventory(t, () => parseInventory(text, 'inv.json'), 'inv.json:3', /address "192.0.2.1\\nreboot" is not/);
});

test('a port of 70000 is rejected at the line of the variable', (t) => {
  const text = file('{"_meta": {"hostvars": {"a": {', '"ansible_port": 70000}}},', '"all": {"hosts": ["a"]}}');
  throwsInventory(t, () => parseInventory(text, 'inv.json'), 'inv.json:2', /port "70000" is not a whole number/);
});

test('a host listed twice in one group is rejected', (t) => {
  throwsInventory(t, () => parseInventory(file('{"workers": {"hosts": [', '"w1",', '"w1"]}}'), 'inv.json'), 'inv.json:3', /listed twice in group "workers" \(first at inv.json:2\)/);
});

test('a host declared twice in hostvars is rejected as a duplicate key', (t) => {
  throwsInventory(t, () => parseInventory(file('{"_meta": {"hostvars": {', '"a": {},', '"a": {}}}}'), 'inv.json'), 'inv.json:3', /duplicate key "a"/);
});

test('invalid JSON is rejected with the line of the error', (t) => {
  throwsInventory(t, () => parseInventory(file('{', '"workers": {"hosts": ["w1"]}', '"managers": {}', '}'), 'inv.json'), 'inv.json:3', /invalid JSON: expected "," or "}"/);
  throwsInventory(t, () => parseInventory(file('{', '"workers": {"hosts": ["w1"]', '}'), 'inv.json'), 'inv.json:4', /invalid JSON: unexpected end of input; a closing "}" is missing/);
});

test('wrong shapes are rejected at their line', (t) => {
  throwsInventory(t, () => parseInventory(file('{', '"workers": {"hosts": "w1"}}'), 'inv.json'), 'inv.json:2', /hosts of group "workers" must be a list/);
  throwsInventory(t, () => parseInventory(file('{', '"workers": {"hosts": ["w1"],', '"extra": 1}}'), 'inv.json'), 'inv.json:3', /unexpected key "extra"/);
});
