import test from 'ava';
import { parseInventory } from '../../src/inventory/index.js';
import { parseAnsibleYaml } from '../../src/inventory/ansible-yaml.js';
import { file, throwsInventory, withoutOrigins } from './helpers.js';

const SWARM = file(
  'all:',                                  // 1
  '  vars:',                               // 2
  '    ansible_user: deploy',              // 3
  '    ntp: pool.ntp.org',                 // 4
  '  children:',                           // 5
  '    swarm:',                            // 6
  '      vars:',                           // 7
  '        ansible_port: 2200',            // 8
  '      children:',                       // 9
  '        managers:',                     // 10
  '          hosts:',                      // 11
  '            m1:',                       // 12
  '              ansible_host: 192.0.2.10', // 13
  '        workers:',                      // 14
  '          hosts:',                      // 15
  '            w1:',                       // 16
  '              ansible_host: 192.0.2.11', // 17
  '              ansible_port: 2222',      // 18
  '              ansible_user: "ops"',     // 19
  '            w2:',                       // 20
);

test('hosts get roles from their groups, ports and users from inherited and own vars', (t) => {
  t.deepEqual(parseInventory(SWARM, 'inv.yml'), [
    { id: 'm1', address: '192.0.2.10', port: 2200, user: 'deploy', role: 'manager', source: 'inv.yml:12', vars: { ntp: 'pool.ntp.org' },
      origins: { address: 'inv.yml:13', port: 'inv.yml:8', user: 'inv.yml:3', role: 'group managers (inv.yml:10)' } },
    { id: 'w1', address: '192.0.2.11', port: 2222, user: 'ops', role: 'worker', source: 'inv.yml:16', vars: { ntp: 'pool.ntp.org' },
      origins: { address: 'inv.yml:17', port: 'inv.yml:18', user: 'inv.yml:19', role: 'group workers (inv.yml:14)' } },
    { id: 'w2', address: 'w2', port: 2200, user: 'deploy', role: 'worker', source: 'inv.yml:20', vars: { ntp: 'pool.ntp.org' },
      origins: { address: 'inv.yml:20', port: 'inv.yml:8', user: 'inv.yml:3', role: 'group workers (inv.yml:14)' } },
  ]);
});

test('hosts directly under all.hosts take their role from swarm_role or stay unknown', (t) => {
  const text = file('all:', '  hosts:', '    a:', '      swarm_role: manager', '    b: {}', '    c: ~');
  t.deepEqual(parseInventory(text, 'inv.yml').map((h) => [h.id, h.role]), [['a', 'manager'], ['b', 'unknown'], ['c', 'unknown']]);
});

test('top-level groups other than all are accepted', (t) => {
  const text = file('managers:', '  hosts:', '    m1:', 'workers:', '  hosts:', '    w1:');
  t.deepEqual(parseInventory(text, 'inv.yml').map((h) => [h.id, h.role]), [['m1', 'manager'], ['w1', 'worker']]);
});

test('a host listed in two groups is one host with the vars of both', (t) => {
  const text = file('all:', '  children:', '    managers:', '      hosts:', '        m1:', '          ansible_host: 192.0.2.1',
    '    monitored:', '      vars:', '        exporter_port: "9100"', '      hosts:', '        m1:');
  t.deepEqual(withoutOrigins(parseInventory(text, 'inv.yml')), [
    { id: 'm1', address: '192.0.2.1', role: 'manager', source: 'inv.yml:5', vars: { exporter_port: '9100' } },
  ]);
});

test('list and mapping variables are skipped because only string vars are kept', (t) => {
  const text = file('all:', '  hosts:', '    a:', '      tags:', '        - x', '      extra: {}', '      zone: eu');
  t.deepEqual(parseInventory(text, 'inv.yml')[0].vars, { zone: 'eu' });
});

test('the raw parse records group children and host lines', (t) => {
  const inv = parseAnsibleYaml(SWARM, 'inv.yml');
  t.deepEqual([...inv.groups.get('swarm')!.children.keys()], ['managers', 'workers']);
  t.is(inv.hosts.get('w1')!.line, 16);
  t.deepEqual(inv.hosts.get('w1')!.vars.get('ansible_port'), { value: '2222', line: 18 });
});

const host = (name: string, ...vars: string[]) => file('all:', '  hosts:', `    ${name}:`, ...vars.map((v) => `      ${v}`));

test('a host name with a semicolon is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(host('a;rm'), 'inventory.yml'), 'inventory.yml:3',
    /host "a;rm" has characters outside \[A-Za-z0-9._-\]; use a plain host name/);
});

