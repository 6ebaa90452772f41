import test from 'ava';
import { expandHostPattern, MAX_RANGE_HOSTS } from '../../src/inventory/ranges.js';

test('a plain name expands to itself', (t) => {
  t.deepEqual(expandHostPattern('web1'), { names: ['web1'] });
});

test('a numeric range keeps zero padding', (t) => {
  t.deepEqual(expandHostPattern('node[08:11]').names, ['node08', 'node09', 'node10', 'node11']);
  t.deepEqual(expandHostPattern('node[8:11]').names, ['node8', 'node9', 'node10', 'node11']);
});

test('a letter range and a range in the middle of a name', (t) => {
  t.deepEqual(expandHostPattern('db-[a:c].eu').names, ['db-a.eu', 'db-b.eu', 'db-c.eu']);
});

test('a step skips values', (t) => {
  t.deepEqual(expandHostPattern('n[1:10:3]').names, ['n1', 'n4', 'n7', 'n10']);
  t.deepEqual(expandHostPattern('n[a:e:2]').names, ['na', 'nc', 'ne']);
});

test('an empty start counts from 0', (t) => {
  t.deepEqual(expandHostPattern('n[:2]').names, ['n0', 'n1', 'n2']);
});

test('several ranges in one name multiply', (t) => {
  t.deepEqual(expandHostPattern('r[1:2]-n[a:b]').names, ['r1-na', 'r1-nb', 'r2-na', 'r2-nb']);
});

test('a :PORT suffix is split off, also after a range', (t) => {
  t.deepEqual(expandHostPattern('web1:2222'), { names: ['web1'], port: '2222' });
  t.deepEqual(expandHostPattern('web[1:2]:2200'), { names: ['web1', 'web2'], port: '2200' });
  t.deepEqual(expandHostPattern('2001:db8::1').names, ['2001:db8::1']);
});

test('bad ranges are refused with what is wrong', (t) => {
  t.throws(() => expandHostPattern('n[5:1]'), { message: /bad host range \[5:1\] in "n\[5:1\]": 5 is greater than 1/ });
  t.throws(() => expandHostPattern('n[01:100]'), { message: /zero-padded range needs a start and end of the same width/ });
  t.throws(() => expandHostPattern('n[1:x]'), { message: /numeric or single letters/ });
  t.throws(() => expandHostPattern('n[1:]'), { message: /the end is missing/ });
  t.throws(() => expandHostPattern('n[1:5:0]'), { message: /the step must be a whole number from 1/ });
  t.throws(() => expandHostPattern('n[1]'), { message: /expected start:end/ });
  t.throws(() => expandHostPattern('n[1:3'), { message: /no closing "\]"/ });
  t.throws(() => expandHostPattern('n1:3]'), { message: /"\]" without "\["/ });
});

test('an expansion beyond the cap is refused without building it', (t) => {
  t.throws(() => expandHostPattern('n[0:999999999]'), { message: new RegExp(`more than ${MAX_RANGE_HOSTS} hosts`) });
  t.throws(() => expandHostPattern('n[1:200]-[1:200]'), { message: /expands to 40000 hosts, more than/ });
  t.is(expandHostPattern(`n[1:${MAX_RANGE_HOSTS}]`).names.length, MAX_RANGE_HOSTS);
});
