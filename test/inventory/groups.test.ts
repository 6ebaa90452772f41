import test from 'ava';
import { resolveHosts } from '../../src/inventory/groups.js';
import { parseAnsibleIni } from '../../src/inventory/ansible-ini.js';
import { parseAnsibleYaml } from '../../src/inventory/ansible-yaml.js';
import { parseAnsibleJson } from '../../src/inventory/ansible-json.js';
import { fileWhere } from '../../src/inventory/raw.js';
import { file, throwsInventory } from './helpers.js';

const resolve = (text: string) => resolveHosts(parseAnsibleIni(text, 'i.ini'), fileWhere('i.ini'));

test('a host belongs to its groups, their ancestors and all', (t) => {
  const [host] = resolve(file('[eu:children]', 'eu_workers', '[workers:children]', 'eu_workers', '[eu_workers]', 'w1'));
  t.deepEqual(host.groups.slice().sort(), ['all', 'eu', 'eu_workers', 'workers']);
});

test('deeper groups override shallower ones and host vars override all groups', (t) => {
  const [host] = resolve(file(
    '[all:vars]', 'a=all', 'b=all', 'c=all',
    '[swarm:children]', 'workers',
    '[swarm:vars]', 'b=swarm', 'c=swarm',
    '[workers]', 'w1 c=host',
  ));
  t.deepEqual(Object.fromEntries([...host.vars].map(([k, v]) => [k, v.value])), { a: 'all', b: 'swarm', c: 'host' });
  t.is(host.vars.get('b')!.line, 8);
});

test('sibling groups at the same depth merge in name order, as Ansible does', (t) => {
  const [host] = resolve(file('[b]', 'h', '[a]', 'h', '[a:vars]', 'x=a', '[b:vars]', 'x=b'));
  t.is(host.vars.get('x')!.value, 'b');
});

test('hosts keep the order of their first declaration', (t) => {
  t.deepEqual(resolve(file('[workers]', 'w2', 'w1', '[managers]', 'm1', 'w2')).map((h) => h.name), ['w2', 'w1', 'm1']);
});

test('a group that contains itself is rejected', (t) => {
  throwsInventory(t, () => resolve(file('[a:children]', 'b', '[b:children]', 'a', '[a]', 'h')), 'i.ini:1', /group "a" contains itself|loop of children/);
});

test('a YAML group nested inside itself is rejected with the cycle', (t) => {
  const text = file('all:', '  children:', '    a:', '      children:', '        a:', '          hosts:', '            h:');
  throwsInventory(t, () => resolveHosts(parseAnsibleYaml(text, 'i.yml'), fileWhere('i.yml')), 'i.yml:3', /group "a" contains itself \(a -> a\)/);
});

test('variables layer as Ansible ranks them: all, groups, group_vars/all, group_vars/groups, host, host_vars', (t) => {
  const inv = parseAnsibleIni(file('[parent:children]', 'child', '[child]', 'h k5=inv-host k6=inv-host', '[all:vars]', 'k1=inv-all', 'k2=inv-all',
    '[parent:vars]', 'k2=inv-parent', 'k3=inv-parent', '[child:vars]', 'k3=inv-child', 'k4=inv-child'), 'i.ini');
  const layer = (entries: Record<string, string>, name: string) => new Map(Object.entries(entries).map(([k, v]) => [k, { value: v, line: 1, file: name }]));
  inv.groupFiles.set('all', layer({ k4: 'file-all', k7: 'file-all' }, 'group_vars/all.yml'));
  inv.groupFiles.set('parent', layer({ k7: 'file-parent', k8: 'file-parent' }, 'group_vars/parent.yml'));
  inv.groupFiles.set('child', layer({ k5: 'file-child', k8: 'file-child' }, 'group_vars/child.yml'));
  inv.hostFiles.set('h', layer({ k6: 'file-host' }, 'host_vars/h.yml'));
  const [host] = resolveHosts(inv, fileWhere('i.ini'));
  t.deepEqual(Object.fromEntries([...host.vars].map(([k, v]) => [k, v.value])), {
    k1: 'inv-all', k2: 'inv-parent', k3: 'inv-child', k4: 'file-all', k5: 'inv-host', k6: 'file-host', k7: 'file-parent', k8: 'file-child',
  });
  t.is(host.vars.get('k8')!.file, 'group_vars/child.yml');
});

test('a chain of 10,000 INI groups resolves without recursion, the host in every group of the chain', (t) => {
  const n = 10_000;
  const sections = [`[g${n - 1}]\nweb1 ansible_host=10.0.0.1`];
  for (let i = 0; i < n - 1; i++) sections.push(`[g${i}:children]\ng${i + 1}`);
  const inv = parseAnsibleIni(sections.join('\n') + '\n', 'chain.ini');
  const [host] = resolveHosts(inv, fileWhere('chain.ini'));
  t.is(host.groups.length, n + 1);
  t.deepEqual(host.groups.slice(0, 3), ['all', 'g0', 'g1'], 'shallow groups first');
  t.is(host.groups[n], `g${n - 1}`);
});

test('a chain of 5,000 JSON children groups resolves, and a loop deep in it is still named', (t) => {
  const n = 5000;
  const groups: Record<string, unknown> = { [`g${n - 1}`]: { hosts: ['web1'] } };
  for (let i = 0; i < n - 1; i++) groups[`g${i}`] = { children: [`g${i + 1}`] };
  const [host] = resolveHosts(parseAnsibleJson(JSON.stringify({ _meta: { hostvars: { web1: { ansible_host: '10.0.0.1' } } }, ...groups }), 'chain.json'), fileWhere('chain.json'));
  t.is(host.groups.length, n + 1);
  groups[`g${n - 1}`] = { hosts: ['web1'], children: ['g4990'] };
  const looped = parseAnsibleJson(JSON.stringify(groups), 'loop.json');
  const error = t.throws(() => resolveHosts(looped, fileWhere('loop.json')));
  t.regex(error?.message ?? '', /group "g4990" contains itself \(g4990 -> g4991 -> .* -> g4999 -> g4990\)/);
});