test('a host name with $(...), backticks, spaces or quotes is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(host('"$(reboot)"'), 'inv.yml'), 'inv.yml:3', /host "\$\(reboot\)" has characters outside/);
  throwsInventory(t, () => parseInventory(host('"`id`"'), 'inv.yml'), 'inv.yml:3', /host "`id`" has characters outside/);
  throwsInventory(t, () => parseInventory(host('"web 1"'), 'inv.yml'), 'inv.yml:3', /host "web 1" has characters outside/);
  throwsInventory(t, () => parseInventory(host(`"it's"`), 'inv.yml'), 'inv.yml:3', /host "it's" has characters outside/);
});

test('an ansible_host with shell metacharacters or a newline is rejected at the variable line', (t) => {
  throwsInventory(t, () => parseInventory(host('a', 'x: 1', 'ansible_host: "1.2.3.4; reboot"'), 'inv.yml'), 'inv.yml:5', /address "1.2.3.4; reboot" is not/);
  throwsInventory(t, () => parseInventory(host('a', 'ansible_host: "1.2.3.4\\nreboot"'), 'inv.yml'), 'inv.yml:4', /address "1.2.3.4\\nreboot" is not/);
  throwsInventory(t, () => parseInventory(host('a', 'ansible_host: "`id`"'), 'inv.yml'), 'inv.yml:4', /address "`id`" is not/);
});

test('a multi-line variable the tool does not use is left out of vars rather than refused', (t) => {
  const [a] = parseInventory(host('a', 'note: "x\\ny"', 'cert: |', '  -----BEGIN CERTIFICATE-----', '  abc', 'zone: eu'), 'inv.yml');
  t.deepEqual(a.vars, { zone: 'eu' });
});

test('ports 0, 70000 and "22x" are rejected at the variable line', (t) => {
  for (const port of ['0', '70000', '22x', '"22x"']) {
    throwsInventory(t, () => parseInventory(host('a', `ansible_port: ${port}`), 'inv.yml'), 'inv.yml:4', /port "[^"]+" is not a whole number from 1 to 65535/);
  }
});

test('a bad inherited port is reported at the group vars line', (t) => {
  const text = file('all:', '  vars:', '    ansible_port: 0', '  hosts:', '    a:');
  throwsInventory(t, () => parseInventory(text, 'inv.yml'), 'inv.yml:3', /host "a": port "0"/);
});

test('a user with shell characters is rejected at its line', (t) => {
  throwsInventory(t, () => parseInventory(host('a', 'ansible_user: "root;id"'), 'inv.yml'), 'inv.yml:4', /user "root;id" is not a valid user name/);
});

test('a duplicate host in the same group is rejected as a duplicate key', (t) => {
  throwsInventory(t, () => parseInventory(file('all:', '  hosts:', '    a:', '    a:'), 'inv.yml'), 'inv.yml:4', /duplicate key "a" \(first at line 3\)/);
});

test('two hosts with the same address and port are rejected at the second', (t) => {
  const text = file('all:', '  hosts:', '    a:', '      ansible_host: 192.0.2.1', '    b:', '      ansible_host: 192.0.2.1', '      ansible_port: 22');
  throwsInventory(t, () => parseInventory(text, 'inv.yml'), 'inv.yml:5', /host "b" has the same address and port \(192.0.2.1:22\) as host "a" at inv.yml:3/);
});

test('the same host given different values for one variable is rejected', (t) => {
  const text = file('all:', '  hosts:', '    a:', '      ansible_port: 22', '  children:', '    g:', '      hosts:', '        a:', '          ansible_port: 2222');
  throwsInventory(t, () => parseInventory(text, 'inv.yml'), 'inv.yml:9', /sets ansible_port to "2222" but inv.yml:4 set it to "22"/);
});

test('a host placed directly under a group without "hosts:" is rejected with a hint', (t) => {
  throwsInventory(t, () => parseInventory(file('all:', '  children:', '    workers:', '      w1:'), 'inv.yml'), 'inv.yml:4',
    /group "workers" has an unexpected key "w1".*"hosts:" line missing/);
});

test('hosts given as a list or a host given a scalar is rejected', (t) => {
  throwsInventory(t, () => parseInventory(file('all:', '  hosts:', '    - a'), 'inv.yml'), 'inv.yml:3', /must be a mapping of names/);
  throwsInventory(t, () => parseInventory(file('all:', '  hosts:', '    a: 1.2.3.4'), 'inv.yml'), 'inv.yml:3', /host "a" must be followed by its variables/);
});

test('YAML syntax errors surface with their line', (t) => {
  throwsInventory(t, () => parseInventory(file('all:', '  hosts:', '\ta:'), 'inv.yml'), 'inv.yml:3', /tab used for indentation/);
  throwsInventory(t, () => parseInventory(host('a', "ansible_host: '192.0.2.1"), 'inv.yml'), 'inv.yml:4', /unterminated quoted string/);
});

test('a YAML inventory with groups but no hosts is rejected', (t) => {
  throwsInventory(t, () => parseInventory(file('all:', '  children:', '    managers:'), 'inv.yml'), 'inv.yml:1', /no hosts found/);
});
