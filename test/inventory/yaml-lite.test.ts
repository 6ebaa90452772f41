import test from 'ava';
import { parseYaml } from '../../src/inventory/yaml-lite.js';
import type { Node } from '../../src/inventory/tree.js';
import { file, throwsInventory } from './helpers.js';

/** The tree as plain data, for deepEqual. */
function plain(node: Node | null): unknown {
  if (node === null) return null;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries([...node.entries.values()].map((e) => [e.key, plain(e.value)]));
}

test('nested block mappings parse into nested objects', (t) => {
  const text = file('all:', '  hosts:', '    a:', '      ansible_port: 2222', '  vars:', '    x: y');
  t.deepEqual(plain(parseYaml(text)), { all: { hosts: { a: { ansible_port: '2222' } }, vars: { x: 'y' } } });
});

test('every entry remembers its 1-based line', (t) => {
  const root = parseYaml(file('# comment', 'all:', '  hosts:', '', '    a:'));
  if (root?.kind !== 'map') return t.fail('root is not a mapping');
  const all = root.entries.get('all')!;
  t.is(all.line, 2);
  if (all.value.kind !== 'map') return t.fail('all is not a mapping');
  const hosts = all.value.entries.get('hosts')!;
  t.is(hosts.line, 3);
  if (hosts.value.kind !== 'map') return t.fail('hosts is not a mapping');
  t.is(hosts.value.entries.get('a')!.line, 5);
});

test('single-quoted strings keep # and unescape doubled quotes', (t) => {
  t.deepEqual(plain(parseYaml("a: 'it''s # not a comment'  # a comment")), { a: "it's # not a comment" });
});

test('double-quoted strings decode escapes', (t) => {
  t.deepEqual(plain(parseYaml('a: "x\\ty\\n\\u00e9\\"\\\\"')), { a: 'x\ty\n\u00e9"\\' });
});

test('quoted keys may contain colons and spaces', (t) => {
  t.deepEqual(plain(parseYaml('"a: b": 1\n\'c d\': 2')), { 'a: b': '1', 'c d': '2' });
});

test('tilde, null and an empty value all parse as null', (t) => {
  t.deepEqual(plain(parseYaml(file('a: ~', 'b: null', 'c:', 'd: NULL', 'e: # nothing'))), { a: null, b: null, c: null, d: null, e: null });
});

test('comments, blank lines, a leading --- and a closing ... are ignored', (t) => {
  t.deepEqual(plain(parseYaml(file('---', '# top', '', 'a: 1 # trailing', '  # indented comment', 'b: x#y', '...'))), { a: '1', b: 'x#y' });
});

test('plain values keep colons that are not followed by a space', (t) => {
  t.deepEqual(plain(parseYaml('host: fe80::1\nurl: http://x:80/')), { host: 'fe80::1', url: 'http://x:80/' });
});

test('block sequences parse, including "- key: value" items and lists at the key indentation', (t) => {
  const text = file('a:', '  - one', '  - two', 'b:', '- k: v', '  k2: v2', '-', '  - nested');
  t.deepEqual(plain(parseYaml(text)), { a: ['one', 'two'], b: [{ k: 'v', k2: 'v2' }, ['nested']] });
});

test('{} and [] parse as an empty mapping and an empty list', (t) => {
  t.deepEqual(plain(parseYaml('a: {}\nb: []')), { a: {}, b: [] });
});

test('CRLF line endings and a byte-order mark are accepted', (t) => {
  t.deepEqual(plain(parseYaml('\uFEFFa:\r\n  b: c\r\n')), { a: { b: 'c' } });
});

test('a document of only comments parses as null', (t) => {
  t.is(parseYaml(file('# nothing', '---', '')), null);
});

test('a tab used for indentation is rejected with its line', (t) => {
  throwsInventory(t, () => parseYaml(file('all:', '  hosts:', '\ta:'), 'inv.yml'), 'inv.yml:3', /tab used for indentation/);
});

test('an unterminated quote is rejected with its line', (t) => {
  throwsInventory(t, () => parseYaml(file('a:', '  b: "oops', '  c: d'), 'inv.yml'), 'inv.yml:2', /unterminated quoted string/);
  throwsInventory(t, () => parseYaml("x: 'it", 'inv.yml'), 'inv.yml:1', /closing '/);
});

test('a duplicate key is rejected naming both lines', (t) => {
  throwsInventory(t, () => parseYaml(file('a:', '  b: 1', '  b: 2'), 'inv.yml'), 'inv.yml:3', /duplicate key "b" \(first at line 2\)/);
});

test('inconsistent indentation is rejected with its line', (t) => {
  throwsInventory(t, () => parseYaml(file('a:', '    b: 1', '  c: 2'), 'inv.yml'), 'inv.yml:3', /indentation/);
  throwsInventory(t, () => parseYaml(file('a: 1', '  b: 2'), 'inv.yml'), 'inv.yml:2', /already has a value/);
});

test('a line that is not "key: value" inside a mapping is rejected', (t) => {
  throwsInventory(t, () => parseYaml(file('a: 1', 'just words'), 'inv.yml'), 'inv.yml:2', /expected "key: value"/);
});

test('text after a closing quote is rejected', (t) => {
  throwsInventory(t, () => parseYaml('a: "x" y', 'inv.yml'), 'inv.yml:1', /after the closing quote/);
});

test('unsupported YAML features are rejected instead of guessed', (t) => {
  throwsInventory(t, () => parseYaml('a: {b: 1}', 'f.yml'), 'f.yml:1', /flow style/);
  throwsInventory(t, () => parseYaml('a: |\n  text', 'f.yml'), 'f.yml:1', /block scalars/);
  throwsInventory(t, () => parseYaml('a: &x 1', 'f.yml'), 'f.yml:1', /anchors/);
  throwsInventory(t, () => parseYaml('a: `id`', 'f.yml'), 'f.yml:1', /cannot start with "`"/);
  throwsInventory(t, () => parseYaml(file('a: 1', '---', 'b: 2'), 'f.yml'), 'f.yml:2', /second YAML document/);
  throwsInventory(t, () => parseYaml('a: "\\q"', 'f.yml'), 'f.yml:1', /unknown escape/);
});

test('absurdly deep nesting is rejected rather than exhausting the stack', (t) => {
  const text = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
  throwsInventory(t, () => parseYaml(text, 'deep.yml'), 'deep.yml:66', /nesting deeper than 64/);
});
