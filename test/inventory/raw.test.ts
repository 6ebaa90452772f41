import test from 'ava';
import { declareHost, newInventory, setVar, show, type VarMap } from '../../src/inventory/raw.js';
import { throwsInventory } from './helpers.js';

const where = (line: number) => `f:${line}`;

test('show quotes values and escapes newlines so messages stay on one line', (t) => {
  t.is(show('a\nb'), '"a\\nb"');
  t.is(show('a;rm'), '"a;rm"');
});

test('show shortens very long values', (t) => {
  t.is(show('x'.repeat(200)), JSON.stringify(`${'x'.repeat(57)}...`));
});

test('setVar accepts the same value twice but rejects a different one naming both lines', (t) => {
  const vars: VarMap = new Map();
  setVar(vars, 'k', 'v', 1, where, 'host "a"');
  setVar(vars, 'k', 'v', 2, where, 'host "a"');
  t.deepEqual(vars.get('k'), { value: 'v', line: 1 });
  throwsInventory(t, () => setVar(vars, 'k', 'w', 3, where, 'host "a"'), 'f:3', /host "a" sets k to "w" but f:1 set it to "v"; keep one/);
});

test('declareHost merges a host across groups but rejects it twice in one group', (t) => {
  const inv = newInventory();
  const first = declareHost(inv, 'g1', 'a', 1, where);
  t.is(declareHost(inv, 'g2', 'a', 2, where), first);
  t.deepEqual([...inv.groups.keys()], ['g1', 'g2']);
  throwsInventory(t, () => declareHost(inv, 'g1', 'a', 3, where), 'f:3', /host "a" is listed twice in group "g1" \(first at f:1\)/);
});
