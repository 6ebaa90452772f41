import test from 'ava';
import { join } from 'node:path';
import { loadInventory } from '../../src/inventory/index.js';
import { file, throwsInventory, writeTree } from './helpers.js';

// all > swarm > workers > eu_workers, and a sibling group "monitored" at the depth of workers.
const INI = file(
  '[eu_workers]',                 // 1
  'w1 ansible_host=192.0.2.11',   // 2
  '[workers:children]',           // 3
  'eu_workers',                   // 4
  '[swarm:children]',             // 5
  'workers',                      // 6
  '[monitored]',                  // 7
  'w1',                           // 8
  '[all:vars]',                   // 9
  'v_all=inv-all',                // 10
  'v_file_all=inv-all',           // 11
  'v_group=inv-all',              // 12
  '[swarm:vars]',                 // 13
  'v_child=inv-swarm',            // 14
  '[eu_workers:vars]',            // 15
  'v_child=inv-eu',               // 16
  'v_group=inv-eu',               // 17
);

const vars = (dir: string, path = 'hosts.ini') => loadInventory(join(dir, path))[0].vars ?? {};

test('a deeper group wins over its parents, and group_vars/all over every group of the inventory file', (t) => {
  const dir = writeTree(t, { 'hosts.ini': INI, 'group_vars/all.yml': file('v_file_all: file-all', 'v_group: file-all') });
  const v = vars(dir);
  t.is(v.v_all, 'inv-all');
  t.is(v.v_child, 'inv-eu', 'eu_workers is deeper than swarm');
  t.is(v.v_file_all, 'file-all', 'group_vars/all beats the inventory\'s all vars');
  t.is(v.v_group, 'file-all', 'group_vars/all beats even a child group\'s vars in the inventory file, as in Ansible');
});

test('group_vars of a child group win over group_vars of its parent and over all', (t) => {
  const dir = writeTree(t, {
    'hosts.ini': INI,
    'group_vars/all.yml': 'x: all\n',
    'group_vars/swarm.yml': 'x: swarm\ny: swarm\n',
    'group_vars/eu_workers.yaml': 'x: eu\n',
  });
  t.like(vars(dir), { x: 'eu', y: 'swarm' });
});

test('host vars in the inventory beat every group_vars file, and host_vars files beat them', (t) => {
  const dir = writeTree(t, {
    'hosts.ini': INI.replace('w1 ansible_host=192.0.2.11', 'w1 ansible_host=192.0.2.11 h=inv-host hf=inv-host'),
    'group_vars/eu_workers.yml': 'h: group-file\nhf: group-file\n',
    'host_vars/w1.yml': 'hf: host-file\n',
  });
  t.like(vars(dir), { h: 'inv-host', hf: 'host-file' });
});

test('siblings at the same depth apply by ansible_group_priority, then by name', (t) => {
  const base = file('[b]', 'h1 ansible_host=192.0.2.1', '[a]', 'h1', '[a:vars]', 'x=a', '[b:vars]', 'x=b');
  t.is(vars(writeTree(t, { 'i.ini': base }), 'i.ini').x, 'b', 'name order: b after a');
  const withPriority = base + file('[a:vars]', 'ansible_group_priority=10');
  t.is(vars(writeTree(t, { 'i.ini': withPriority }), 'i.ini').x, 'a', 'a higher priority applies later');
  const bad = writeTree(t, { 'i.ini': base + file('[a:vars]', 'ansible_group_priority=high') });
  throwsInventory(t, () => loadInventory(join(bad, 'i.ini')), join(bad, 'i.ini') + ':10', /group "a": ansible_group_priority "high"; it must be a whole number/);
});

