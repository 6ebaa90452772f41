import test from 'ava';
import { resolveRole, roleOfGroup } from '../../src/inventory/roles.js';
import { parseInventory } from '../../src/inventory/index.js';
import { file, throwsInventory } from './helpers.js';

const where = (line: number) => `f:${line}`;

test('the common manager and worker group names imply roles; other groups do not', (t) => {
  t.is(roleOfGroup('managers'), 'manager');
  t.is(roleOfGroup('Manager'), 'manager');
  t.is(roleOfGroup('workers'), 'worker');
  t.is(roleOfGroup('worker'), 'worker');
  t.is(roleOfGroup('swarm_managers'), 'manager');
  t.is(roleOfGroup('docker_swarm_worker'), 'worker');
  t.is(roleOfGroup('swarm-workers'), 'worker');
  t.is(roleOfGroup('managers_old'), 'unknown');
  t.is(roleOfGroup('all'), 'unknown');
});

test('a swarm_role variable sets the role, case-insensitively', (t) => {
  const host = { name: 'a', line: 3, groups: ['all'], vars: new Map([['swarm_role', { value: 'Worker', line: 4 }]]) };
  t.is(resolveRole(host, where).role, 'worker');
});

test('a host in no role group without swarm_role is unknown', (t) => {
  t.is(resolveRole({ name: 'a', line: 1, groups: ['all', 'db'], vars: new Map() }, where).role, 'unknown');
});

test('a swarm_role that agrees with the group is accepted', (t) => {
  const host = { name: 'a', line: 3, groups: ['all', 'managers'], vars: new Map([['swarm_role', { value: 'manager', line: 4 }]]) };
  t.is(resolveRole(host, where).role, 'manager');
});

test('a host in both a manager group and a worker group is an inventory error at the host line', (t) => {
  throwsInventory(t, () => parseInventory(file('[managers]', 'a', '[workers]', 'a'), 'i.ini'), 'i.ini:2',
    /host "a" is in group "managers" and group "workers"; a swarm node is either a manager or a worker/);
});

test('a swarm_role contradicting the group is an inventory error at the variable line', (t) => {
  throwsInventory(t, () => parseInventory(file('[workers]', 'a', 'b swarm_role=manager'), 'i.ini'), 'i.ini:3',
    /swarm_role "manager" contradicts its group "workers"/);
});

test('an inherited swarm_role contradicting the group is reported at the vars line', (t) => {
  const text = file('all:', '  vars:', '    swarm_role: worker', '  children:', '    managers:', '      hosts:', '        m1:');
  throwsInventory(t, () => parseInventory(text, 'i.yml'), 'i.yml:3', /swarm_role "worker" contradicts its group "managers"/);
});

test('a swarm_role other than manager or worker is rejected', (t) => {
  throwsInventory(t, () => parseInventory(file('a swarm_role=leader'), 'i.ini'), 'i.ini:1', /swarm_role "leader" must be manager or worker/);
});
