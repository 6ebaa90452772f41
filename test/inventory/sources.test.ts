import test from 'ava';
import { join } from 'node:path';
import { PreflightError, type ErrorKind } from '../../src/errors.js';
import { loadInventories } from '../../src/inventory/index.js';
import { collectSources, isPrivateKey } from '../../src/inventory/sources.js';
import { file, throwsInventory, writeTree } from './helpers.js';

const noStdin = (): string => { throw new Error('stdin must not be read'); };
const ids = (paths: string[], readStdin = noStdin) => loadInventories(paths, { readStdin }).hosts.map((h) => h.id);

function error(t: import('ava').ExecutionContext, fn: () => unknown, kind: ErrorKind, message: RegExp): void {
  const err = t.throws<PreflightError>(fn, { instanceOf: PreflightError });
  t.is(err?.kind, kind);
  t.regex(err?.message ?? '', message);
}

test('a directory inventory reads every inventory file in it, in name order, and its subdirectories', (t) => {
  const dir = writeTree(t, {
    '10-managers.yml': file('managers:', '  hosts:', '    m1: {ansible_host: 192.0.2.1}'),
    '20-workers.ini': file('[workers]', 'w1 ansible_host=192.0.2.2'),
    'more/30-extra': file('[workers]', 'w2 ansible_host=192.0.2.3'),
  });
  t.deepEqual(loadInventories([dir]).hosts.map((h) => [h.id, h.role]), [['m1', 'manager'], ['w1', 'worker'], ['w2', 'worker']]);
});

test('a directory skips Ansible\'s ignored names, hidden files and group_vars/host_vars, but reads its group_vars', (t) => {
  const junk = 'this is not an inventory: [\n';
  const dir = writeTree(t, {
    'hosts.yml': file('all:', '  hosts:', '    a: {ansible_host: 192.0.2.1}'),
    'README.md': junk, 'notes.txt': junk, 'ansible.cfg': junk, 'hosts.yml.bak': junk, 'hosts.yml~': junk, 'old.orig': junk,
    'site.retry': junk, 'x.pyc': junk, 'x.swp': junk, 'x.rst': junk, 'x.rpm': junk, 'x.pyo': junk, '.hidden': junk,
    'group_vars/all.yml': 'ansible_user: ops\n',
    'host_vars/a.yml': 'ansible_port: 2222\n',
  });
  t.like(loadInventories([dir]).hosts[0], { id: 'a', user: 'ops', port: 2222 });
});

test('an executable script or a plugin configuration in a directory is skipped with a warning', (t) => {
  const dir = writeTree(t, {
    'hosts.ini': file('[workers]', 'w1 ansible_host=192.0.2.2'),
    'ec2.py': '#!/usr/bin/env python3\nprint("{}")\n',
    'aws_ec2.yml': 'plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n',
  }, { 'ec2.py': 0o755 });
  const loaded = loadInventories([dir]);
  t.deepEqual(loaded.hosts.map((h) => h.id), ['w1']);
  t.is(loaded.warnings.length, 2);
  t.regex(loaded.warnings.find((w) => w.includes('ec2.py')) ?? '', /dynamic inventory script.*ansible-inventory -i .*ec2.py --list > inventory.json/);
  t.regex(loaded.warnings.find((w) => w.includes('aws_ec2.yml')) ?? '', /configures an inventory plugin/);
});

test('a script or plugin configuration given directly is an error that says to run ansible-inventory', (t) => {
  const dir = writeTree(t, { 'inv.py': '#!/usr/bin/env python3\n', 'aws_ec2.yml': 'plugin: amazon.aws.aws_ec2\n' }, { 'inv.py': 0o755 });
  const script = t.throws<PreflightError>(() => ids([join(dir, 'inv.py')]), { instanceOf: PreflightError });
  t.regex(script?.message ?? '', /is a dynamic inventory script, which swarm-preflight does not run/);
  t.regex(script?.hint ?? '', /ansible-inventory -i .*inv.py --list > inventory.json/);
  throwsInventory(t, () => ids([join(dir, 'aws_ec2.yml')]), join(dir, 'aws_ec2.yml') + ':1', /configuration of the inventory plugin "amazon.aws.aws_ec2"/);
});

