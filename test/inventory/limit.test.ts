import test from 'ava';
import { PreflightError } from '../../src/errors.js';
import { applyLimit, splitPatterns } from '../../src/inventory/limit.js';
import { parseInventory } from '../../src/inventory/index.js';
import { file } from './helpers.js';

// managers: m1 m2; workers: w1 w2 w3; eu: m1 w1 w2 (eu_workers child: w2); db1 ungrouped.
const HOSTS = [
  { name: 'm1', groups: ['all', 'managers', 'eu'] },
  { name: 'm2', groups: ['all', 'managers'] },
  { name: 'w1', groups: ['all', 'workers', 'eu'] },
  { name: 'w2', groups: ['all', 'workers', 'eu', 'eu_workers'] },
  { name: 'w3', groups: ['all', 'workers'] },
  { name: 'db1.example', groups: ['all', 'ungrouped'] },
];
const GROUPS = ['all', 'ungrouped', 'managers', 'workers', 'eu', 'eu_workers', 'empty'];
const limit = (pattern: string) => [...applyLimit(pattern, HOSTS, GROUPS)];

function usageError(t: import('ava').ExecutionContext, pattern: string, message: RegExp): void {
  const err = t.throws<PreflightError>(() => limit(pattern), { instanceOf: PreflightError });
  t.is(err?.kind, 'usage');
  t.regex(err?.message ?? '', message);
}

test('patterns split on "," when there is one, else on ":" outside brackets', (t) => {
  t.deepEqual(splitPatterns('a,b:c, !d'), ['a', 'b:c', '!d']);
  t.deepEqual(splitPatterns('web:&eu:!web3'), ['web', '&eu', '!web3']);
  t.deepEqual(splitPatterns('web[1:3]:db'), ['web[1:3]', 'db']);
});

test('a host name selects that host; a group name selects its hosts, children included', (t) => {
  t.deepEqual(limit('w3'), ['w3']);
  t.deepEqual(limit('eu'), ['m1', 'w1', 'w2']);
  t.deepEqual(limit('eu_workers'), ['w2']);
});

test('all and * select every host', (t) => {
  t.deepEqual(limit('all'), HOSTS.map((h) => h.name));
  t.deepEqual(limit('*'), HOSTS.map((h) => h.name));
});

test('globs match host and group names', (t) => {
  t.deepEqual(limit('w?'), ['w1', 'w2', 'w3']);
  t.deepEqual(limit('man*'), ['m1', 'm2']);
  t.deepEqual(limit('*.example'), ['db1.example']);
  t.deepEqual(limit('w[!3]'), ['w1', 'w2'], 'a bracket that is not a number is a glob set, not a subscript');
});

test('~regex matches from the start of the name', (t) => {
  t.deepEqual(limit('~w[23]'), ['w2', 'w3']);
  t.deepEqual(limit('~^m'), ['m1', 'm2']);
  usageError(t, '~(', /is not a valid regular expression/);
});

test('lists unite; & intersects; ! excludes; in that order whatever the order written', (t) => {
  t.deepEqual(limit('m1,w3'), ['m1', 'w3']);
  t.deepEqual(limit('managers:workers'), ['m1', 'm2', 'w1', 'w2', 'w3']);
  t.deepEqual(limit('workers:&eu'), ['w1', 'w2']);
  t.deepEqual(limit('workers:!eu_workers'), ['w1', 'w3']);
  t.deepEqual(limit('!w2,eu,&workers'), ['w1']);
  t.deepEqual(limit('managers,workers,&eu,!w1'), ['m1', 'w2']);
});

test('only exclusions start from all hosts', (t) => {
  t.deepEqual(limit('!workers'), ['m1', 'm2', 'db1.example']);
});

test('subscripts pick hosts of a group by position', (t) => {
  t.deepEqual(limit('workers[0]'), ['w1']);
  t.deepEqual(limit('workers[-1]'), ['w3']);
  t.deepEqual(limit('workers[1:2]'), ['w2', 'w3']);
  t.deepEqual(limit('workers[1:]'), ['w2', 'w3']);
  usageError(t, 'workers[5]', /is out of range; "workers" has 3 hosts/);
});

test('a pattern matching no host or group is a usage error naming it', (t) => {
  usageError(t, 'w1,wx', /"wx" matches no host or group of the inventory/);
  usageError(t, 'workers:!nope', /"nope" matches no host or group/);
  usageError(t, 'W1', /"W1" matches no host or group.*case-sensitive/);
});

test('a limit that leaves no host is a usage error naming the limit', (t) => {
  usageError(t, 'managers:&workers', /--limit "managers:&workers" selects no host of the inventory/);
  usageError(t, 'empty', /--limit "empty" selects no host/);
});

test('limit files and empty limits are refused', (t) => {
  usageError(t, '@retry.txt', /limit files \(@FILE\) are not supported/);
  usageError(t, ' , ', /is empty/);
});

test('the limit applies after the whole inventory is read: roles and inherited vars stay', (t) => {
  const text = file('[managers]', 'm1 ansible_host=192.0.2.1', '[workers]', 'w1 ansible_host=192.0.2.2', '[swarm:children]', 'managers', 'workers', '[swarm:vars]', 'ansible_user=ops');
  t.deepEqual(parseInventory(text, 'i.ini', { limit: 'w1' }).map((h) => [h.id, h.role, h.user]), [['w1', 'worker', 'ops']]);
});

test('hosts outside the limit are not validated, so a broken host can be left out', (t) => {
  const text = file('[workers]', 'w1 ansible_host=192.0.2.2', 'w2 ansible_host=bad_address');
  t.deepEqual(parseInventory(text, 'i.ini', { limit: '!w2' }).map((h) => h.id), ['w1']);
});

test('hosts in no group but all are in the implicit group ungrouped', (t) => {
  const text = file('all:', '  hosts:', '    a: {ansible_host: 192.0.2.1}', '  children:', '    workers:', '      hosts:', '        w: {ansible_host: 192.0.2.2}');
  t.deepEqual(parseInventory(text, 'i.yml', { limit: 'ungrouped' }).map((h) => h.id), ['a']);
});
