import test from 'ava';
import { redactPair } from '../../src/report/redact-pair.js';
import { richPair } from './diff-fixtures.js';

test('two results redacted together give each host one placeholder in both, and keep every list whole', (t) => {
  const [older, newer] = richPair();
  const [a, b] = redactPair(older, newer);
  t.deepEqual(a.hosts.map((h) => h.id), ['host-1', 'host-2', 'host-3', 'host-4', 'host-5']);
  t.deepEqual(b.hosts.map((h) => h.id), ['host-1', 'host-2', 'host-3', 'host-4', 'host-5', 'host-6']);
  t.deepEqual([a.probes.length, a.findings.length, a.causes?.length], [older.probes.length, older.findings.length, older.causes?.length]);
  t.deepEqual([b.probes.length, b.findings.length, b.causes?.length], [newer.probes.length, newer.findings.length, newer.causes?.length]);
  t.is(a.hosts[2].address, b.hosts[2].address, 'the same address placeholder too');
  t.deepEqual([a.options, b.options].map((o) => o.dataPathPort), [4789, 4789]);
  t.deepEqual([a.startedAt, b.startedAt], [older.startedAt, newer.startedAt]);
  t.notRegex(JSON.stringify([a, b]), /"n[1-6]"|\bn[1-6]\b|198\.18\./);
});

test('a host added in the new run gets the next placeholder after the old run\'s hosts', (t) => {
  const [older, newer] = richPair();
  newer.hosts.reverse();
  const [, b] = redactPair(older, newer);
  t.is(b.hosts[0].id, 'host-6', 'n6, new, comes after n1..n5 whatever its place in the new inventory');
});

test('a result without causes stays without them', (t) => {
  const [older, newer] = richPair();
  delete older.causes;
  const [a, b] = redactPair(older, newer);
  t.false('causes' in a);
  t.is(b.causes?.length, newer.causes?.length);
});