test('a directory without inventory files is an inventory error', (t) => {
  const dir = writeTree(t, { 'README.md': '# hosts\n' });
  error(t, () => ids([dir]), 'inventory', /inventory directory .* holds no inventory file/);
});

test('-i given more than once unites groups and hosts, and a later file\'s variables win', (t) => {
  const dir = writeTree(t, {
    'a.ini': file('[managers]', 'm1 ansible_host=192.0.2.1', '[workers]', 'w1 ansible_host=192.0.2.2 ansible_user=a'),
    'b.yml': file('workers:', '  hosts:', '    w1: {ansible_user: b}', '    w2: {ansible_host: 192.0.2.3}'),
  });
  const hosts = loadInventories([join(dir, 'a.ini'), join(dir, 'b.yml')]).hosts;
  t.deepEqual(hosts.map((h) => [h.id, h.role, h.user]), [['m1', 'manager', undefined], ['w1', 'worker', 'b'], ['w2', 'worker', undefined]]);
  t.is(hosts[1].origins?.user, join(dir, 'b.yml') + ':3');
  t.is(hosts[1].source, join(dir, 'a.ini') + ':4');
});

test('-i - reads the inventory from stdin, in any format', (t) => {
  t.deepEqual(ids(['-'], () => '{"workers": {"hosts": ["w1"]}, "_meta": {"hostvars": {"w1": {"ansible_host": "192.0.2.9"}}}}'), ['w1']);
  t.deepEqual(ids(['-'], () => file('[managers]', 'm1 ansible_host=192.0.2.1')), ['m1']);
  throwsInventory(t, () => ids(['-'], () => file('all:', '  hosts:', '    a:', '    a:')), '<stdin>:4', /duplicate key "a"/);
  error(t, () => ids(['-', '-'], () => 'a\n'), 'usage', /stdin can be read once/);
});

test('a private key given to -i is a usage error that points to --identity', (t) => {
  const dir = writeTree(t, {
    id_ed25519: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
    'key.ppk': 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n',
  });
  error(t, () => ids([join(dir, 'id_ed25519')]), 'usage', new RegExp(`^${join(dir, 'id_ed25519')} is a private key; pass it with --identity \\(-i is the inventory\\)$`));
  error(t, () => ids([join(dir, 'key.ppk')]), 'usage', /key.ppk is a private key; pass it with --identity/);
  error(t, () => ids(['-'], () => '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n'), 'usage', /is a private key; pass a key with --identity/);
});

test('isPrivateKey knows PEM, OpenSSH and PuTTY keys, and not public keys or inventories', (t) => {
  t.true(isPrivateKey('-----BEGIN EC PRIVATE KEY-----\n'));
  t.true(isPrivateKey('-----BEGIN PRIVATE KEY-----\n'));
  t.true(isPrivateKey('\n-----BEGIN ENCRYPTED PRIVATE KEY-----\n'));
  t.false(isPrivateKey('ssh-ed25519 AAAAC3Nza user@host\n'));
  t.false(isPrivateKey('[workers]\nw1\n'));
});

test('a missing -i path is an inventory error naming it', (t) => {
  error(t, () => collectSources(['/nonexistent/inv'], noStdin), 'inventory', /^cannot read inventory \/nonexistent\/inv: ENOENT/);
});

test('vars files next to ansible-inventory JSON are not read again: the JSON already holds them, decrypted', (t) => {
  const dir = writeTree(t, {
    'inventory.json': '{"_meta": {"hostvars": {"w1": {"ansible_host": "192.0.2.2", "ansible_user": "ops"}}}, "workers": {"hosts": ["w1"]}}',
    'host_vars/w1.yml': file('ansible_user: !vault |', '  $ANSIBLE_VAULT;1.1;AES256', '  6162'),
  });
  t.like(loadInventories([join(dir, 'inventory.json')]).hosts[0], { id: 'w1', user: 'ops' });
});
