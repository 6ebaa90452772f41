import test from 'ava';
import { parseInventory } from '../../src/inventory/index.js';
import { parseAnsibleIni } from '../../src/inventory/ansible-ini.js';
import { file, throwsInventory, withoutOrigins } from './helpers.js';

const SWARM = file(
  '# swarm hosts',                                                   // 1
  '[managers]',                                                      // 2
  'm1 ansible_host=192.0.2.10 ansible_user=admin # the leader',     // 3
  '',                                                                // 4
  '[workers]',                                                       // 5
  'w1 ansible_host=192.0.2.11 ansible_port=2222',                   // 6
  "w2 ansible_host='192.0.2.12' zone=\"eu west\"",                  // 7
  '; a semicolon comment',                                           // 8
  '[swarm:children]',                                                // 9
  'managers',                                                        // 10
  'workers',                                                         // 11
  '[swarm:vars]',                                                    // 12
  'ansible_user = deploy',                                           // 13
  'ansible_port=2200',                                               // 14
  '[all:vars]',                                                      // 15
  'ntp="pool.ntp.org"',                                              // 16
);

test('hosts get roles from sections, and vars from host lines, [group:vars] and [all:vars]', (t) => {
  t.deepEqual(withoutOrigins(parseInventory(SWARM, 'inv.ini')), [
    { id: 'm1', address: '192.0.2.10', port: 2200, user: 'admin', role: 'manager', source: 'inv.ini:3', vars: { ntp: 'pool.ntp.org' } },
    { id: 'w1', address: '192.0.2.11', port: 2222, user: 'deploy', role: 'worker', source: 'inv.ini:6', vars: { ntp: 'pool.ntp.org' } },
    { id: 'w2', address: '192.0.2.12', port: 2200, user: 'deploy', role: 'worker', source: 'inv.ini:7', vars: { ntp: 'pool.ntp.org', zone: 'eu west' } },
  ]);
});

test('hosts before any section are ungrouped and can carry swarm_role', (t) => {
  const text = file('a ansible_host=192.0.2.1 swarm_role=worker', 'b', '[other]', 'c');
  t.deepEqual(parseInventory(text, 'inv.ini').map((h) => [h.id, h.role]), [['a', 'worker'], ['b', 'unknown'], ['c', 'unknown']]);
});

test('nested [group:children] pass roles down to the hosts of child groups', (t) => {
  const text = file('[managers:children]', 'eu_managers', '[eu_managers]', 'm1');
  t.is(parseInventory(text, 'inv.ini')[0].role, 'manager');
});

test('the raw parse records sections, children and the line of each host var', (t) => {
  const inv = parseAnsibleIni(SWARM, 'inv.ini');
  t.deepEqual([...inv.groups.get('swarm')!.children], [['managers', 10], ['workers', 11]]);
  t.deepEqual(inv.groups.get('swarm')!.vars.get('ansible_user'), { value: 'deploy', line: 13 });
  t.deepEqual(inv.hosts.get('w2')!.vars.get('zone'), { value: 'eu west', line: 7 });
});

test('a host name with shell metacharacters is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'ok', 'a;rm'), 'inventory.ini'), 'inventory.ini:3', /host "a;rm" has characters outside/);
  throwsInventory(t, () => parseInventory(file('[workers]', '$(reboot)'), 'inventory.ini'), 'inventory.ini:2', /host "\$\(reboot\)" has characters outside/);
  throwsInventory(t, () => parseInventory(file('[workers]', '`id`'), 'inventory.ini'), 'inventory.ini:2', /host "`id`" has characters outside/);
  throwsInventory(t, () => parseInventory(file('[workers]', '"web 1"'), 'inventory.ini'), 'inventory.ini:2', /host "web 1" has characters outside/);
});

test('a quoted ansible_host hiding a command is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'w1 ansible_host="192.0.2.1 && reboot"'), 'inv.ini'), 'inv.ini:2', /address "192.0.2.1 && reboot" is not/);
});

test('ports 0, 70000 and 22x are rejected at their line', (t) => {
  for (const port of ['0', '70000', '22x']) {
    throwsInventory(t, () => parseInventory(file('[workers]', 'w1', `w2 ansible_port=${port}`), 'inv.ini'), 'inv.ini:3', new RegExp(`port "${port}" is not a whole number`));
  }
});

test('a bad port in [group:vars] is reported at that line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'w1', '[workers:vars]', 'ansible_port=22x'), 'inv.ini'), 'inv.ini:4', /port "22x"/);
});

test('a host listed twice in one section is rejected naming the first line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'w1', 'w2', 'w1'), 'inv.ini'), 'inv.ini:4', /host "w1" is listed twice in group "workers" \(first at inv.ini:2\)/);
});

test('two hosts with the same address and port are rejected', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'a ansible_host=192.0.2.1', 'b ansible_host=192.0.2.1 ansible_port=22'), 'inv.ini'),
    'inv.ini:3', /same address and port \(192.0.2.1:22\) as host "a"/);
});

test('an unterminated quote is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'w1 ansible_host="192.0.2.1'), 'inv.ini'), 'inv.ini:2', /unterminated quoted value/);
  throwsInventory(t, () => parseInventory(file('[workers:vars]', "x='abc"), 'inv.ini'), 'inv.ini:2', /unterminated quoted value/);
});

test('a word that is not name=value after the host is rejected', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'w1 w2'), 'inv.ini'), 'inv.ini:2', /expected name=value after host "w1", got "w2"/);
});

test('bad section headers and vars lines are rejected at their line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'w1', '[workers:hosts]'), 'inv.ini'), 'inv.ini:3', /unknown section type ":hosts"/);
  throwsInventory(t, () => parseInventory(file('[workers]', 'w1', '[swarm'), 'inv.ini'), 'inv.ini:3', /bad section header/);
  throwsInventory(t, () => parseInventory(file('[w]', 'a', '[w:vars]', 'novalue'), 'inv.ini'), 'inv.ini:4', /expected "name=value"/);
  throwsInventory(t, () => parseInventory(file('[w]', 'a', '[w:children]', 'x y'), 'inv.ini'), 'inv.ini:4', /one group name per line/);
});

test('a host range expands into one host per value, each with the line and variables of the range', (t) => {
  const hosts = parseInventory(file('[workers]', 'web[01:03] ansible_user=ops'), 'inv.ini');
  t.deepEqual(hosts.map((h) => [h.id, h.user, h.source, h.role]), [
    ['web01', 'ops', 'inv.ini:2', 'worker'], ['web02', 'ops', 'inv.ini:2', 'worker'], ['web03', 'ops', 'inv.ini:2', 'worker'],
  ]);
});

test('a bad host range is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'web[10:01]'), 'inv.ini'), 'inv.ini:2', /bad host range \[10:01\] in "web\[10:01\]": 10 is greater than 1/);
});

test('a host:port pattern sets the port', (t) => {
  t.like(parseInventory(file('[workers]', 'w1:2222 ansible_host=192.0.2.1'), 'inv.ini')[0], { id: 'w1', port: 2222, address: '192.0.2.1' });
});
