import test from 'ava';
import { detectFormat } from '../../src/inventory/detect.js';
import { file, throwsInventory } from './helpers.js';

test('a JSON object with _meta or groups is json', (t) => {
  t.is(detectFormat('{"_meta": {"hostvars": {}}}', 'x'), 'json');
  t.is(detectFormat('\n{"workers": {"hosts": ["a"]}}', 'x'), 'json');
  t.is(detectFormat('{"workers": ["a"]}', 'x'), 'json');
});

test('broken JSON is still json, so that the JSON parser reports the line', (t) => {
  t.is(detectFormat('{"workers": ', 'x'), 'json');
});

test('a file with [section] lines is ini, even after comments or ungrouped hosts', (t) => {
  t.is(detectFormat(file('; comment', '[workers]', 'a'), 'x'), 'ini');
  t.is(detectFormat(file('a', '[workers:vars]', 'x=1'), 'x'), 'ini');
});

test('a sectionless file of host key=value lines is ini', (t) => {
  t.is(detectFormat('a ansible_host=192.0.2.1\n', 'x'), 'ini');
});

test('key: mappings and a leading --- are yaml', (t) => {
  t.is(detectFormat(file('# inventory', 'all:', '  hosts:'), 'x'), 'yaml');
  t.is(detectFormat(file('---', 'all:'), 'x'), 'yaml');
  t.is(detectFormat('"all": {}', 'x'), 'yaml');
});

test('host lines, including user@host:port, are plain', (t) => {
  t.is(detectFormat(file('# hosts', 'root@a:2222 manager', 'b'), 'x'), 'plain');
  t.is(detectFormat('a;rm\n', 'x'), 'plain');
});

test('an empty or comment-only file is rejected at line 1', (t) => {
  throwsInventory(t, () => detectFormat('', 'inv.yml'), 'inv.yml:1', /inventory is empty/);
  throwsInventory(t, () => detectFormat(file('  ', '# nothing', '; here'), 'inv.yml'), 'inv.yml:1', /inventory is empty/);
});

test('JSON that is not an inventory is an unknown format', (t) => {
  throwsInventory(t, () => detectFormat(file('', '{"name": "x", "version": 1}'), 'pkg.json'), 'pkg.json:2', /cannot tell the inventory format: it is JSON but/);
});

test('a JSON array is an unknown format', (t) => {
  throwsInventory(t, () => detectFormat('["a", "b"]', 'x.json'), 'x.json:1', /cannot tell the inventory format.*no \[group\] section/);
});

test('binary content is an unknown format, located at the offending line', (t) => {
  throwsInventory(t, () => detectFormat('a\nb\u0000c\n', 'x.bin'), 'x.bin:2', /cannot tell the inventory format: it contains control characters/);
});

test('a YAML inventory with a flow list on a line of its own is still yaml', (t) => {
  t.is(detectFormat(file('all:', '  vars:', '    tags:', '      [web]', '  hosts:', '    a:'), 'x'), 'yaml');
});
