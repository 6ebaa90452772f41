import test from 'ava';
import { resolveHosts } from '../../src/inventory/groups.js';
import { parseAnsibleIni } from '../../src/inventory/ansible-ini.js';
import { parseAnsibleYaml } from '../../src/inventory/ansible-yaml.js';
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
