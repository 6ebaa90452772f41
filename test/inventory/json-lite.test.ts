import test from 'ava';
import { parseJson } from '../../src/inventory/json-lite.js';
import { file, throwsInventory } from './helpers.js';

test('objects, arrays, strings, numbers, booleans and null parse with their lines', (t) => {
  const root = parseJson(file('{', '  "a": [1, true, null],', '  "b": "x\\n\\u0041"', '}'));
  if (root.kind !== 'map') return t.fail('root is not an object');
  const a = root.entries.get('a')!;
  t.is(a.line, 2);
  t.deepEqual(a.value.kind === 'seq' ? a.value.items.map((i) => (i.kind === 'scalar' ? i.value : i.kind)) : [], ['1', 'true', null]);
  const b = root.entries.get('b')!;
  t.is(b.line, 3);
  t.deepEqual(b.value, { kind: 'scalar', value: 'x\nA', line: 3 });
});

test('a syntax error is reported with its line', (t) => {
  throwsInventory(t, () => parseJson(file('{', '  "a": 1', '  "b": 2', '}'), 'inv.json'), 'inv.json:3', /invalid JSON: expected "," or "}"/);
});

test('a duplicate key, which JSON.parse would silently drop, is rejected naming both lines', (t) => {
  throwsInventory(t, () => parseJson(file('{', '"a": 1,', '"a": 2', '}'), 'inv.json'), 'inv.json:3', /duplicate key "a" \(first at line 2\)/);
});

test('a raw newline inside a string and an unterminated string are rejected', (t) => {
  throwsInventory(t, () => parseJson('{"a": "x\ny"}', 'inv.json'), 'inv.json:1', /raw control character/);
  throwsInventory(t, () => parseJson('{"a": "x', 'inv.json'), 'inv.json:1', /unterminated string/);
});

test('trailing content after the value is rejected', (t) => {
  throwsInventory(t, () => parseJson('{}\n{}', 'inv.json'), 'inv.json:2', /after the end/);
});

test('absurdly deep nesting is rejected rather than exhausting the stack', (t) => {
  throwsInventory(t, () => parseJson('['.repeat(10000), 'deep.json'), 'deep.json:1', /nesting deeper/);
});
