import test from 'ava';
import { parseYamlTree } from '../../src/inventory/yaml-tree.js';
import type { Node } from '../../src/inventory/tree.js';
import { file, throwsInventory } from './helpers.js';

/** The tree as plain data, for deepEqual; vaulted values show as "<vault>". */
function plain(node: Node | null): unknown {
  if (node === null) return null;
  if (node.kind === 'scalar') return node.vault ? '<vault>' : node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries([...node.entries.values()].map((e) => [e.key, plain(e.value)]));
}

function entryLine(node: Node | null, ...path: string[]): number | undefined {
  let line: number | undefined;
  for (const key of path) {
    if (node?.kind !== 'map') return undefined;
    const entry = node.entries.get(key);
    line = entry?.line;
    node = entry?.value ?? null;
  }
  return line;
}

test('nested block mappings parse into nested objects with scalars as strings', (t) => {
  const text = file('all:', '  hosts:', '    a:', '      ansible_port: 2222', '  vars:', '    x: y');
  t.deepEqual(plain(parseYamlTree(text)), { all: { hosts: { a: { ansible_port: '2222' } }, vars: { x: 'y' } } });
});

test('every entry remembers its 1-based line, also inside flow mappings', (t) => {
  const root = parseYamlTree(file('# comment', 'all:', '  hosts:', '', '    a:', '    b: {ansible_host: 10.0.0.5,', '        ansible_port: 22}'));
  t.is(entryLine(root, 'all'), 2);
  t.is(entryLine(root, 'all', 'hosts'), 3);
  t.is(entryLine(root, 'all', 'hosts', 'a'), 5);
  t.is(entryLine(root, 'all', 'hosts', 'b', 'ansible_host'), 6);
  t.is(entryLine(root, 'all', 'hosts', 'b', 'ansible_port'), 7);
});

test('flow mappings and flow lists are read', (t) => {
  t.deepEqual(plain(parseYamlTree(file('b1: {ansible_host: 10.0.0.5, tags: [a, "b c"]}', 'e: {}', 'l: []'))),
    { b1: { ansible_host: '10.0.0.5', tags: ['a', 'b c'] }, e: {}, l: [] });
});

test('numbers and booleans keep the spelling of the file', (t) => {
  t.deepEqual(plain(parseYamlTree(file('a: 0022', 'b: yes', 'c: True', 'd: 1e3', 'e: 2.50'))), { a: '0022', b: 'yes', c: 'True', d: '1e3', e: '2.50' });
});

test('anchors and aliases repeat a value', (t) => {
  t.deepEqual(plain(parseYamlTree(file('a: &u deploy', 'b: *u', 'c: &m {x: 1}', 'd: *m'))), { a: 'deploy', b: 'deploy', c: { x: '1' }, d: { x: '1' } });
});

test('merge keys copy a mapping in; keys written in the mapping win, then the first merged mapping', (t) => {
  const text = file(
    'defaults: &d {ansible_user: deploy, ansible_port: 22}',
    'other: &o {ansible_port: 2200, zone: eu}',
    'h1:',
    '  <<: *d',
    '  ansible_port: 2222',
    'h2: {<<: [*d, *o]}',
  );
  t.deepEqual(plain(parseYamlTree(text)), {
    defaults: { ansible_user: 'deploy', ansible_port: '22' },
    other: { ansible_port: '2200', zone: 'eu' },
    h1: { ansible_port: '2222', ansible_user: 'deploy' },
    h2: { ansible_user: 'deploy', ansible_port: '22', zone: 'eu' },
  });
});

test('a merge key on something other than a mapping is refused at its line', (t) => {
  throwsInventory(t, () => parseYamlTree(file('a: &s text', 'b:', '  <<: *s'), 'i.yml'), 'i.yml:3', /a merge key "<<" takes an alias of a mapping/);
});

test('literal and folded block scalars are read', (t) => {
  t.deepEqual(plain(parseYamlTree(file('a: |', '  line 1', '  line 2', 'b: >-', '  folded', '  text', 'c: x'))), { a: 'line 1\nline 2\n', b: 'folded text', c: 'x' });
});

test('quoted keys may contain colons and spaces, and quoted values keep #', (t) => {
  t.deepEqual(plain(parseYamlTree(file('"a: b": 1', "'c d': 'it''s # not a comment'  # a comment"))), { 'a: b': '1', 'c d': "it's # not a comment" });
});

test('tilde, null and an empty value all parse as null', (t) => {
  t.deepEqual(plain(parseYamlTree(file('a: ~', 'b: null', 'c:', 'd: NULL'))), { a: null, b: null, c: null, d: null });
});

test('an empty document or one with only --- is null', (t) => {
  t.is(parseYamlTree(''), null);
  t.is(parseYamlTree(file('---', '# nothing')), null);
});

test('a duplicate key is refused at the second line, naming the first', (t) => {
  throwsInventory(t, () => parseYamlTree(file('all:', '  hosts:', '    a:', '    b:', '    a:'), 'i.yml'), 'i.yml:5', /duplicate key "a" \(first at line 3\); remove one/);
  throwsInventory(t, () => parseYamlTree(file('h: {x: 1,', '  x: 2}'), 'i.yml'), 'i.yml:2', /duplicate key "x" \(first at line 1\)/);
});

test('an alias bomb is refused as expanding too much, quickly', (t) => {
  const rows = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= 9; i++) rows.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  const started = Date.now();
  throwsInventory(t, () => parseYamlTree(file(...rows), 'bomb.yml'), 'bomb.yml:1', /expands too much through anchors and aliases/);
  t.true(Date.now() - started < 2000);
});

test('!vault values are opaque scalars', (t) => {
  const root = parseYamlTree(file('pw: !vault |', '  $ANSIBLE_VAULT;1.1;AES256', '  6162', 'user: deploy'));
  t.deepEqual(plain(root), { pw: '<vault>', user: 'deploy' });
});

test('YAML syntax errors surface with their line and a readable message', (t) => {
  throwsInventory(t, () => parseYamlTree(file('all:', '  hosts:', '\ta:'), 'i.yml'), 'i.yml:3', /tab used for indentation/);
  throwsInventory(t, () => parseYamlTree(file('a: 1', "b: 'open", 'c: 2'), 'i.yml'), 'i.yml:2', /unterminated quoted string: add the closing '/);
  throwsInventory(t, () => parseYamlTree(file('a: 1', '---', 'b: 2'), 'i.yml'), 'i.yml:2', /a second YAML document/);
  throwsInventory(t, () => parseYamlTree(file('a: [1, 2', 'b: 3'), 'i.yml'), 'i.yml:2', /invalid YAML/);
});

test('an alias to an undefined anchor is refused', (t) => {
  throwsInventory(t, () => parseYamlTree(file('a: *nope'), 'i.yml'), 'i.yml:1', /nope/);
});

test('complex keys are refused', (t) => {
  throwsInventory(t, () => parseYamlTree(file('? [a, b]', ': 1'), 'i.yml'), 'i.yml:1', /a mapping key must be a plain name/);
});
