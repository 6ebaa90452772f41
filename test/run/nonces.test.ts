import test from 'ava';
import { nonceSource } from '../../src/run/nonces.js';

test('nonces are 16 hex digits and all different, also past the expected count', (t) => {
  const next = nonceSource(100);
  const all = Array.from({ length: 1000 }, next);
  t.true(all.every((n) => /^[0-9a-f]{16}$/.test(n)));
  t.is(new Set(all).size, all.length);
});

test('two sources give different nonces', (t) => {
  t.not(nonceSource(1)(), nonceSource(1)());
});

test('a source sized for nothing still gives nonces', (t) => {
  const next = nonceSource(0);
  t.regex(next(), /^[0-9a-f]{16}$/);
  t.regex(next(), /^[0-9a-f]{16}$/);
});
