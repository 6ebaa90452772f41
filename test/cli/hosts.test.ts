import test from 'ava';
import { join } from 'node:path';
import { PreflightError } from '../../src/errors.js';
import { loadHosts, warnIgnoredSshOptions } from '../../src/cli/hosts.js';
import { file, writeTree } from '../inventory/helpers.js';

const INV = file(
  '[ctrl]', 'c1 ansible_host=192.0.2.1',
  '[managers]', 'm1 ansible_host=192.0.2.2',
  '[nodes]', 'n1 ansible_host=192.0.2.3',
  '[all:vars]', "ansible_ssh_common_args='-o StrictHostKeyChecking=no -J bastion'",
);

function usage(t: import('ava').ExecutionContext, fn: () => unknown, message: RegExp): void {
  const err = t.throws<PreflightError>(fn, { instanceOf: PreflightError });
  t.is(err?.kind, 'usage');
  t.regex(err?.message ?? '', message);
}

test('--managers-group and --workers-group name the role groups, replacing the default names for that role', (t) => {
  const path = join(writeTree(t, { 'inv.ini': INV }), 'inv.ini');
  const warnings: string[] = [];
  const hosts = loadHosts({ inventory: [path], managersGroup: ['ctrl'], workersGroup: ['nodes'] }, (w) => warnings.push(w));
  t.deepEqual(hosts.map((h) => [h.id, h.role]), [['c1', 'manager'], ['m1', 'unknown'], ['n1', 'worker']]);
  t.deepEqual(loadHosts({ inventory: [path] }, () => {}).map((h) => h.role), ['unknown', 'manager', 'unknown']);
});

test('a role group flag naming a group the inventory lacks is a usage error', (t) => {
  const path = join(writeTree(t, { 'inv.ini': INV }), 'inv.ini');
  usage(t, () => loadHosts({ inventory: [path], workersGroup: ['nodez'] }, () => {}), /--workers-group "nodez": the inventory has no such group \(its groups: ctrl, managers, nodes\)/);
  usage(t, () => loadHosts({ hosts: 'a', managersGroup: ['x'] }, () => {}), /--managers-group needs an inventory with groups/);
});

test('--limit narrows the hosts of an inventory and of --hosts', (t) => {
  const path = join(writeTree(t, { 'inv.ini': INV }), 'inv.ini');
  t.deepEqual(loadHosts({ inventory: [path], limit: 'managers,n1' }, () => {}).map((h) => h.id), ['m1', 'n1']);
  t.deepEqual(loadHosts({ hosts: '192.0.2.1,192.0.2.2', limit: '!192.0.2.1' }, () => {}).map((h) => h.id), ['192.0.2.2']);
  usage(t, () => loadHosts({ inventory: [path], limit: 'web*' }, () => {}), /"web\*" matches no host or group/);
  usage(t, () => loadHosts({ inventory: [path], limit: ['a', 'b'] }, () => {}), /give --limit once/);
});

test('ssh options that are not applied are warned about once for all hosts', (t) => {
  const path = join(writeTree(t, { 'inv.ini': INV }), 'inv.ini');
  const warnings: string[] = [];
  const hosts = loadHosts({ inventory: [path] }, (w) => warnings.push(w));
  t.true(hosts.every((h) => h.proxyJump === 'bastion'));
  t.is(warnings.length, 1);
  t.regex(warnings[0], /options not applied .*: -o StrictHostKeyChecking=no \(all hosts\)/);
});

test('the ignored-options warning names up to three hosts and counts the rest', (t) => {
  const hosts = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, address: id, role: 'unknown' as const, ...(id !== 'e' ? { ignoredSshOptions: ['-C'] } : {}) }));
  const warnings: string[] = [];
  warnIgnoredSshOptions(hosts, (w) => warnings.push(w));
  t.regex(warnings[0], /-C \(a, b, c and 1 more\)/);
  warnings.length = 0;
  warnIgnoredSshOptions(hosts.slice(4), (w) => warnings.push(w));
  t.deepEqual(warnings, []);
});

test('warnings from reading the inventory are passed on', (t) => {
  const dir = writeTree(t, { 'hosts.ini': INV, 'gen.sh': '#!/bin/sh\necho {}\n' }, { 'gen.sh': 0o755 });
  const warnings: string[] = [];
  loadHosts({ inventory: [dir] }, (w) => warnings.push(w));
  t.true(warnings.some((w) => /skipped .*gen.sh: it is a dynamic inventory script/.test(w)));
});

test('an inventory and --hosts together, an empty -i, or neither are usage errors', (t) => {
  usage(t, () => loadHosts({ inventory: ['x'], hosts: 'a' }, () => {}), /either --inventory or --hosts/);
  usage(t, () => loadHosts({ inventory: [''] }, () => {}), /-i\/--inventory needs a file or directory/);
  usage(t, () => loadHosts({}, () => {}), /no hosts/);
});

test('-i - reads stdin through the given reader', (t) => {
  t.deepEqual(loadHosts({ inventory: ['-'] }, () => {}, () => 'root@192.0.2.5 manager\n').map((h) => [h.id, h.role]), [['192.0.2.5', 'manager']]);
});