test('group_vars/NAME without extension, .json, and a NAME/ directory read in name order', (t) => {
  const dir = writeTree(t, {
    'hosts.ini': INI,
    'group_vars/swarm': 'a: plain\n',
    'group_vars/workers.json': '{"b": "json"}',
    'group_vars/eu_workers/10-base.yml': 'c: base\nd: base\n',
    'group_vars/eu_workers/20-over.yml': 'd: over\n',
    'group_vars/eu_workers/.hidden.yml': 'd: hidden\n',
    'group_vars/eu_workers/notes.txt': 'd: txt\n',
    'group_vars/eu_workers/backup.yml~': 'd: backup\n',
  });
  t.like(vars(dir), { a: 'plain', b: 'json', c: 'base', d: 'over' });
});

test('only the first of NAME, NAME.yml, NAME.yaml, NAME.json is read', (t) => {
  const dir = writeTree(t, { 'hosts.ini': INI, 'group_vars/swarm.yml': 'a: yml\n', 'group_vars/swarm.yaml': 'a: yaml\nb: yaml\n' });
  const v = vars(dir);
  t.is(v.a, 'yml');
  t.false('b' in v);
});

test('values from vars files carry their file and line as origin, and errors name them', (t) => {
  const dir = writeTree(t, { 'hosts.ini': INI, 'group_vars/all.yml': file('# defaults', 'ansible_user: deploy', 'ansible_port: 2222') });
  const [h] = loadInventory(join(dir, 'hosts.ini'));
  t.is(h.origins?.user, join(dir, 'group_vars/all.yml') + ':2');
  t.is(h.origins?.port, join(dir, 'group_vars/all.yml') + ':3');
  const bad = writeTree(t, { 'hosts.ini': INI, 'host_vars/w1.yml': file('a: 1', 'ansible_port: 99999') });
  throwsInventory(t, () => loadInventory(join(bad, 'hosts.ini')), join(bad, 'host_vars/w1.yml') + ':2', /port "99999" is not a whole number/);
});

test('YAML features work in vars files too, and a broken one is reported at its line', (t) => {
  const dir = writeTree(t, { 'hosts.ini': INI, 'group_vars/all.yml': file('base: &b {ansible_user: ops}', 'extra: {<<: *b}', 'ansible_user: ops') });
  t.is(loadInventory(join(dir, 'hosts.ini'))[0].user, 'ops');
  const bad = writeTree(t, { 'hosts.ini': INI, 'group_vars/all.yml': file('a: 1', 'a: 2') });
  throwsInventory(t, () => loadInventory(join(bad, 'hosts.ini')), join(bad, 'group_vars/all.yml') + ':2', /duplicate key "a"/);
  const list = writeTree(t, { 'hosts.ini': INI, 'group_vars/all.yml': '- a\n' });
  throwsInventory(t, () => loadInventory(join(list, 'hosts.ini')), join(list, 'group_vars/all.yml') + ':1', /a vars file is a mapping/);
});

test('a vault-encrypted vars file is skipped; a !vault value is needed only when the tool uses it', (t) => {
  const dir = writeTree(t, {
    'hosts.ini': INI,
    'group_vars/all/vault.yml': '$ANSIBLE_VAULT;1.1;AES256\n6162\n',
    'group_vars/all/main.yml': file('db_password: !vault |', '  $ANSIBLE_VAULT;1.1;AES256', '  6162'),
  });
  t.is(loadInventory(join(dir, 'hosts.ini'))[0].address, '192.0.2.11');
  const needed = writeTree(t, { 'hosts.ini': INI, 'host_vars/w1.yml': file('ansible_user: !vault |', '  $ANSIBLE_VAULT;1.1;AES256', '  6162') });
  throwsInventory(t, () => loadInventory(join(needed, 'hosts.ini')), join(needed, 'host_vars/w1.yml') + ':1', /ansible_user is vaulted/);
});

test('vars files of groups and hosts the inventory does not have are not read', (t) => {
  const dir = writeTree(t, { 'hosts.ini': INI, 'group_vars/other.yml': '- not even a mapping\n', 'host_vars/w9.yml': 'ansible_port: 0\n' });
  t.is(loadInventory(join(dir, 'hosts.ini')).length, 1);
});
